//! The administration and oversight screens' state, and how actions change it: users, partner
//! keys, agreements and the audit trail. What may be done is the policy table's and the station's
//! business; this only asks the port and shows the answer.

use crate::domain::policy::{allows, Permission};
use crate::domain::role::Role;
use crate::tui::action::Action;
use crate::tui::admin::view::{AgreementRow, AuditRow, PartnerRow, UserRow};
use crate::tui::app::{App, Confirm, ConfirmThen, Screen};
use crate::tui::components::form::{FormPurpose, FormState};
use crate::tui::components::status_bar::Message;
use crate::tui::components::table::ListNav;
use crate::tui::view::{ActionForm, FieldKind, FormField};
use tui_input::Input;

/// Rows from the station, or the sentence saying why there are none, and the selection.
#[derive(Debug)]
pub struct Listing<T> {
    pub rows: Vec<T>,
    pub error: Option<String>,
    pub nav: ListNav,
}

impl<T> Default for Listing<T> {
    fn default() -> Self {
        Listing {
            rows: Vec::new(),
            error: None,
            nav: ListNav::default(),
        }
    }
}

impl<T> Listing<T> {
    pub fn set(&mut self, answer: Result<Vec<T>, String>) {
        match answer {
            Ok(rows) => {
                self.rows = rows;
                self.error = None;
            }
            Err(e) => {
                self.rows.clear();
                self.error = Some(e);
            }
        }
        self.nav.clamp(self.rows.len());
    }

    pub fn selected(&self) -> Option<&T> {
        self.rows.get(self.nav.selected)
    }
}

#[derive(Debug, Default)]
pub struct AuditState {
    pub list: Listing<AuditRow>,
    pub filter: Input,
    pub filtering: bool,
    /// The last verification's sentence, and whether it found a fault.
    pub verdict: Option<Message>,
}

#[derive(Debug, Default)]
pub struct AdminState {
    pub users: Listing<UserRow>,
    pub partners: Listing<PartnerRow>,
    pub agreements: Listing<AgreementRow>,
    /// The selected agreement is open with all its rules.
    pub agreement_open: bool,
    pub audit: AuditState,
}

/// What "yes" does on these screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminConfirm {
    SetLocked {
        user: String,
        locked: bool,
    },
    Remove {
        user: String,
    },
    /// The fingerprint was shown; the values are the add-partner form's.
    AddPartner(Vec<(String, String)>),
}

/// The dashboard lines of these screens, as the policy table allows them to `role`.
pub fn menu(role: Role) -> Vec<crate::tui::app::MenuItem> {
    use crate::tui::app::MenuItem;
    [
        (Permission::ManageUsers, MenuItem::Users),
        (Permission::ManageKeys, MenuItem::PartnerKeys),
        (Permission::ManageAgreements, MenuItem::Agreements),
        (Permission::ViewAudit, MenuItem::Audit),
    ]
    .into_iter()
    .filter(|(p, _)| allows(role, *p))
    .map(|(_, item)| item)
    .collect()
}

/// The value of the form field `key`.
fn value<'a>(values: &'a [(String, String)], key: &str) -> &'a str {
    values
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

fn field(key: &str, label: String, kind: FieldKind) -> FormField {
    FormField {
        key: key.to_string(),
        label,
        required: true,
        kind,
    }
}

impl App {
    pub(crate) fn open_admin(&mut self, screen: Screen) {
        self.go(screen);
        self.admin.agreement_open = false;
        self.refresh_admin();
        if screen == Screen::Audit {
            // Newest last, and the newest is where the eye starts.
            let len = self.admin.audit.list.rows.len();
            self.admin
                .audit
                .list
                .nav
                .apply(Action::Bottom, len, self.page);
        }
    }

    pub(crate) fn refresh_admin(&mut self) {
        match self.screen {
            Screen::Users => {
                let answer = self.port.users();
                self.admin.users.set(answer);
            }
            Screen::PartnerKeys => {
                let answer = self.port.partner_keys();
                self.admin.partners.set(answer);
            }
            Screen::Agreements => {
                let answer = self.port.agreements();
                self.admin.agreements.set(answer);
            }
            Screen::Audit => {
                let filter = self.admin.audit.filter.value().trim().to_string();
                let answer = self.port.audit((!filter.is_empty()).then_some(&filter));
                self.admin.audit.list.set(answer);
            }
            _ => {}
        }
    }

    pub(crate) fn ask(&mut self, key: &str, user: &str, then: AdminConfirm) {
        self.confirm = Some(Confirm {
            question: self.text.with(key, &[("user", user.into())]),
            then: ConfirmThen::Admin(then),
        });
    }

    pub(crate) fn passphrase_fields(&self) -> Vec<FormField> {
        vec![
            field(
                "passphrase",
                self.text.get("user-passphrase"),
                FieldKind::Secret,
            ),
            field(
                "again",
                self.text.get("user-passphrase-again"),
                FieldKind::Secret,
            ),
        ]
    }

    pub(crate) fn open_form(&mut self, purpose: FormPurpose, title: &str, fields: Vec<FormField>) {
        let form = ActionForm {
            key: String::new(),
            label: self.text.get(title),
            fields,
        };
        self.form = Some(FormState::new(purpose, form));
    }

    pub(crate) fn on_users(&mut self, action: Action) {
        let list = &mut self.admin.users;
        if list.nav.apply(action, list.rows.len(), self.page) {
            return;
        }
        let selected = list.selected().map(|u| u.name.clone());
        match (action, selected) {
            (Action::Add, _) => {
                let roles = Role::ALL.iter().map(|r| r.as_str().to_string()).collect();
                let mut fields = vec![
                    field("name", self.text.get("user-name"), FieldKind::Text),
                    field("role", self.text.get("user-role"), FieldKind::Choice(roles)),
                ];
                fields.extend(self.passphrase_fields());
                self.open_form(FormPurpose::AddUser, "user-add-title", fields);
            }
            (Action::LockUser, Some(user)) => self.ask("confirm-lock-user", &user, {
                AdminConfirm::SetLocked {
                    user: user.clone(),
                    locked: true,
                }
            }),
            (Action::UnlockUser, Some(user)) => self.ask("confirm-unlock-user", &user, {
                AdminConfirm::SetLocked {
                    user: user.clone(),
                    locked: false,
                }
            }),
            (Action::Remove, Some(user)) => self.ask(
                "confirm-remove-user",
                &user,
                AdminConfirm::Remove { user: user.clone() },
            ),
            (Action::ResetPassphrase, Some(user)) => {
                let title = self
                    .text
                    .with("user-reset-title", &[("user", user.as_str().into())]);
                let fields = self.passphrase_fields();
                self.form = Some(FormState::new(
                    FormPurpose::ResetPassphrase { user },
                    ActionForm {
                        key: String::new(),
                        label: title,
                        fields,
                    },
                ));
            }
            (Action::Refresh, _) => self.refresh(),
            (Action::Back, _) => self.back(),
            _ => {}
        }
    }

    pub(crate) fn on_partner_keys(&mut self, action: Action) {
        let list = &mut self.admin.partners;
        if list.nav.apply(action, list.rows.len(), self.page) {
            return;
        }
        match action {
            Action::Add => {
                let t = &self.text;
                let mut may_send = field("may_send", t.get("partner-may-send"), FieldKind::Text);
                may_send.required = false;
                let fields = vec![
                    field("station", t.get("partner-station"), FieldKind::Text),
                    field("name", t.get("partner-name"), FieldKind::Text),
                    field("age_recipient", t.get("partner-age"), FieldKind::Text),
                    field("minisign_key", t.get("partner-minisign"), FieldKind::Text),
                    may_send,
                ];
                self.open_form(FormPurpose::AddPartner, "partner-add-title", fields);
            }
            Action::Refresh => self.refresh(),
            Action::Back => self.back(),
            _ => {}
        }
    }

    pub(crate) fn on_agreements(&mut self, action: Action) {
        let list = &mut self.admin.agreements;
        if list.nav.apply(action, list.rows.len(), self.page) {
            return;
        }
        let selected = list.selected().cloned();
        match (action, selected) {
            (Action::Open, Some(_)) => self.admin.agreement_open = true,
            (Action::Change, Some(a)) => {
                let names = a.rules.iter().map(|f| f.label.clone()).collect();
                let fields = vec![
                    field(
                        "field",
                        self.text.get("agreement-field"),
                        FieldKind::Choice(names),
                    ),
                    field("value", self.text.get("agreement-value"), FieldKind::Text),
                ];
                let title = self.text.with(
                    "agreement-change-title",
                    &[("code", a.code.as_str().into())],
                );
                self.form = Some(FormState::new(
                    FormPurpose::SetAgreement { code: a.code },
                    ActionForm {
                        key: String::new(),
                        label: title,
                        fields,
                    },
                ));
            }
            (Action::Refresh, _) => self.refresh(),
            (Action::Back, _) if self.admin.agreement_open => self.admin.agreement_open = false,
            (Action::Back, _) => self.back(),
            _ => {}
        }
    }

    pub(crate) fn on_audit(&mut self, action: Action) {
        let audit = &mut self.admin.audit;
        if audit
            .list
            .nav
            .apply(action, audit.list.rows.len(), self.page)
        {
            return;
        }
        match action {
            Action::Filter => audit.filtering = true,
            Action::Edit(request) => {
                audit.filter.handle(request);
            }
            Action::Submit => {
                audit.filtering = false;
                self.open_admin(Screen::Audit);
            }
            Action::Back if audit.filtering => audit.filtering = false,
            Action::Back if !audit.filter.value().is_empty() => {
                audit.filter.reset();
                self.open_admin(Screen::Audit);
            }
            Action::Back => self.back(),
            Action::Verify => {
                audit.verdict = Some(match self.port.verify_audit() {
                    Ok(text) => Message {
                        text,
                        is_error: false,
                    },
                    Err(text) => Message {
                        text,
                        is_error: true,
                    },
                });
            }
            Action::Refresh => self.refresh(),
            _ => {}
        }
    }

    /// Submits one of these screens' forms; the answer shows like any form's.
    pub(crate) fn submit_admin_form(&mut self, purpose: &FormPurpose, values: &[(String, String)]) {
        let result = match purpose {
            FormPurpose::AddUser | FormPurpose::ResetPassphrase { .. }
                if value(values, "passphrase") != value(values, "again") =>
            {
                let problem = self.text.get("user-passphrase-mismatch");
                if let Some(form) = self.form.as_mut() {
                    form.forget_secrets();
                    if let Some(i) = form.form.fields.iter().position(|f| f.key == "again") {
                        form.problems[i] = Some(problem);
                        form.focus = i;
                    }
                }
                return;
            }
            FormPurpose::AddUser => {
                let role = value(values, "role").parse::<Role>();
                match role {
                    Ok(role) => {
                        self.port
                            .add_user(value(values, "name"), role, value(values, "passphrase"))
                    }
                    Err(e) => Err(e.to_string()),
                }
            }
            FormPurpose::ResetPassphrase { user } => self
                .port
                .reset_passphrase(user, value(values, "passphrase")),
            FormPurpose::AddPartner => {
                match self.port.partner_fingerprint(
                    value(values, "age_recipient"),
                    value(values, "minisign_key"),
                ) {
                    Ok(fingerprint) => {
                        self.confirm = Some(Confirm {
                            question: self.text.with(
                                "confirm-partner-fingerprint",
                                &[("fingerprint", fingerprint.into())],
                            ),
                            then: ConfirmThen::Admin(AdminConfirm::AddPartner(values.to_vec())),
                        });
                        return;
                    }
                    Err(e) => Err(e),
                }
            }
            FormPurpose::SetAgreement { code } => {
                self.port
                    .set_agreement(code, value(values, "field"), value(values, "value"))
            }
            FormPurpose::CaseAction { .. }
            | FormPurpose::Export
            | FormPurpose::Returnee { .. }
            | FormPurpose::NewReturnee
            | FormPurpose::ReturneeFilter
            | FormPurpose::Period => return,
        };
        if result.is_err() {
            if let Some(form) = self.form.as_mut() {
                form.forget_secrets();
            }
        }
        self.form_answered(result);
    }

    pub(crate) fn confirm_admin(&mut self, then: AdminConfirm) {
        match then {
            AdminConfirm::SetLocked { user, locked } => {
                let answer = self.port.set_user_locked(&user, locked);
                self.admin_answered(answer);
            }
            AdminConfirm::Remove { user } => {
                let answer = self.port.remove_user(&user);
                self.admin_answered(answer);
            }
            AdminConfirm::AddPartner(values) => {
                let answer = self.port.add_partner(
                    value(&values, "station"),
                    value(&values, "name"),
                    value(&values, "age_recipient"),
                    value(&values, "minisign_key"),
                    value(&values, "may_send"),
                );
                self.form_answered(answer);
            }
        }
    }

    /// A one-step action's answer goes to the status bar; the list is read again either way.
    pub(crate) fn admin_answered(&mut self, answer: Result<String, String>) {
        match answer {
            Ok(text) => self.say(text),
            Err(text) => self.complain(text),
        }
        self.refresh();
    }
}
