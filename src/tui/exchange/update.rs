//! The exchange screen's state and how actions change it: media, preview, import job, export, log.

use crate::domain::policy::{allows, Permission};
use crate::tui::action::Action;
use crate::tui::app::{App, Confirm, ConfirmThen, Job};
use crate::tui::components::form::{FormPurpose, FormState};
use crate::tui::components::table::ListNav;
use crate::tui::view::{ActionForm, FieldKind, FormField};

use crate::tui::exchange::view::{BundlePreview, ExchangeLogRow, ImportProgress, MediaBundle};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExchangeTab {
    #[default]
    Media,
    Log,
}

#[derive(Debug, Default)]
pub struct ExchangeState {
    pub tab: ExchangeTab,
    pub bundles: Vec<MediaBundle>,
    pub media_error: Option<String>,
    pub nav: ListNav,
    pub preview: Option<BundlePreview>,
    pub log: Vec<ExchangeLogRow>,
    pub log_error: Option<String>,
    pub log_nav: ListNav,
}

impl App {
    /// The exchange tabs this user may see.
    pub fn exchange_tabs(&self) -> Vec<ExchangeTab> {
        let role = self.session.as_ref().map(|s| s.role);
        let mut tabs = Vec::new();
        if role.is_some_and(|r| allows(r, Permission::ImportBundle)) {
            tabs.push(ExchangeTab::Media);
        }
        if role.is_some_and(|r| allows(r, Permission::ViewExchangeLog)) {
            tabs.push(ExchangeTab::Log);
        }
        tabs
    }

    pub(crate) fn refresh_exchange(&mut self) {
        let tabs = self.exchange_tabs();
        if !tabs.contains(&self.exchange.tab) {
            self.exchange.tab = tabs.first().copied().unwrap_or_default();
        }
        if tabs.contains(&ExchangeTab::Media) {
            match self.port.media_bundles(&self.media_dir) {
                Ok(bundles) => {
                    self.exchange.bundles = bundles;
                    self.exchange.media_error = None;
                }
                Err(e) => {
                    self.exchange.bundles.clear();
                    self.exchange.media_error = Some(e);
                }
            }
            self.exchange.nav.clamp(self.exchange.bundles.len());
            self.exchange.preview = None;
        }
        if tabs.contains(&ExchangeTab::Log) {
            match self.port.exchange_log() {
                Ok(log) => {
                    self.exchange.log = log;
                    self.exchange.log_error = None;
                }
                Err(e) => {
                    self.exchange.log.clear();
                    self.exchange.log_error = Some(e);
                }
            }
            self.exchange.log_nav.clamp(self.exchange.log.len());
        }
    }

    pub(crate) fn on_exchange(&mut self, action: Action) {
        let tabs = self.exchange_tabs();
        let x = &mut self.exchange;
        let moved = match x.tab {
            ExchangeTab::Media => {
                let moved = x.nav.apply(action, x.bundles.len(), self.page);
                if moved {
                    x.preview = None;
                }
                moved
            }
            ExchangeTab::Log => x.log_nav.apply(action, x.log.len(), self.page),
        };
        if moved {
            return;
        }
        let selected = if x.tab == ExchangeTab::Media {
            x.bundles.get(x.nav.selected).map(|b| b.path.clone())
        } else {
            None
        };
        match action {
            Action::NextTab | Action::PrevTab => {
                let at = tabs.iter().position(|t| *t == x.tab).unwrap_or(0);
                x.tab = tabs
                    .get((at + 1) % tabs.len().max(1))
                    .copied()
                    .unwrap_or_default();
            }
            Action::Open => {
                if let Some(path) = selected {
                    match self.port.preview_bundle(&path) {
                        Ok(p) => self.exchange.preview = Some(p),
                        Err(e) => self.complain(e),
                    }
                }
            }
            Action::Import => {
                if let Some(path) = selected {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    self.confirm = Some(Confirm {
                        question: self
                            .text
                            .with("confirm-import", &[("file", name.as_str().into())]),
                        then: ConfirmThen::Import(path),
                    });
                }
            }
            Action::Export if tabs.contains(&ExchangeTab::Media) => {
                let partners = match self.port.partners() {
                    Ok(partners) => partners,
                    Err(e) => {
                        self.complain(e);
                        return;
                    }
                };
                if partners.is_empty() {
                    self.complain(self.text.get("export-no-partners"));
                    return;
                }
                let form = ActionForm {
                    key: "export".to_string(),
                    label: self.text.get("export-title"),
                    fields: vec![FormField {
                        key: "partner".to_string(),
                        label: self.text.get("export-partner"),
                        required: true,
                        kind: FieldKind::Choice(partners),
                    }],
                };
                self.form = Some(FormState::new(FormPurpose::Export, form));
            }
            Action::Refresh => self.refresh(),
            Action::Back => self.back(),
            _ => {}
        }
    }

    /// Runs the waiting long job, if any, telling `progress` how far it got. The run loop draws
    /// the progress; tests pass a closure that records it.
    pub fn run_job(&mut self, progress: &mut dyn FnMut(ImportProgress) -> bool) {
        let Some(job) = self.job.take() else {
            return;
        };
        match job {
            Job::Import(path) => match self.port.import_bundle(&path, progress) {
                Ok(message) => {
                    self.say(message);
                    self.refresh();
                }
                Err(e) => self.complain(e),
            },
        }
    }
}
