//! The National Referral Mechanism screens' state, and how actions change it: referral assignments
//! (mine, all open, follow-ups due, per provider), the returnee's record with its action forms, and
//! the provider directory. What may be done is the station's answer; this only asks and shows.

use crate::domain::date::parse_date;
use crate::domain::ids::UserName;
use crate::domain::nrm::{
    ConsentProviders, ConsentScope, Contact, Need, NeedDomain, PlanItem, ProposedService, Provider,
    ReferralRequest, ReferralResponse, ReferralStatus, ReferralUrgency, ReturneeAction,
    ReturneeActionKind, Severity, Vulnerability,
};
use crate::domain::policy::{allows, Permission};
use crate::domain::role::Role;
use crate::service::{kind_name, FollowUpRow, NrmRecord, ReferralFilter, ReferralRow, ReturneeRow};
use crate::tui::action::Action;
use crate::tui::app::{App, Confirm, ConfirmThen, Listing, MenuItem, Screen};
use crate::tui::components::form::{FormPurpose, FormState};
use crate::tui::components::table::ListNav;
use crate::tui::view::{ActionForm, FieldKind, FormField};
use chrono::Utc;
use uuid::Uuid;

/// Which rows the referral assignments screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReferralScope {
    /// Open referrals of the records assigned to me.
    Mine,
    #[default]
    AllOpen,
    FollowUpsDue,
    /// Open referrals to the n-th provider of the directory.
    Provider(usize),
}

#[derive(Debug, Default)]
pub struct NrmState {
    pub scope: ReferralScope,
    pub referrals: Listing<ReferralRow>,
    pub follow_ups: Listing<FollowUpRow>,
    pub providers: Listing<Provider>,
    /// The returnee list and the filter it is shown through.
    pub returnees: Listing<ReturneeRow>,
    pub filter: ReturneeFilter,
    /// The open returnee record and what the user may do to it.
    pub record: Option<NrmRecord>,
    pub allowed: Vec<ReturneeActionKind>,
    pub scroll: usize,
    /// The open list of actions, when the user pressed `a`.
    pub menu: Option<ListNav>,
    /// For the dashboard: open referrals (mine for an officer), follow-ups due, open records.
    pub counts: (usize, usize, usize),
    /// The day lateness is judged by on the record page; `None` is today (tests fix it).
    pub clock: Option<chrono::NaiveDate>,
}

/// The returnee list's filter; `None` lets every value through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReturneeFilter {
    pub governorate: Option<String>,
    pub status: Option<String>,
    pub officer: Option<String>,
    pub provider: Option<String>,
}

/// What "yes" does on these screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NrmConfirm {
    Act { id: String, action: ReturneeAction },
    Deactivate { id: String },
}

/// The actions with a form (or a confirmation) here: every one the `ercms` command has.
pub const FORM_ACTIONS: [ReturneeActionKind; 18] = [
    ReturneeActionKind::RecordConsent,
    ReturneeActionKind::WithdrawConsent,
    ReturneeActionKind::RecordAssessment,
    ReturneeActionKind::ProposePlan,
    ReturneeActionKind::ProposeReferral,
    ReturneeActionKind::SendReferral,
    ReturneeActionKind::RecordReferralResponse,
    ReturneeActionKind::CancelReferral,
    ReturneeActionKind::RecordFollowUp,
    ReturneeActionKind::SetFollowUpSchedule,
    ReturneeActionKind::ProposeClosure,
    ReturneeActionKind::ApprovePlan,
    ReturneeActionKind::ReturnPlan,
    ReturneeActionKind::ApproveClosure,
    ReturneeActionKind::ReturnClosure,
    ReturneeActionKind::Reopen,
    ReturneeActionKind::Assign,
    ReturneeActionKind::UpdateContact,
];

/// The severities an assessment form offers per need domain; "none" leaves the domain out.
const SEVERITIES: [(&str, Option<Severity>); 4] = [
    ("none", None),
    ("mild", Some(Severity::Mild)),
    ("moderate", Some(Severity::Moderate)),
    ("severe", Some(Severity::Severe)),
];
const ANSWERS: [&str; 3] = ["accepted", "declined", "delivered"];

/// The field key of a need domain on the assessment and plan forms: `need-housing`.
fn domain_key(prefix: &str, d: NeedDomain) -> String {
    format!("{prefix}-{}", kind_word(&d))
}

/// The wire word of a value (`housing`, `single_parent`).
fn kind_word<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
pub(crate) const OVERRIDE: ReturneeActionKind = ReturneeActionKind::OverrideConsent;

/// The text key of an action's label: `nrm-action-record_consent` and so on.
pub fn nrm_action_key(kind: ReturneeActionKind) -> String {
    format!("nrm-action-{}", kind_name(kind))
}

/// The dashboard lines of these screens, as the policy table allows them to `role`.
pub fn menu(role: Role, counts: (usize, usize, usize)) -> Vec<MenuItem> {
    let mut items = Vec::new();
    if allows(role, Permission::ViewReturnees) {
        items.push(MenuItem::Returnees(counts.2));
        items.push(MenuItem::Referrals(counts.0));
        items.push(MenuItem::FollowUps(counts.1));
    }
    if allows(role, Permission::ViewProviders) {
        items.push(MenuItem::Providers);
    }
    items
}

const YES_NO: [&str; 2] = ["yes", "no"];
const URGENCIES: [(&str, ReferralUrgency); 3] = [
    ("routine", ReferralUrgency::Routine),
    ("priority", ReferralUrgency::Priority),
    ("urgent", ReferralUrgency::Urgent),
];

fn value<'a>(values: &'a [(String, String)], key: &str) -> &'a str {
    values
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

/// How a referral is named in a choice: service, provider and due date.
fn referral_label(service: NeedDomain, provider: &str, due: chrono::NaiveDate) -> String {
    format!("{service} · {provider} · {due}")
}

impl App {
    pub fn today(&self) -> chrono::NaiveDate {
        self.nrm.clock.unwrap_or_else(|| Utc::now().date_naive())
    }

    pub(crate) fn role(&self) -> Option<Role> {
        self.session.as_ref().map(|s| s.role)
    }

    /// The scopes this user can switch between, in order.
    pub fn referral_scopes(&self) -> Vec<ReferralScope> {
        let mut scopes = Vec::new();
        if self
            .role()
            .is_some_and(|r| allows(r, Permission::WorkReturnee))
        {
            scopes.push(ReferralScope::Mine);
        }
        scopes.push(ReferralScope::AllOpen);
        scopes.push(ReferralScope::FollowUpsDue);
        scopes.extend((0..self.nrm.providers.rows.len()).map(ReferralScope::Provider));
        scopes
    }

    pub(crate) fn referral_filter(&self, scope: ReferralScope) -> ReferralFilter {
        let mut filter = ReferralFilter {
            open: true,
            ..ReferralFilter::default()
        };
        match scope {
            ReferralScope::Mine => filter.assignee = self.session.as_ref().map(|s| s.user.clone()),
            ReferralScope::Provider(i) => {
                filter.provider = self.nrm.providers.rows.get(i).map(|p| p.id)
            }
            ReferralScope::AllOpen | ReferralScope::FollowUpsDue => {}
        }
        filter
    }

    /// The dashboard's two numbers; a failure leaves them at zero (the screens say why).
    pub(crate) fn refresh_nrm_counts(&mut self) {
        let Some(role) = self.role() else { return };
        if !allows(role, Permission::ViewReturnees) {
            return;
        }
        let scope = if allows(role, Permission::WorkReturnee) {
            ReferralScope::Mine
        } else {
            ReferralScope::AllOpen
        };
        let filter = self.referral_filter(scope);
        let referrals = self.port.referrals(&filter).map_or(0, |r| r.len());
        let due = self.port.follow_ups_due().map_or(0, |r| r.len());
        let open = self
            .port
            .returnees()
            .map_or(0, |r| r.iter().filter(|r| r.status.is_open()).count());
        self.nrm.counts = (referrals, due, open);
    }

    pub(crate) fn open_nrm(&mut self, item: MenuItem) {
        match item {
            MenuItem::Referrals(_) => {
                let mine = self
                    .role()
                    .is_some_and(|r| allows(r, Permission::WorkReturnee));
                self.nrm.scope = if mine {
                    ReferralScope::Mine
                } else {
                    ReferralScope::AllOpen
                };
                self.go(Screen::Referrals);
            }
            MenuItem::FollowUps(_) => {
                self.nrm.scope = ReferralScope::FollowUpsDue;
                self.go(Screen::Referrals);
            }
            MenuItem::Returnees(_) => {
                self.nrm.returnees.nav = ListNav::default();
                self.go(Screen::Returnees);
            }
            _ => self.go(Screen::Providers),
        }
        self.nrm.referrals.nav = ListNav::default();
        self.nrm.follow_ups.nav = ListNav::default();
        self.refresh();
    }

    pub(crate) fn refresh_nrm(&mut self) {
        match self.screen {
            Screen::Referrals => {
                let providers = self.port.providers();
                self.nrm.providers.set(providers);
                if self.nrm.scope == ReferralScope::FollowUpsDue {
                    let rows = self.port.follow_ups_due();
                    self.nrm.follow_ups.set(rows);
                } else {
                    let filter = self.referral_filter(self.nrm.scope);
                    let rows = self.port.referrals(&filter);
                    self.nrm.referrals.set(rows);
                }
            }
            Screen::Providers => {
                let providers = self.port.providers();
                self.nrm.providers.set(providers);
            }
            Screen::Returnees => {
                let providers = self.port.providers();
                self.nrm.providers.set(providers);
                let rows = self.port.returnees();
                self.nrm.returnees.set(rows);
            }
            Screen::Returnee => {
                let id = self.nrm.record.as_ref().map(|r| r.returnee.id.to_string());
                if let Some(id) = id {
                    self.load_returnee(&id);
                }
            }
            _ => {}
        }
    }

    /// The returnee rows the filter lets through, in the station's order (open first).
    pub fn shown_returnees(&self) -> Vec<&ReturneeRow> {
        let f = &self.nrm.filter;
        let provider = f.provider.as_ref().and_then(|name| {
            self.nrm
                .providers
                .rows
                .iter()
                .find(|p| &p.name == name)
                .map(|p| p.id)
        });
        self.nrm
            .returnees
            .rows
            .iter()
            .filter(|r| f.governorate.as_ref().is_none_or(|g| &r.governorate == g))
            .filter(|r| f.status.as_ref().is_none_or(|s| r.status.as_str() == s))
            .filter(|r| {
                f.officer
                    .as_ref()
                    .is_none_or(|o| r.assignee.as_ref() == Some(o))
            })
            .filter(|r| f.provider.is_none() || provider.is_some_and(|p| r.providers.contains(&p)))
            .collect()
    }

    pub(crate) fn on_returnees(&mut self, action: Action) {
        let n = self.shown_returnees().len();
        if self.nrm.returnees.nav.apply(action, n, self.page) {
            return;
        }
        match action {
            Action::Open => {
                let selected = self.nrm.returnees.nav.selected;
                let id = self.shown_returnees().get(selected).map(|r| r.id.clone());
                if let Some(id) = id {
                    self.show_returnee(&id);
                }
            }
            Action::Filter => self.start_returnee_filter(),
            Action::Add
                if self
                    .role()
                    .is_some_and(|r| allows(r, Permission::WorkReturnee)) =>
            {
                self.start_new_returnee()
            }
            Action::Add => self.complain(self.text.get("nrm-new-returnee-not-allowed")),
            Action::Refresh => self.refresh(),
            Action::Back => self.back(),
            _ => {}
        }
    }

    /// The filter form: each choice offers "any" and the values the list holds.
    fn start_returnee_filter(&mut self) {
        let any = self.text.get("returnees-any");
        let rows = &self.nrm.returnees.rows;
        let values = |mut v: Vec<String>| {
            v.sort();
            v.dedup();
            let mut out = vec![any.clone()];
            out.extend(v);
            FieldKind::Choice(out)
        };
        let governorates = values(rows.iter().map(|r| r.governorate.clone()).collect());
        let statuses = values(rows.iter().map(|r| r.status.to_string()).collect());
        let officers = values(rows.iter().filter_map(|r| r.assignee.clone()).collect());
        let providers = values(
            self.nrm
                .providers
                .rows
                .iter()
                .map(|p| p.name.clone())
                .collect(),
        );
        let form = ActionForm {
            key: "returnee-filter".into(),
            label: self.text.get("returnees-filter"),
            fields: vec![
                self.nrm_field("governorate", governorates),
                self.nrm_field("status", statuses),
                self.nrm_field("officer", officers),
                self.nrm_field("provider", providers),
            ],
        };
        self.form = Some(FormState::new(FormPurpose::ReturneeFilter, form));
    }

    pub(crate) fn set_returnee_filter(&mut self, values: &[(String, String)]) {
        let any = self.text.get("returnees-any");
        let pick =
            |key: &str| Some(value(values, key).to_string()).filter(|v| !v.is_empty() && *v != any);
        self.nrm.filter = ReturneeFilter {
            governorate: pick("governorate"),
            status: pick("status"),
            officer: pick("officer"),
            provider: pick("provider"),
        };
        self.nrm.returnees.nav = ListNav::default();
    }

    /// Opens the returnee page of a record (from a referral, a follow-up or the approvals screen).
    pub(crate) fn show_returnee(&mut self, id: &str) {
        if self.load_returnee(id) {
            self.nrm.menu = None;
            self.go(Screen::Returnee);
        }
    }

    pub(crate) fn load_returnee(&mut self, id: &str) -> bool {
        match self.port.returnee(id) {
            Ok((record, allowed)) => {
                let same = self
                    .nrm
                    .record
                    .as_ref()
                    .is_some_and(|r| r.returnee.id == record.returnee.id);
                if !same {
                    self.nrm.scroll = 0;
                }
                self.nrm.record = Some(record);
                self.nrm.allowed = allowed;
                true
            }
            Err(e) => {
                self.complain(e);
                false
            }
        }
    }

    pub(crate) fn on_referrals(&mut self, action: Action) {
        let follow_ups = self.nrm.scope == ReferralScope::FollowUpsDue;
        let moved = if follow_ups {
            let l = &mut self.nrm.follow_ups;
            l.nav.apply(action, l.rows.len(), self.page)
        } else {
            let l = &mut self.nrm.referrals;
            l.nav.apply(action, l.rows.len(), self.page)
        };
        if moved {
            return;
        }
        match action {
            Action::NextTab | Action::PrevTab => {
                let scopes = self.referral_scopes();
                let at = scopes
                    .iter()
                    .position(|s| *s == self.nrm.scope)
                    .unwrap_or(0);
                let n = scopes.len().max(1);
                let next = if action == Action::NextTab {
                    (at + 1) % n
                } else {
                    (at + n - 1) % n
                };
                self.nrm.scope = scopes.get(next).copied().unwrap_or_default();
                self.nrm.referrals.nav = ListNav::default();
                self.nrm.follow_ups.nav = ListNav::default();
                self.refresh();
            }
            Action::Open => {
                let id = if follow_ups {
                    self.nrm.follow_ups.selected().map(|r| r.returnee.clone())
                } else {
                    self.nrm.referrals.selected().map(|r| r.returnee.clone())
                };
                if let Some(id) = id {
                    self.show_returnee(&id);
                }
            }
            Action::Refresh => self.refresh(),
            Action::Back => self.back(),
            _ => {}
        }
    }

    /// The record's actions that have a form here, in the order the station gave them.
    pub fn returnee_form_actions(&self) -> Vec<ReturneeActionKind> {
        self.nrm
            .allowed
            .iter()
            .copied()
            .filter(|k| FORM_ACTIONS.contains(k) || *k == OVERRIDE)
            .collect()
    }

    pub(crate) fn on_returnee(&mut self, action: Action) {
        if let Some(mut menu) = self.nrm.menu {
            let actions = self.returnee_form_actions();
            if menu.apply(action, actions.len(), self.page) {
                self.nrm.menu = Some(menu);
                return;
            }
            match action {
                Action::Back => self.nrm.menu = None,
                Action::Open => {
                    self.nrm.menu = None;
                    if let Some(kind) = actions.get(menu.selected) {
                        self.start_returnee_action(*kind);
                    }
                }
                _ => {}
            }
            return;
        }
        match action {
            Action::Up => self.nrm.scroll = self.nrm.scroll.saturating_sub(1),
            Action::Down => self.nrm.scroll += 1,
            Action::PageUp => self.nrm.scroll = self.nrm.scroll.saturating_sub(self.page),
            Action::PageDown => self.nrm.scroll += self.page,
            Action::Actions => {
                if self.returnee_form_actions().is_empty() {
                    self.complain(self.text.get("nrm-no-actions"));
                } else {
                    self.nrm.menu = Some(ListNav::default());
                }
            }
            Action::Refresh => self.refresh(),
            Action::Back => self.back(),
            _ => {}
        }
    }

    fn optional_field(&self, key: &str) -> FormField {
        FormField {
            required: false,
            ..self.nrm_field(key, FieldKind::Text)
        }
    }

    pub(crate) fn nrm_field(&self, key: &str, kind: FieldKind) -> FormField {
        FormField {
            key: key.to_string(),
            label: self.text.get(&format!("nrm-field-{key}")),
            required: true,
            kind,
        }
    }

    /// Active providers by name, for a choice; read afresh so the form offers today's directory.
    pub(crate) fn provider_names(&mut self) -> Vec<String> {
        let answer = self.port.providers();
        self.nrm.providers.set(answer);
        self.nrm
            .providers
            .rows
            .iter()
            .filter(|p| p.active)
            .map(|p| p.name.clone())
            .collect()
    }

    pub(crate) fn start_returnee_action(&mut self, kind: ReturneeActionKind) {
        // Referrals are named by their provider, and sending needs to know whether it has a station.
        self.provider_names();
        let Some(record) = self.nrm.record.as_ref() else {
            return;
        };
        let id = record.returnee.id.to_string();
        let labels = |keep: &dyn Fn(ReferralStatus) -> bool| -> Vec<String> {
            record
                .returnee
                .referrals
                .iter()
                .filter(|r| keep(r.status))
                .map(|r| {
                    let name = self
                        .nrm
                        .providers
                        .rows
                        .iter()
                        .find(|p| p.id == r.provider)
                        .map_or_else(|| r.provider.0.to_string(), |p| p.name.clone());
                    referral_label(r.service, &name, r.due_on)
                })
                .collect()
        };
        let proposed = labels(&|s| s == ReferralStatus::Proposed);
        let answerable = labels(&|s| matches!(s, ReferralStatus::Sent | ReferralStatus::Accepted));
        let open = labels(&|s| s.is_open());
        let choice =
            |list: &[&str]| FieldKind::Choice(list.iter().map(|s| s.to_string()).collect());
        use ReturneeActionKind as K;
        let fields = match kind {
            K::ApprovePlan | K::ApproveClosure | K::WithdrawConsent => {
                let question = self.text.with(
                    "nrm-confirm-action",
                    &[
                        ("action", self.text.get(&nrm_action_key(kind)).into()),
                        ("reference", record.reference.as_str().into()),
                    ],
                );
                let action = match kind {
                    K::ApprovePlan => ReturneeAction::ApprovePlan,
                    K::WithdrawConsent => ReturneeAction::WithdrawConsent,
                    _ => ReturneeAction::ApproveClosure,
                };
                self.confirm = Some(Confirm {
                    question,
                    then: ConfirmThen::Nrm(NrmConfirm::Act { id, action }),
                });
                return;
            }
            K::RecordConsent => {
                let mut providers = vec![self.text.get("nrm-all-providers")];
                providers.extend(self.provider_names());
                vec![
                    self.nrm_field("share_data", choice(&YES_NO)),
                    self.nrm_field("receive_services", choice(&YES_NO)),
                    self.nrm_field("providers", FieldKind::Choice(providers)),
                ]
            }
            K::ProposeReferral => {
                let providers = self.provider_names();
                let services = NeedDomain::ALL.iter().map(|d| d.to_string()).collect();
                let urgencies: Vec<&str> = URGENCIES.iter().map(|(w, _)| *w).collect();
                vec![
                    self.nrm_field("provider", FieldKind::Choice(providers)),
                    self.nrm_field("service", FieldKind::Choice(services)),
                    self.nrm_field("urgency", choice(&urgencies)),
                    self.nrm_field("due_on", FieldKind::Text),
                ]
            }
            K::SendReferral => {
                if proposed.is_empty() {
                    self.complain(self.text.get("nrm-nothing-to-send"));
                    return;
                }
                vec![self.nrm_field("referral", FieldKind::Choice(proposed))]
            }
            K::RecordFollowUp => vec![
                self.nrm_field("on", FieldKind::Text),
                self.nrm_field("note", FieldKind::Text),
            ],
            K::ReturnPlan | K::ReturnClosure => vec![self.nrm_field("note", FieldKind::Text)],
            K::RecordAssessment => {
                let severities: Vec<&str> = SEVERITIES.iter().map(|(w, _)| *w).collect();
                let mut fields: Vec<FormField> = NeedDomain::ALL
                    .iter()
                    .map(|d| FormField {
                        key: domain_key("need", *d),
                        label: d.to_string(),
                        required: true,
                        kind: choice(&severities),
                    })
                    .collect();
                fields.push(self.optional_field("flags"));
                fields
            }
            K::ProposePlan => NeedDomain::ALL
                .iter()
                .map(|d| FormField {
                    key: domain_key("plan", *d),
                    label: d.to_string(),
                    required: false,
                    kind: FieldKind::Text,
                })
                .collect(),
            K::RecordReferralResponse => {
                if answerable.is_empty() {
                    self.complain(self.text.get("nrm-nothing-to-answer"));
                    return;
                }
                vec![
                    self.nrm_field("referral", FieldKind::Choice(answerable)),
                    self.nrm_field("answer", choice(&ANSWERS)),
                    self.optional_field("reason"),
                    self.optional_field("on"),
                ]
            }
            K::CancelReferral => {
                if open.is_empty() {
                    self.complain(self.text.get("nrm-nothing-to-answer"));
                    return;
                }
                vec![
                    self.nrm_field("referral", FieldKind::Choice(open)),
                    self.nrm_field("reason", FieldKind::Text),
                ]
            }
            K::SetFollowUpSchedule => vec![self.nrm_field("days", FieldKind::Text)],
            K::Assign => vec![self.optional_field("user")],
            K::UpdateContact => vec![self.optional_field("phone"), self.optional_field("address")],
            _ => vec![self.nrm_field("reason", FieldKind::Text)],
        };
        let form = ActionForm {
            key: kind_name(kind),
            label: self.text.get(&nrm_action_key(kind)),
            fields,
        };
        self.form = Some(FormState::new(FormPurpose::Returnee { id, kind }, form));
    }

    /// The domain action a returnee form asks for, or the sentence saying which value is wrong.
    pub(crate) fn returnee_action(
        &self,
        kind: ReturneeActionKind,
        values: &[(String, String)],
    ) -> Result<ReturneeAction, String> {
        use ReturneeActionKind as K;
        let text = |key: &str| value(values, key).to_string();
        let date =
            |key: &str| parse_date(value(values, key)).map_err(|_| self.text.get("nrm-bad-date"));
        let provider_named = |name: &str| {
            self.nrm
                .providers
                .rows
                .iter()
                .find(|p| p.name == name)
                .cloned()
                .ok_or_else(|| self.text.get("nrm-no-provider"))
        };
        Ok(match kind {
            K::RecordConsent => {
                let chosen = value(values, "providers");
                let providers = if chosen == self.text.get("nrm-all-providers") {
                    ConsentProviders::All
                } else {
                    ConsentProviders::Only(vec![provider_named(chosen)?.id])
                };
                ReturneeAction::RecordConsent {
                    scope: ConsentScope {
                        share_data: value(values, "share_data") == "yes",
                        receive_services: value(values, "receive_services") == "yes",
                    },
                    providers,
                    given_at: Utc::now(),
                }
            }
            K::ProposeReferral => {
                let service = NeedDomain::ALL
                    .into_iter()
                    .find(|d| d.to_string() == value(values, "service"))
                    .unwrap_or(NeedDomain::Housing);
                let urgency = URGENCIES
                    .iter()
                    .find(|(w, _)| *w == value(values, "urgency"))
                    .map_or(ReferralUrgency::Routine, |(_, u)| *u);
                ReturneeAction::ProposeReferral(ReferralRequest {
                    id: Uuid::new_v4(),
                    provider: provider_named(value(values, "provider"))?.id,
                    service,
                    urgency,
                    due_on: date("due_on")?,
                })
            }
            K::SendReferral => {
                let referral = self.chosen_referral(values)?;
                let provider = self
                    .nrm
                    .providers
                    .rows
                    .iter()
                    .find(|p| p.id == referral.provider)
                    .cloned()
                    .ok_or_else(|| self.text.get("nrm-no-provider"))?;
                ReturneeAction::SendReferral {
                    referral: referral.id,
                    provider: Box::new(provider),
                }
            }
            K::RecordFollowUp => ReturneeAction::RecordFollowUp {
                on: date("on")?,
                note: text("note"),
            },
            K::ReturnPlan => ReturneeAction::ReturnPlan { note: text("note") },
            K::ReturnClosure => ReturneeAction::ReturnClosure { note: text("note") },
            K::OverrideConsent => ReturneeAction::OverrideConsent {
                reason: text("reason"),
            },
            K::Reopen => ReturneeAction::Reopen {
                reason: text("reason"),
            },
            K::WithdrawConsent => ReturneeAction::WithdrawConsent,
            K::ApprovePlan => ReturneeAction::ApprovePlan,
            K::ApproveClosure => ReturneeAction::ApproveClosure,
            K::RecordAssessment => {
                let mut needs = vec![];
                for d in NeedDomain::ALL {
                    let chosen = value(values, &domain_key("need", d));
                    if let Some((_, Some(severity))) = SEVERITIES.iter().find(|(w, _)| *w == chosen)
                    {
                        needs.push(Need {
                            domain: d,
                            severity: *severity,
                            note: None,
                        });
                    }
                }
                let mut flags = std::collections::BTreeSet::new();
                for word in value(values, "flags")
                    .split(',')
                    .map(str::trim)
                    .filter(|w| !w.is_empty())
                {
                    let flag = Vulnerability::ALL
                        .into_iter()
                        .find(|v| kind_word(v) == word.to_lowercase())
                        .ok_or_else(|| self.text.get("nrm-bad-flag"))?;
                    flags.insert(flag);
                }
                ReturneeAction::RecordAssessment { flags, needs }
            }
            K::ProposePlan => ReturneeAction::ProposePlan {
                items: NeedDomain::ALL
                    .into_iter()
                    .filter_map(|need| {
                        let text = value(values, &domain_key("plan", need)).trim();
                        (!text.is_empty()).then(|| PlanItem {
                            need,
                            services: vec![ProposedService {
                                provider: None,
                                description: text.to_string(),
                            }],
                        })
                    })
                    .collect(),
            },
            K::RecordReferralResponse => {
                let referral = self.chosen_referral(values)?.id;
                let response = match value(values, "answer") {
                    "accepted" => ReferralResponse::Accepted,
                    "declined" => ReferralResponse::Declined {
                        reason: text("reason"),
                    },
                    _ => ReferralResponse::Delivered { on: date("on")? },
                };
                ReturneeAction::RecordReferralResponse { referral, response }
            }
            K::CancelReferral => ReturneeAction::CancelReferral {
                referral: self.chosen_referral(values)?.id,
                reason: text("reason"),
            },
            K::SetFollowUpSchedule => ReturneeAction::SetFollowUpSchedule {
                days: value(values, "days")
                    .split(',')
                    .map(|d| d.trim().parse::<u32>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| self.text.get("nrm-bad-days"))?,
            },
            K::Assign => ReturneeAction::Assign {
                user: Some(match value(values, "user").trim() {
                    "" => UserName::parse(self.session.as_ref().map_or("", |s| s.user.as_str()))
                        .map_err(|_| self.text.get("nrm-bad-user"))?,
                    name => UserName::parse(name).map_err(|_| self.text.get("nrm-bad-user"))?,
                }),
            },
            K::UpdateContact => ReturneeAction::UpdateContact(Contact {
                phone: Some(text("phone")).filter(|p| !p.trim().is_empty()),
                address: Some(text("address")).filter(|a| !a.trim().is_empty()),
            }),
            K::ProposeClosure | K::Register => ReturneeAction::ProposeClosure {
                reason: text("reason"),
            },
        })
    }

    /// The referral a form's `referral` choice names, on the open record.
    fn chosen_referral(
        &self,
        values: &[(String, String)],
    ) -> Result<crate::domain::nrm::Referral, String> {
        let wanted = value(values, "referral");
        self.nrm
            .record
            .as_ref()
            .into_iter()
            .flat_map(|r| r.returnee.referrals.iter())
            .find(|r| {
                let p = self.nrm.providers.rows.iter().find(|p| p.id == r.provider);
                let name = p.map_or_else(|| r.provider.0.to_string(), |p| p.name.clone());
                referral_label(r.service, &name, r.due_on) == wanted
            })
            .cloned()
            .ok_or_else(|| self.text.get("nrm-no-provider"))
    }

    /// Submits a returnee form; the answer shows like any form's.
    pub(crate) fn submit_returnee_form(
        &mut self,
        id: &str,
        kind: ReturneeActionKind,
        values: &[(String, String)],
    ) {
        let answer = match self.returnee_action(kind, values) {
            // A provider without a station gets a printable letter in the media folder.
            Ok(ReturneeAction::SendReferral { referral, provider })
                if provider.station.is_none() =>
            {
                let dir = self.media_dir.clone();
                self.port.send_referral_letter(&referral.to_string(), &dir)
            }
            Ok(action) => self.port.act_returnee(id, action),
            Err(e) => Err(e),
        };
        self.form_answered(answer);
    }

    pub(crate) fn on_providers(&mut self, action: Action) {
        let list = &mut self.nrm.providers;
        if list.nav.apply(action, list.rows.len(), self.page) {
            return;
        }
        let selected = list.selected().filter(|p| p.active).cloned();
        match (action, selected) {
            (Action::Remove, Some(p)) => {
                if !self
                    .role()
                    .is_some_and(|r| allows(r, Permission::ManageProviders))
                {
                    self.complain(self.text.get("providers-not-allowed"));
                    return;
                }
                self.confirm = Some(Confirm {
                    question: self
                        .text
                        .with("confirm-deactivate-provider", &[("name", p.name.into())]),
                    then: ConfirmThen::Nrm(NrmConfirm::Deactivate {
                        id: p.id.0.to_string(),
                    }),
                });
            }
            (Action::Refresh, _) => self.refresh(),
            (Action::Back, _) => self.back(),
            _ => {}
        }
    }

    pub(crate) fn confirm_nrm(&mut self, then: NrmConfirm) {
        let answer = match then {
            NrmConfirm::Act { id, action } => self.port.act_returnee(&id, action),
            NrmConfirm::Deactivate { id } => self.port.deactivate_provider(&id),
        };
        match answer {
            Ok(text) => self.say(text),
            Err(text) => self.complain(text),
        }
        self.refresh();
    }
}
