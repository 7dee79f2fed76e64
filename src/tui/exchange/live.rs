//! The exchange port over the real service.

use crate::service::Direction;
use crate::tui::exchange::port::ExchangePort;
use crate::tui::exchange::view::*;
use crate::tui::live::{sentence, LiveStation};
use std::path::Path;

impl ExchangePort for LiveStation {
    fn media_bundles(&mut self, dir: &Path) -> Result<Vec<MediaBundle>, String> {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            let why = e.to_string();
            let folder = dir.display().to_string();
            self.text.with(
                "exchange-media-unreadable",
                &[("folder", folder.into()), ("why", why.into())],
            )
        })?;
        let mut out: Vec<MediaBundle> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "ercms"))
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                meta.is_file().then(|| MediaBundle {
                    file_name: e.file_name().to_string_lossy().into_owned(),
                    path: e.path(),
                    size_bytes: meta.len(),
                })
            })
            .collect();
        out.sort_by(|a, b| a.file_name.cmp(&b.file_name));
        Ok(out)
    }
    fn preview_bundle(&mut self, path: &Path) -> Result<BundlePreview, String> {
        let station = self.station.id().to_string();
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match self.session()?.preview_bundle(path) {
            Ok(p) => Ok(BundlePreview {
                file_name,
                verdict: if p.already_imported {
                    self.text.with(
                        "exchange-verdict-imported",
                        &[
                            ("sender", p.sender.to_string().into()),
                            ("name", p.sender_name.to_string().into()),
                        ],
                    )
                } else {
                    self.text.with(
                        "exchange-verdict-trusted",
                        &[
                            ("sender", p.sender.to_string().into()),
                            ("name", p.sender_name.to_string().into()),
                            ("content", p.content.to_string().into()),
                        ],
                    )
                },
                importable: !p.already_imported,
                from_station: p.sender,
                to_station: station,
                created: p.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                records: vec![(p.content, p.records as usize)],
            }),
            // A bundle that fails a check is still shown, with the reason instead of its contents.
            Err(e) => Ok(BundlePreview {
                file_name,
                from_station: String::new(),
                to_station: station,
                created: String::new(),
                records: vec![],
                verdict: e.to_string(),
                importable: false,
            }),
        }
    }
    fn import_bundle(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<String, String> {
        let now = self.now();
        let outcome = self
            .session()?
            .import_bundle_reporting(path, now, None, &mut |step| {
                progress(ImportProgress {
                    done: step.done as usize,
                    total: step.total as usize,
                })
            })
            .map_err(|e| e.to_string())?;
        let mut said = self.text.with(
            "exchange-imported",
            &[
                ("content", outcome.content.to_string().into()),
                ("sender", outcome.sender.to_string().into()),
                ("summary", outcome.summary.to_string().into()),
            ],
        );
        if let Some(gap) = outcome.sequence_gap {
            said.push(' ');
            said.push_str(
                &self
                    .text
                    .with("exchange-sequence-gap", &[("gap", gap.to_string().into())]),
            );
        }
        if let Some(warning) = outcome.checkpoint_warning {
            said.push(' ');
            said.push_str(&self.text.with(
                "exchange-checkpoint-warning",
                &[("warning", warning.to_string().into())],
            ));
        }
        Ok(said)
    }
    fn partners(&mut self) -> Result<Vec<String>, String> {
        let partners = self.session()?.list_partners().map_err(sentence)?;
        Ok(partners.into_iter().map(|p| p.station).collect())
    }
    fn export_to(&mut self, partner: &str, dir: &Path) -> Result<String, String> {
        let now = self.now();
        let written = self
            .session()?
            .export_to(partner, dir, now)
            .map_err(|e| e.to_string())?;
        Ok(match written.as_slice() {
            [] => self
                .text
                .with("exchange-nothing-due", &[("partner", partner.into())]),
            bundles => {
                let records: u64 = bundles.iter().map(|b| b.records).sum();
                self.text.with(
                    "exchange-exported",
                    &[
                        ("bundles", bundles.len().into()),
                        ("records", records.into()),
                        ("partner", partner.into()),
                    ],
                )
            }
        })
    }
    fn exchange_log(&mut self) -> Result<Vec<ExchangeLogRow>, String> {
        let log = self.session()?.exchange_log().map_err(sentence)?;
        Ok(log
            .into_iter()
            .map(|e| ExchangeLogRow {
                when: e.at.format("%Y-%m-%d %H:%M").to_string(),
                direction: match e.direction {
                    Direction::Received => "in".into(),
                    Direction::Sent => "out".into(),
                    Direction::Rejected => "rejected".into(),
                },
                partner: e.partner.unwrap_or_default(),
                file_name: e.file,
                records: e.records as usize,
                outcome: match e.acknowledged_at {
                    Some(at) => format!("{} (receipt {})", e.summary, at.format("%Y-%m-%d")),
                    None => e.summary,
                },
            })
            .collect())
    }
}
