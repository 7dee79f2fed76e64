//! The port: everything the screens ask of the station, in view-model terms. The service layer
//! implements it; tests use `fake::FakeStation`. Errors come back as one sentence for the status bar.

use super::admin::port::AdminPort;
use super::nrm::port::NrmPort;
use super::reports::port::ReportPort;
use super::view::{
    BundlePreview, CaseView, Dashboard, ExchangeLogRow, ImportProgress, MediaBundle, QueueRow,
    QueueView, SessionInfo,
};
use std::path::Path;

/// Extends `AdminPort`, `NrmPort` and `ReportPort`, so one port serves every screen.
pub trait StationPort: AdminPort + NrmPort + ReportPort {
    /// Opens the vault for this user. The error sentence never says which half was wrong.
    fn login(&mut self, user: &str, passphrase: &str) -> Result<SessionInfo, String>;
    /// Drops the unlocked keys; the next `login` opens them again.
    fn lock(&mut self);
    fn dashboard(&mut self) -> Dashboard;
    fn queue(&mut self, view: QueueView) -> Vec<QueueRow>;
    /// Proposals waiting for this supervisor's approval.
    fn approvals(&mut self) -> Vec<QueueRow>;
    fn case(&mut self, case_id: &str) -> Result<CaseView, String>;
    /// Runs one of the case's `actions` with the form's values; Ok is the sentence to show.
    fn perform(
        &mut self,
        case_id: &str,
        action_key: &str,
        fields: &[(String, String)],
    ) -> Result<String, String>;
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
    fn partners(&mut self) -> Vec<String>;
    /// Writes everything due to `partner` as one bundle in `dir`; Ok is the sentence to show.
    fn export_to(&mut self, partner: &str, dir: &Path) -> Result<String, String>;
    fn exchange_log(&mut self) -> Vec<ExchangeLogRow>;
}
