//! What the exchange screens ask of the station, in view-model terms.

use crate::tui::exchange::view::*;
use std::path::Path;

pub trait ExchangePort {
    fn media_bundles(&mut self, dir: &Path) -> Result<Vec<MediaBundle>, String>;
    fn preview_bundle(&mut self, path: &Path) -> Result<BundlePreview, String>;
    /// Imports one bundle, all or nothing, reporting progress as it goes. `progress` returns false
    /// to cancel: the import then stops and changes nothing.
    fn import_bundle(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<String, String>;
    /// Partner stations this user may export to.
    fn partners(&mut self) -> Result<Vec<String>, String>;
    /// Writes everything due to `partner` as one bundle in `dir`; Ok is the sentence to show.
    fn export_to(&mut self, partner: &str, dir: &Path) -> Result<String, String>;
    fn exchange_log(&mut self) -> Result<Vec<ExchangeLogRow>, String>;
}
