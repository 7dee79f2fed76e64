//! The case screens' state and how actions change it: queues, the case page and its actions,
//! approvals.

use crate::tui::action::Action;
use crate::tui::app::{App, Confirm, ConfirmThen, Screen};
use crate::tui::components::filter;
use crate::tui::components::form::{FormPurpose, FormState};
use crate::tui::components::table::ListNav;
use crate::tui::view::ActionForm;
use tui_input::Input;

use crate::tui::cases::view::{CaseView, QueueRow, QueueView};

#[derive(Debug)]
pub struct QueueState {
    pub view: QueueView,
    pub rows: Vec<QueueRow>,
    /// Positions in `rows` that pass the filter, in urgency order.
    pub shown: Vec<usize>,
    pub filter: Input,
    pub filtering: bool,
    pub nav: ListNav,
    /// Why the station could not list the cases; shown in place of the rows.
    pub error: Option<String>,
}

impl Default for QueueState {
    fn default() -> Self {
        QueueState {
            view: QueueView::All,
            rows: Vec::new(),
            shown: Vec::new(),
            filter: Input::default(),
            filtering: false,
            nav: ListNav::default(),
            error: None,
        }
    }
}

impl QueueState {
    /// Takes the station's answer: the rows, or why there are none to show.
    pub fn set(&mut self, answer: Result<Vec<QueueRow>, String>) {
        match answer {
            Ok(rows) => {
                self.error = None;
                self.set_rows(rows);
            }
            Err(e) => {
                self.error = Some(e);
                self.set_rows(Vec::new());
            }
        }
    }

    /// Takes new rows: most urgent first, then fewest days left, then by reference.
    pub fn set_rows(&mut self, mut rows: Vec<QueueRow>) {
        rows.sort_by(|a, b| {
            (a.urgency, a.days_left.unwrap_or(i64::MAX), &a.reference).cmp(&(
                b.urgency,
                b.days_left.unwrap_or(i64::MAX),
                &b.reference,
            ))
        });
        self.rows = rows;
        self.refilter();
    }

    pub fn refilter(&mut self) {
        let keys = self.rows.iter().map(|r| r.search_keys.as_slice());
        self.shown = filter::matching(keys, self.filter.value());
        self.nav.clamp(self.shown.len());
    }

    pub fn selected(&self) -> Option<&QueueRow> {
        self.shown
            .get(self.nav.selected)
            .and_then(|&i| self.rows.get(i))
    }
}

/// The case detail's tabs, in order.
pub const CASE_TABS: [&str; 8] = [
    "tab-person",
    "tab-evidence",
    "tab-checks",
    "tab-decision",
    "tab-travel",
    "tab-transfer",
    "tab-referrals",
    "tab-audit",
];

#[derive(Debug, Default)]
pub struct CaseState {
    pub view: Option<CaseView>,
    pub tab: usize,
    pub scroll: usize,
    /// The open list of actions, when the user pressed `a`.
    pub menu: Option<ListNav>,
}

impl App {
    pub(crate) fn on_queue(&mut self, action: Action) {
        let q = &mut self.queue;
        if q.nav.apply(action, q.shown.len(), self.page) {
            return;
        }
        match action {
            Action::Filter => q.filtering = true,
            Action::Edit(request) if q.filter.handle(request).is_some_and(|c| c.value) => {
                q.refilter();
            }
            Action::Submit => q.filtering = false,
            Action::Back if q.filtering => q.filtering = false,
            Action::Back if !q.filter.value().is_empty() => {
                q.filter.reset();
                q.refilter();
            }
            Action::Back => self.back(),
            Action::NextTab | Action::PrevTab => {
                let views = QueueView::ALL;
                let at = views.iter().position(|v| *v == q.view).unwrap_or(0);
                let next = if action == Action::NextTab {
                    (at + 1) % views.len()
                } else {
                    (at + views.len() - 1) % views.len()
                };
                q.view = views[next];
                q.nav = ListNav::default();
                self.refresh();
            }
            Action::Refresh => self.refresh(),
            Action::Open => {
                if let Some(id) = q.selected().map(|r| r.case_id.clone()) {
                    self.show_case(&id);
                }
            }
            _ => {}
        }
    }

    /// Opens a case from a list; on failure the list stays and the status bar says why.
    pub(crate) fn show_case(&mut self, case_id: &str) {
        if self.open_case(case_id) {
            self.go(Screen::Case);
        }
    }

    pub(crate) fn open_case(&mut self, case_id: &str) -> bool {
        match self.port.case(case_id) {
            Ok(view) => {
                let same = self
                    .case
                    .view
                    .as_ref()
                    .is_some_and(|v| v.case_id == view.case_id);
                if !same {
                    self.case.tab = 0;
                    self.case.scroll = 0;
                }
                self.case.view = Some(view);
                true
            }
            Err(e) => {
                self.complain(e);
                false
            }
        }
    }

    pub(crate) fn case_actions(&self) -> &[ActionForm] {
        self.case
            .view
            .as_ref()
            .map_or(&[], |v| v.actions.as_slice())
    }

    pub(crate) fn on_case(&mut self, action: Action) {
        if let Some(mut menu) = self.case.menu {
            let len = self.case_actions().len();
            if menu.apply(action, len, self.page) {
                self.case.menu = Some(menu);
                return;
            }
            match action {
                Action::Back => self.case.menu = None,
                Action::Open => {
                    self.case.menu = None;
                    self.start_action(menu.selected);
                }
                _ => {}
            }
            return;
        }
        match action {
            Action::NextTab => {
                self.case.tab = (self.case.tab + 1) % CASE_TABS.len();
                self.case.scroll = 0;
            }
            Action::PrevTab => {
                self.case.tab = (self.case.tab + CASE_TABS.len() - 1) % CASE_TABS.len();
                self.case.scroll = 0;
            }
            Action::Up => self.case.scroll = self.case.scroll.saturating_sub(1),
            Action::Down => self.case.scroll += 1,
            Action::PageUp => self.case.scroll = self.case.scroll.saturating_sub(self.page),
            Action::PageDown => self.case.scroll += self.page,
            Action::Actions => {
                if self.case_actions().is_empty() {
                    self.complain(self.text.get("case-no-actions"));
                } else {
                    self.case.menu = Some(ListNav::default());
                }
            }
            Action::Refresh => self.refresh(),
            Action::Back => self.back(),
            _ => {}
        }
    }

    /// Opens the form of the case's n-th action, or asks to confirm one without fields.
    pub(crate) fn start_action(&mut self, n: usize) {
        let Some(view) = self.case.view.as_ref() else {
            return;
        };
        let Some(form) = view.actions.get(n).cloned() else {
            return;
        };
        let case_id = view.case_id.clone();
        if form.fields.is_empty() {
            let question = self.text.with(
                "confirm-action",
                &[
                    ("action", form.label.as_str().into()),
                    ("reference", view.reference.as_str().into()),
                ],
            );
            self.confirm = Some(Confirm {
                question,
                then: ConfirmThen::Perform {
                    case_id,
                    action_key: form.key,
                },
            });
        } else {
            let purpose = FormPurpose::CaseAction {
                case_id,
                action_key: form.key.clone(),
            };
            self.form = Some(FormState::new(purpose, form));
        }
    }

    pub(crate) fn perform(&mut self, case_id: &str, action_key: &str, fields: &[(String, String)]) {
        match self.port.perform(case_id, action_key, fields) {
            Ok(message) => {
                self.say(message);
                self.refresh();
            }
            Err(e) => self.complain(e),
        }
    }

    pub(crate) fn on_approvals(&mut self, action: Action) {
        if self
            .approvals_nav
            .apply(action, self.approvals.len(), self.page)
        {
            return;
        }
        match action {
            Action::Open => {
                let id = self
                    .approvals
                    .get(self.approvals_nav.selected)
                    .map(|r| r.case_id.clone());
                if let Some(id) = id {
                    self.show_case(&id);
                }
            }
            Action::Refresh => self.refresh(),
            Action::Back => self.back(),
            _ => {}
        }
    }
}
