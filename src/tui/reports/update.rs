//! The reports screen's state, and how actions change it: the figures of the period last asked
//! for, and the small form that asks for another. The figures are the station's; this only shows
//! its answer.

use crate::domain::policy::{allows, Permission};
use crate::domain::role::Role;
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::components::form::{FormPurpose, FormState};
use crate::tui::reports::view::ReportView;
use crate::tui::view::{ActionForm, FieldKind, FormField};

#[derive(Debug, Default)]
pub struct ReportsState {
    /// The figures shown, once the station answered.
    pub view: Option<ReportView>,
    /// Why there are no figures (a refusal on opening or refreshing).
    pub error: Option<String>,
    /// The bounds last accepted (`YYYY-MM`); `None` is the station's default.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Whether the dashboard offers the reports to `role`: the policy table decides.
pub fn offered(role: Role) -> bool {
    allows(role, Permission::ViewStatistics)
}

/// A bound as typed: blank means "the station's default".
fn bound(values: &[(String, String)], key: &str) -> Option<String> {
    values
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

impl App {
    pub(crate) fn open_reports(&mut self) {
        self.go(Screen::Reports);
        self.refresh_reports();
    }

    /// Asks again for the period shown; a refusal replaces the figures with its sentence.
    pub(crate) fn refresh_reports(&mut self) {
        let r = &mut self.reports;
        match self.port.report(r.from.clone(), r.to.clone()) {
            Ok(view) => {
                r.view = Some(view);
                r.error = None;
            }
            Err(e) => {
                r.view = None;
                r.error = Some(e);
            }
        }
    }

    pub(crate) fn on_reports(&mut self, action: Action) {
        match action {
            Action::Period => {
                let field = |key: &str, label: &str| FormField {
                    key: key.to_string(),
                    label: self.text.get(label),
                    required: false,
                    kind: FieldKind::Text,
                };
                let form = ActionForm {
                    key: String::new(),
                    label: self.text.get("reports-period-title"),
                    fields: vec![
                        field("from", "reports-period-from"),
                        field("to", "reports-period-to"),
                    ],
                };
                self.form = Some(FormState::new(FormPurpose::Period, form));
            }
            Action::Refresh => self.refresh(),
            Action::Back => self.back(),
            _ => {}
        }
    }

    /// The period form's bounds go to the station; figures close the form, a refusal stays in it.
    pub(crate) fn submit_period(&mut self, values: &[(String, String)]) {
        let (from, to) = (bound(values, "from"), bound(values, "to"));
        match self.port.report(from.clone(), to.clone()) {
            Ok(view) => {
                self.form = None;
                self.reports = ReportsState {
                    view: Some(view),
                    error: None,
                    from,
                    to,
                };
            }
            Err(e) => {
                if let Some(form) = self.form.as_mut() {
                    form.error = Some(e);
                }
            }
        }
    }
}
