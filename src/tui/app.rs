//! The one application state and `update`, the only place it changes. Rendering reads it; the
//! station port is asked for data here, never while drawing.

pub use super::admin::update::{AdminConfirm, AdminState, AuditState, Listing};
pub use super::nrm::update::{nrm_action_key, NrmConfirm, NrmState, ReferralScope};
pub use super::reports::update::ReportsState;
use super::{admin, nrm, reports};

use super::action::Action;
use super::components::filter;
use super::components::form::{FormPurpose, FormState};
use super::components::status_bar::Message;
use super::components::table::ListNav;
use super::keymap::{Context, Keymap};
use super::port::StationPort;
use super::text::Text;
use super::theme::Theme;
use super::view::{
    ActionForm, BundlePreview, CaseView, Dashboard, ExchangeLogRow, FieldKind, FormField,
    ImportProgress, MediaBundle, QueueRow, QueueView, SessionInfo,
};
use crate::domain::policy::{allows, Permission};
use ratatui::crossterm::event::KeyEvent;
use std::path::PathBuf;
use tui_input::Input;

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

#[derive(Debug, Default)]
pub struct LoginState {
    pub user: Input,
    pub passphrase: Input,
    pub focus: usize,
    pub error: Option<String>,
}

#[derive(Debug, Default)]
pub struct LockState {
    pub passphrase: Input,
    pub error: Option<String>,
}

#[derive(Debug)]
pub struct QueueState {
    pub view: QueueView,
    pub rows: Vec<QueueRow>,
    /// Positions in `rows` that pass the filter, in urgency order.
    pub shown: Vec<usize>,
    pub filter: Input,
    pub filtering: bool,
    pub nav: ListNav,
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
        }
    }
}

impl QueueState {
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
    pub log_nav: ListNav,
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
    pub dashboard_nav: ListNav,
    pub queue: QueueState,
    pub approvals: Vec<QueueRow>,
    pub approvals_nav: ListNav,
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
            dashboard_nav: ListNav::default(),
            queue: QueueState::default(),
            approvals: Vec::new(),
            approvals_nav: ListNav::default(),
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

    /// What the dashboard offers this user; the policy table decides, not the screen.
    pub fn menu(&self) -> Vec<MenuItem> {
        let Some(session) = &self.session else {
            return Vec::new();
        };
        let mut items = Vec::new();
        if allows(session.role, Permission::ViewCases) {
            items.extend(
                self.dashboard
                    .queues
                    .iter()
                    .map(|q| MenuItem::Queue(q.view, q.count)),
            );
        }
        if allows(session.role, Permission::ApproveDecision) {
            items.push(MenuItem::Approvals(self.dashboard.waiting_for_me));
        }
        items.extend(nrm::update::menu(session.role, self.nrm.counts));
        items.extend(admin::update::menu(session.role));
        if reports::update::offered(session.role) {
            items.push(MenuItem::Reports);
        }
        if allows(session.role, Permission::ImportBundle)
            || allows(session.role, Permission::ViewExchangeLog)
        {
            items.push(MenuItem::Exchange);
        }
        items
    }

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
                self.dashboard = self.port.dashboard();
                self.refresh_nrm_counts();
            }
            Screen::Queue => {
                let rows = self.port.queue(self.queue.view);
                self.queue.set_rows(rows);
            }
            Screen::Approvals => {
                self.approvals = self.port.approvals();
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
            Screen::Referrals | Screen::Returnee | Screen::Providers => self.refresh_nrm(),
            Screen::Reports => self.refresh_reports(),
        }
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
            self.exchange.log = self.port.exchange_log();
            self.exchange.log_nav.clamp(self.exchange.log.len());
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

    pub(crate) fn on_lock(&mut self, action: Action) {
        let Some(lock) = self.lock.as_mut() else {
            return;
        };
        match action {
            Action::Edit(request) => {
                lock.passphrase.handle(request);
                lock.error = None;
            }
            Action::Submit => {
                let user = self
                    .session
                    .as_ref()
                    .map(|s| s.user.clone())
                    .unwrap_or_default();
                let passphrase = lock.passphrase.value().to_string();
                lock.passphrase.reset();
                match self.port.login(&user, &passphrase) {
                    Ok(session) => {
                        self.session = Some(session);
                        self.lock = None;
                        self.refresh();
                    }
                    Err(e) => {
                        if let Some(lock) = self.lock.as_mut() {
                            lock.error = Some(e);
                        }
                    }
                }
            }
            _ => {}
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

    pub(crate) fn on_login(&mut self, action: Action) {
        let login = &mut self.login;
        match action {
            Action::Edit(request) => {
                let field = if login.focus == 0 {
                    &mut login.user
                } else {
                    &mut login.passphrase
                };
                field.handle(request);
            }
            Action::NextField | Action::PrevField => login.focus = 1 - login.focus.min(1),
            Action::Submit if login.focus == 0 => login.focus = 1,
            Action::Submit => {
                let user = login.user.value().trim().to_string();
                let passphrase = login.passphrase.value().to_string();
                // The passphrase never stays in memory longer than the attempt.
                login.passphrase.reset();
                if user.is_empty() {
                    login.error = Some(self.text.get("login-user-missing"));
                    login.focus = 0;
                    return;
                }
                match self.port.login(&user, &passphrase) {
                    Ok(session) => {
                        self.login = LoginState::default();
                        self.session = Some(session);
                        self.history.clear();
                        self.screen = Screen::Dashboard;
                        self.message = None;
                        self.refresh();
                    }
                    Err(e) => self.login.error = Some(e),
                }
            }
            _ => {}
        }
    }

    pub(crate) fn on_dashboard(&mut self, action: Action) {
        let menu = self.menu();
        if self.dashboard_nav.apply(action, menu.len(), self.page) {
            return;
        }
        match action {
            Action::Open => match menu.get(self.dashboard_nav.selected) {
                Some(MenuItem::Queue(view, _)) => {
                    self.queue.view = *view;
                    self.queue.nav = ListNav::default();
                    self.go(Screen::Queue);
                    self.refresh();
                }
                Some(MenuItem::Approvals(_)) => {
                    self.go(Screen::Approvals);
                    self.refresh();
                }
                Some(MenuItem::Exchange) => {
                    self.go(Screen::Exchange);
                    self.refresh();
                }
                Some(MenuItem::Users) => self.open_admin(Screen::Users),
                Some(MenuItem::PartnerKeys) => self.open_admin(Screen::PartnerKeys),
                Some(MenuItem::Agreements) => self.open_admin(Screen::Agreements),
                Some(MenuItem::Audit) => self.open_admin(Screen::Audit),
                Some(
                    item @ (MenuItem::Referrals(_) | MenuItem::FollowUps(_) | MenuItem::Providers),
                ) => self.open_nrm(*item),
                Some(MenuItem::Reports) => self.open_reports(),
                None => {}
            },
            Action::Refresh => self.refresh(),
            _ => {}
        }
    }

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
                let partners = self.port.partners();
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
