//! The fake station's answers to the exchange port: synthetic, fixed.

use crate::tui::exchange::port::ExchangePort;
use crate::tui::exchange::view::*;
use crate::tui::fake::FakeStation;
use std::path::Path;

impl ExchangePort for FakeStation {
    fn media_bundles(&mut self, _dir: &Path) -> Result<Vec<MediaBundle>, String> {
        Ok(self.bundles.clone())
    }
    fn preview_bundle(&mut self, path: &Path) -> Result<BundlePreview, String> {
        let b = self
            .bundles
            .iter()
            .find(|b| b.path == path)
            .ok_or_else(|| "The bundle is no longer on the media.".to_string())?;
        Ok(BundlePreview {
            file_name: b.file_name.clone(),
            from_station: "DE-BAMF".into(),
            to_station: "IQ-MOMD-BGD".into(),
            created: "2026-11-20 09:41 UTC".into(),
            records: vec![
                ("readmission application".into(), 14),
                ("check result".into(), 3),
            ],
            verdict: "Signed by DE-BAMF, a trusted partner; addressed to this station.".into(),
            importable: true,
        })
    }
    fn import_bundle(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<String, String> {
        for done in 0..=4 {
            if !progress(ImportProgress { done, total: 4 }) {
                return Err("The import was cancelled; nothing changed.".into());
            }
        }
        self.journal.borrow_mut().imported.push(path.to_path_buf());
        self.bundles.retain(|b| b.path != path);
        Ok("Imported 4 records from DE-BAMF.".into())
    }
    fn partners(&mut self) -> Result<Vec<String>, String> {
        Ok(vec!["DE-BAMF".into(), "FR-OFII".into()])
    }
    fn export_to(&mut self, partner: &str, _dir: &Path) -> Result<String, String> {
        self.journal.borrow_mut().exported.push(partner.to_string());
        Ok(format!("Exported 2 records to {partner}."))
    }
    fn exchange_log(&mut self) -> Result<Vec<ExchangeLogRow>, String> {
        Ok(vec![
            ExchangeLogRow {
                when: "2026-11-20 09:45".into(),
                direction: "in".into(),
                partner: "DE-BAMF".into(),
                file_name: "DE-BAMF_to_IQ-MOMD-BGD_20261119T120000Z.ercms".into(),
                records: 12,
                outcome: "imported".into(),
            },
            ExchangeLogRow {
                when: "2026-11-21 14:10".into(),
                direction: "out".into(),
                partner: "FR-OFII".into(),
                file_name: "IQ-MOMD-BGD_to_FR-OFII_20261121T141000Z.ercms".into(),
                records: 3,
                outcome: "exported".into(),
            },
        ])
    }
}
