//! The session screens' state and how actions change it: signing in, unlocking, the dashboard.

use crate::domain::policy::{allows, Permission};
use crate::tui::action::Action;
use crate::tui::app::{App, MenuItem, Screen};
use crate::tui::components::table::ListNav;
use tui_input::Input;

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

impl App {
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
        items.extend(crate::tui::nrm::update::menu(session.role, self.nrm.counts));
        items.extend(crate::tui::admin::update::menu(session.role));
        if crate::tui::reports::update::offered(session.role) {
            items.push(MenuItem::Reports);
        }
        if allows(session.role, Permission::ImportBundle)
            || allows(session.role, Permission::ViewExchangeLog)
        {
            items.push(MenuItem::Exchange);
        }
        items
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
}
