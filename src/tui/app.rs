//! The one application state and `update`, the only place it changes. Rendering reads it; the
//! station port is asked for data here, never while drawing.

pub use super::admin::update::{AdminConfirm, AdminState, AuditState, Listing};
pub use super::cases::update::{CaseState, QueueState, CASE_TABS};
pub use super::exchange::update::{ExchangeState, ExchangeTab};
pub use super::nrm::update::{nrm_action_key, NrmConfirm, NrmState, ReferralScope};
pub use super::reports::update::ReportsState;
pub use super::session::update::{LockState, LoginState};

use super::action::Action;
use super::components::form::{FormPurpose, FormState};
use super::components::status_bar::Message;
use super::components::table::ListNav;
use super::keymap::{Context, Keymap};
use super::port::StationPort;
use super::text::Text;
use super::theme::Theme;
use crate::tui::cases::view::{QueueRow, QueueView};
use crate::tui::session::view::{ClockReport, Dashboard};
use crate::tui::view::SessionInfo;
use ratatui::crossterm::event::KeyEvent;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Login,
    Dashboard,
    Queue,
    Case,
    Approvals,
    Exchange,
    Users,
    PartnerKeys,
    Agreements,
    Audit,
    Referrals,
    Returnee,
    Returnees,
    Providers,
    Reports,
}

/// Where a dashboard line leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuItem {
    Queue(QueueView, usize),
    Approvals(usize),
    Users,
    PartnerKeys,
    Agreements,
    Audit,
    Reports,
    Exchange,
    /// Open referrals (mine, for an officer), and follow-ups due.
    Referrals(usize),
    FollowUps(usize),
    /// The returnee records, open first (the count is of open ones).
    Returnees(usize),
    Providers,
}

/// What "yes" does in the confirm dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmThen {
    Quit,
    DiscardForm,
    Perform { case_id: String, action_key: String },
    Import(PathBuf),
    Admin(AdminConfirm),
    Nrm(NrmConfirm),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub question: String,
    pub then: ConfirmThen,
}

/// Long work the run loop performs with a progress display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Import(PathBuf),
}

/// Settings the App starts with.
#[derive(Debug, Clone)]
pub struct AppOptions {
    pub language: String,
    /// Where removable media appear, for the exchange screen.
    pub media_dir: PathBuf,
    pub keymap: Keymap,
}

impl Default for AppOptions {
    fn default() -> Self {
        AppOptions {
            language: "en".to_string(),
            media_dir: PathBuf::from("/media"),
            keymap: Keymap::default(),
        }
    }
}

pub struct App {
    pub(crate) port: Box<dyn StationPort>,
    pub text: Text,
    pub theme: Theme,
    pub keymap: Keymap,
    pub media_dir: PathBuf,
    pub session: Option<SessionInfo>,
    pub screen: Screen,
    pub(crate) history: Vec<Screen>,
    pub login: LoginState,
    pub lock: Option<LockState>,
    pub dashboard: Dashboard,
    /// Why the dashboard's numbers could not be read; they are not shown as zeros.
    pub dashboard_error: Option<String>,
    pub dashboard_nav: ListNav,
    /// What the station clock recorded since sign-in.
    pub clock: ClockReport,
    pub queue: QueueState,
    pub approvals: Vec<QueueRow>,
    pub approvals_nav: ListNav,
    pub approvals_error: Option<String>,
    pub case: CaseState,
    pub exchange: ExchangeState,
    pub admin: AdminState,
    pub nrm: NrmState,
    pub reports: ReportsState,
    pub form: Option<FormState>,
    pub confirm: Option<Confirm>,
    /// The help overlay's scroll position, when it is open.
    pub help: Option<usize>,
    pub message: Option<Message>,
    pub job: Option<Job>,
    pub(crate) page: usize,
    pub(crate) quit: bool,
}

impl App {
    pub fn new(port: Box<dyn StationPort>, options: AppOptions) -> App {
        App {
            port,
            text: Text::new(&options.language),
            theme: Theme::default(),
            keymap: options.keymap,
            media_dir: options.media_dir,
            session: None,
            screen: Screen::Login,
            history: Vec::new(),
            login: LoginState::default(),
            lock: None,
            dashboard: Dashboard::default(),
            dashboard_error: None,
            dashboard_nav: ListNav::default(),
            clock: ClockReport::default(),
            queue: QueueState::default(),
            approvals: Vec::new(),
            approvals_nav: ListNav::default(),
            approvals_error: None,
            case: CaseState::default(),
            exchange: ExchangeState::default(),
            admin: AdminState::default(),
            nrm: NrmState::default(),
            reports: ReportsState::default(),
            form: None,
            confirm: None,
            help: None,
            message: None,
            job: None,
            page: 15,
            quit: false,
        }
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn is_locked(&self) -> bool {
        self.lock.is_some()
    }

    pub fn is_signed_in(&self) -> bool {
        self.session.is_some()
    }

    /// Which keymap section applies now: dialogs first, then the screen.
    pub fn context(&self) -> Context {
        if self.confirm.is_some() {
            Context::Confirm
        } else if self.lock.is_some() {
            Context::Lock
        } else if self.help.is_some() {
            Context::Help
        } else {
            self.context_under_help()
        }
    }

    /// The context help describes: the one under the help overlay.
    pub fn context_under_help(&self) -> Context {
        if self.form.is_some() {
            Context::Form
        } else {
            match self.screen {
                Screen::Login => Context::Login,
                Screen::Dashboard => Context::Dashboard,
                Screen::Queue if self.queue.filtering => Context::Filter,
                Screen::Queue => Context::Queue,
                Screen::Case if self.case.menu.is_some() => Context::Actions,
                Screen::Case => Context::Case,
                Screen::Approvals => Context::Approvals,
                Screen::Exchange => Context::Exchange,
                Screen::Users => Context::Users,
                Screen::PartnerKeys => Context::PartnerKeys,
                Screen::Agreements => Context::Agreements,
                Screen::Audit if self.admin.audit.filtering => Context::Filter,
                Screen::Audit => Context::Audit,
                Screen::Referrals => Context::Referrals,
                Screen::Returnee if self.nrm.menu.is_some() => Context::Actions,
                Screen::Returnee => Context::Returnee,
                Screen::Providers => Context::Providers,
                Screen::Returnees => Context::Returnees,
                Screen::Reports => Context::Reports,
            }
        }
    }

    /// A key press: the keymap turns it into an action, if it means one here.
    pub fn handle_key(&mut self, key: &KeyEvent) {
        if let Some(action) = self.keymap.action_for(self.context(), key) {
            self.update(action);
        }
    }

    pub fn form_has_changes(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.dirty)
    }

    pub(crate) fn say(&mut self, text: String) {
        self.message = Some(Message {
            text,
            is_error: false,
        });
    }

    pub(crate) fn complain(&mut self, text: String) {
        self.message = Some(Message {
            text,
            is_error: true,
        });
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Resize(_, height) => {
                // Title, tabs, borders, header and status bar take about six lines.
                self.page = (height as usize).saturating_sub(6).max(1);
            }
            Action::Quit => self.request_quit(),
            Action::Lock => self.lock_now(),
            Action::Help if self.lock.is_none() && self.confirm.is_none() => {
                self.help = match self.help {
                    Some(_) => None,
                    None => Some(0),
                };
            }
            _ => match self.context() {
                Context::Confirm => self.on_confirm(action),
                Context::Lock => self.on_lock(action),
                Context::Help => self.on_help(action),
                Context::Form => self.on_form(action),
                Context::Login => self.on_login(action),
                Context::Dashboard => self.on_dashboard(action),
                Context::Filter if self.screen == Screen::Audit => self.on_audit(action),
                Context::Queue | Context::Filter => self.on_queue(action),
                Context::Actions if self.screen == Screen::Returnee => self.on_returnee(action),
                Context::Case | Context::Actions => self.on_case(action),
                Context::Referrals => self.on_referrals(action),
                Context::Returnee => self.on_returnee(action),
                Context::Providers => self.on_providers(action),
                Context::Returnees => self.on_returnees(action),
                Context::Approvals => self.on_approvals(action),
                Context::Exchange => self.on_exchange(action),
                Context::Users => self.on_users(action),
                Context::PartnerKeys => self.on_partner_keys(action),
                Context::Agreements => self.on_agreements(action),
                Context::Audit => self.on_audit(action),
                Context::Reports => self.on_reports(action),
            },
        }
    }

    pub(crate) fn request_quit(&mut self) {
        if self.form_has_changes() {
            self.confirm = Some(Confirm {
                question: self.text.get("confirm-quit-unsaved"),
                then: ConfirmThen::Quit,
            });
        } else {
            self.quit = true;
        }
    }

    /// The run loop calls this every minute: the station clock applies what fell due meanwhile.
    pub fn clock_tick(&mut self) {
        if self.session.is_none() || self.lock.is_some() {
            return;
        }
        let report = self.run_clock();
        let changed = !report.lines.is_empty();
        self.clock.lines.extend(report.lines);
        // The last hundred lines are enough on a dashboard; the audit trail keeps them all.
        let excess = self.clock.lines.len().saturating_sub(100);
        self.clock.lines.drain(..excess);
        self.clock.set_back = report.set_back;
        self.clock.error = report.error;
        if changed {
            self.refresh();
        }
    }

    /// One run of the station clock, its failure kept as a sentence.
    pub(crate) fn run_clock(&mut self) -> ClockReport {
        self.port.run_clock().unwrap_or_else(|e| ClockReport {
            error: Some(e),
            ..ClockReport::default()
        })
    }

    /// The run loop reports how long no key was pressed; past `limit` the session locks.
    pub fn idle(&mut self, idle_for: std::time::Duration, limit: std::time::Duration) {
        if idle_for >= limit {
            self.lock_now();
        }
    }

    pub(crate) fn lock_now(&mut self) {
        if self.session.is_some() && self.lock.is_none() {
            self.port.lock();
            self.lock = Some(LockState::default());
            self.help = None;
        }
    }

    pub(crate) fn go(&mut self, screen: Screen) {
        if self.screen != screen {
            self.history.push(self.screen);
            self.screen = screen;
        }
    }

    pub(crate) fn back(&mut self) {
        if let Some(previous) = self.history.pop() {
            self.screen = previous;
            self.case.menu = None;
            self.nrm.menu = None;
            self.refresh();
        }
    }

    /// Asks the station again for what the current screen shows.
    pub(crate) fn refresh(&mut self) {
        match self.screen {
            Screen::Login => {}
            Screen::Dashboard => {
                match self.port.dashboard() {
                    Ok(d) => {
                        self.dashboard = d;
                        self.dashboard_error = None;
                    }
                    Err(e) => {
                        self.dashboard = Dashboard::default();
                        self.dashboard_error = Some(e);
                    }
                }
                self.refresh_nrm_counts();
            }
            Screen::Queue => {
                let answer = self.port.queue(self.queue.view);
                self.queue.set(answer);
            }
            Screen::Approvals => {
                match self.port.approvals() {
                    Ok(rows) => {
                        self.approvals = rows;
                        self.approvals_error = None;
                    }
                    Err(e) => {
                        self.approvals.clear();
                        self.approvals_error = Some(e);
                    }
                }
                self.approvals_nav.clamp(self.approvals.len());
            }
            Screen::Case => {
                let id = self.case.view.as_ref().map(|c| c.case_id.clone());
                if let Some(id) = id {
                    self.open_case(&id);
                }
            }
            Screen::Exchange => self.refresh_exchange(),
            Screen::Users | Screen::PartnerKeys | Screen::Agreements | Screen::Audit => {
                self.refresh_admin()
            }
            Screen::Referrals | Screen::Returnee | Screen::Returnees | Screen::Providers => {
                self.refresh_nrm()
            }
            Screen::Reports => self.refresh_reports(),
        }
    }

    pub(crate) fn on_confirm(&mut self, action: Action) {
        let Some(confirm) = self.confirm.take() else {
            return;
        };
        match action {
            Action::Yes => match confirm.then {
                ConfirmThen::Quit => self.quit = true,
                ConfirmThen::DiscardForm => self.form = None,
                ConfirmThen::Perform {
                    case_id,
                    action_key,
                } => self.perform(&case_id, &action_key, &[]),
                ConfirmThen::Import(path) => self.job = Some(Job::Import(path)),
                ConfirmThen::Admin(then) => self.confirm_admin(then),
                ConfirmThen::Nrm(then) => self.confirm_nrm(then),
            },
            Action::No => {}
            _ => self.confirm = Some(confirm),
        }
    }

    pub(crate) fn on_help(&mut self, action: Action) {
        let scroll = self.help.unwrap_or(0);
        self.help = match action {
            Action::Back => None,
            Action::Up => Some(scroll.saturating_sub(1)),
            Action::Down => Some(scroll + 1),
            _ => Some(scroll),
        };
    }

    pub(crate) fn on_form(&mut self, action: Action) {
        let required = self.text.get("form-required-missing");
        let Some(form) = self.form.as_mut() else {
            return;
        };
        match action {
            Action::Edit(request) => form.edit(request),
            Action::NextField => form.next_field(),
            Action::PrevField => form.prev_field(),
            Action::Cycle => form.cycle(),
            Action::Back => {
                if form.dirty {
                    self.confirm = Some(Confirm {
                        question: self.text.get("confirm-discard-form"),
                        then: ConfirmThen::DiscardForm,
                    });
                } else {
                    self.form = None;
                }
            }
            Action::Submit => {
                if !form.validate(&required) {
                    return;
                }
                let values = form.values();
                let purpose = form.purpose.clone();
                let result = match &purpose {
                    FormPurpose::CaseAction {
                        case_id,
                        action_key,
                    } => self.port.perform(case_id, action_key, &values),
                    FormPurpose::Returnee { id, kind } => {
                        self.submit_returnee_form(id, *kind, &values);
                        return;
                    }
                    FormPurpose::ReturneeFilter => {
                        self.form = None;
                        self.set_returnee_filter(&values);
                        return;
                    }
                    FormPurpose::NewReturnee => {
                        self.submit_new_returnee(&values);
                        return;
                    }
                    FormPurpose::Export => {
                        let partner = values.first().map(|(_, v)| v.clone()).unwrap_or_default();
                        self.port.export_to(&partner, &self.media_dir)
                    }
                    FormPurpose::Period => {
                        self.submit_period(&values);
                        return;
                    }
                    other => {
                        self.submit_admin_form(other, &values);
                        return;
                    }
                };
                self.form_answered(result);
            }
            _ => {}
        }
    }

    /// The station's answer to a form: success closes it; a refusal shows under it.
    pub(crate) fn form_answered(&mut self, result: Result<String, String>) {
        match result {
            Ok(message) => {
                self.form = None;
                self.say(message);
                self.refresh();
            }
            Err(e) => {
                if let Some(form) = self.form.as_mut() {
                    form.error = Some(e);
                }
            }
        }
    }
}
