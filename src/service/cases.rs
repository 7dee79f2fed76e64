//! Readmission case use-cases: list, show, and every action of the lifecycle. One function, `act`, runs
//! any action: the domain's `apply` checks the policy, the state and four eyes; this stores the case and
//! its summary, queues what must go to the requesting state, and audits, in one transaction.

use super::case_index::{put_case, CaseIndex, CaseSummary};
use super::session::Note;
use super::{outbox, ServiceError, Session};
use crate::domain::agreement::Agreement;
use crate::domain::calendar::Calendar;
use crate::domain::case::{Case, CaseStatus};
use crate::domain::deadline::{next_due, ClockEvents, DeadlineReport, DeadlineSettings, Urgency};
use crate::domain::lifecycle::{self, Actor, CaseAction, CaseActionKind, CaseError};
use crate::domain::policy::Permission;
use crate::exchange::records::{
    Decision as WireDecision, Reply, TravelDocument as WireTravelDocument,
};
use crate::exchange::Record;
use crate::vault::{Tree, Txn};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// A queue row as `case list --json` prints it (CLI.md), with the deadline worked out for today.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CaseRow {
    pub id: String,
    pub reference: String,
    pub requesting_state: String,
    pub status: CaseStatus,
    pub surname: String,
    pub given_names: String,
    pub native_name: Option<String>,
    pub date_of_birth: String,
    pub received_at: DateTime<Utc>,
    pub reply_due: Option<String>,
    pub next_due: Option<String>,
    pub due_for: Option<String>,
    pub days_left: Option<i64>,
    pub urgency: Urgency,
    pub deemed_accepted: bool,
    pub assignee: Option<String>,
    pub proposed_by: Option<String>,
    pub possible_duplicates: usize,
    #[serde(skip)]
    pub search_keys: Vec<String>,
}

/// Which cases `cases()` returns.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub status: Option<CaseStatus>,
    pub overdue: bool,
    pub due_soon: bool,
    /// Words matched by prefix against names in every script, references and document numbers.
    pub find: Option<String>,
}

/// The rules deadlines are computed with, loaded once per query.
pub(crate) struct Rules {
    agreements: HashMap<String, Agreement>,
    calendars: HashMap<String, Calendar>,
    settings: DeadlineSettings,
}

impl Rules {
    pub(crate) fn report(&self, s: &CaseSummary, now: DateTime<Utc>) -> Option<DeadlineReport> {
        let (a, c) = self.agreement_and_calendar(&s.agreement)?;
        Some(next_due(&s.clock, a, c, &self.settings, now))
    }

    /// An agreement and the calendar its days are counted on.
    pub(crate) fn agreement_and_calendar(&self, code: &str) -> Option<(&Agreement, &Calendar)> {
        let a = self.agreements.get(code)?;
        Some((a, self.calendars.get(&a.calendar)?))
    }
}

fn case_error(e: CaseError) -> ServiceError {
    match e {
        CaseError::Refused(r) => ServiceError::NotAllowed(r.to_string()),
        CaseError::OwnProposal => ServiceError::NotAllowed(e.to_string()),
        other => ServiceError::Invalid(other.to_string()),
    }
}

impl Session {
    /// The case index, loaded at first use after unlock.
    pub(crate) fn index(&mut self) -> Result<&mut CaseIndex, ServiceError> {
        if self.cases.is_none() {
            self.cases = Some(CaseIndex::load(&self.vault)?);
        }
        // Just loaded above when it was missing.
        self.cases
            .as_mut()
            .ok_or_else(|| ServiceError::Invalid("the case index could not be loaded".into()))
    }

    pub(crate) fn actor(&self) -> Actor {
        Actor {
            name: self.user.name.clone(),
            role: self.user.role,
        }
    }

    pub(crate) fn rules(&self) -> Result<Rules, ServiceError> {
        Ok(Rules {
            agreements: self
                .agreements()?
                .into_iter()
                .map(|a| (a.code.clone(), a))
                .collect(),
            calendars: self
                .calendars()?
                .into_iter()
                .map(|c| (c.code().to_string(), c))
                .collect(),
            settings: self.deadline_settings()?,
        })
    }

    /// A case's internal id from its id or the requesting state's reference.
    pub fn resolve_case(&mut self, case: &str) -> Result<Uuid, ServiceError> {
        self.allow(Permission::ViewCases)?;
        self.index()?.find(case).ok_or_else(|| {
            ServiceError::NotFound(format!(
                "there is no case {}",
                case.chars().take(64).collect::<String>()
            ))
        })
    }

    pub(crate) fn load_case(&self, id: &Uuid) -> Result<Case, ServiceError> {
        self.vault
            .get::<Case>(Tree::CASES, id.as_bytes())?
            .ok_or_else(|| ServiceError::NotFound(format!("case {id} is missing from the vault")))
    }

    /// `ercms case show CASE`: the whole case.
    pub fn case(&mut self, case: &str) -> Result<Case, ServiceError> {
        let id = self.resolve_case(case)?;
        self.load_case(&id)
    }

    /// The deadline report of a case today.
    pub fn deadline(
        &mut self,
        case: &Case,
        now: DateTime<Utc>,
    ) -> Result<Option<DeadlineReport>, ServiceError> {
        let rules = self.rules()?;
        Ok(rules.report(&CaseSummary::of(case), now))
    }

    /// What the signed-in user may do to this case now.
    pub fn allowed_actions(&self, case: &Case) -> Vec<CaseActionKind> {
        lifecycle::allowed_actions(case, &self.actor())
    }

    /// `ercms case list`: rows, most urgent first (overdue, due soon, then by date due).
    pub fn cases(
        &mut self,
        filter: &CaseFilter,
        now: DateTime<Utc>,
    ) -> Result<Vec<CaseRow>, ServiceError> {
        self.allow(Permission::ViewCases)?;
        let rules = self.rules()?;
        let find = filter
            .find
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty());
        let index = self.index()?;
        // Cases received together (an imported bundle) share their clock: each clock is worked out
        // once per listing, which keeps a queue of 100,000 cases quick to open.
        let mut reports: HashMap<(&str, &ClockEvents), Option<DeadlineReport>> = HashMap::new();
        let mut rows: Vec<CaseRow> = index
            .rows
            .iter()
            .filter(|s| filter.status.is_none_or(|st| s.status == st))
            .filter(|s| find.is_none_or(|q| crate::domain::names::matches_query(&s.search_keys, q)))
            .map(|s| {
                let report = reports
                    .entry((s.agreement.as_str(), &s.clock))
                    .or_insert_with(|| rules.report(s, now));
                row(s, report.as_ref())
            })
            .filter(|r| !filter.overdue || r.urgency == Urgency::Overdue)
            .filter(|r| !filter.due_soon || r.urgency == Urgency::DueSoon)
            .collect();
        rows.sort_by(|a, b| {
            (a.urgency, a.days_left.unwrap_or(i64::MAX), &a.reference).cmp(&(
                b.urgency,
                b.days_left.unwrap_or(i64::MAX),
                &b.reference,
            ))
        });
        Ok(rows)
    }

    /// `case show --json`: everything the case holds, with what the station works out from it today
    /// (deadline, determination, evidence strength) and what the signed-in user may do next.
    pub fn case_document(
        &mut self,
        case: &Case,
        now: DateTime<Utc>,
    ) -> Result<serde_json::Value, ServiceError> {
        let mut doc = serde_json::to_value(case).map_err(ServiceError::invalid)?;
        let today = now.date_naive();
        let evidence = crate::domain::evidence::assess(&case.application.evidence, today);
        let determination = case.determination(today);
        let report = self.deadline(case, now)?;
        let actions: Vec<&str> = self
            .allowed_actions(case)
            .into_iter()
            .map(|k| k.as_str())
            .collect();
        if let Some(obj) = doc.as_object_mut() {
            obj.insert("reference".into(), case.reference().into());
            obj.insert(
                "deadline".into(),
                serde_json::to_value(report).unwrap_or_default(),
            );
            obj.insert(
                "determination".into(),
                serde_json::json!({"value": determination, "explanation": determination.explain()}),
            );
            obj.insert(
                "evidence_strength".into(),
                serde_json::json!({"value": evidence.strength, "explanation": evidence.strength.explain()}),
            );
            obj.insert(
                "allowed_actions".into(),
                serde_json::to_value(actions).unwrap_or_default(),
            );
        }
        Ok(doc)
    }

    /// Runs one lifecycle action on a case (CLI `case register|check|propose|approve|return|…`, TUI forms).
    pub fn act(
        &mut self,
        case: &str,
        action: CaseAction,
        now: DateTime<Utc>,
    ) -> Result<Case, ServiceError> {
        if matches!(action, CaseAction::Refer) {
            // Referring alone would leave the case REFERRED with no NRM record: the hand-over opens
            // the record and refers the case in one transaction.
            return Err(ServiceError::Invalid(
                "a case is handed over to the National Referral Mechanism by opening its returnee record (ercms returnee open CASE --governorate G), which refers it at the same time".into(),
            ));
        }
        let id = self.resolve_case(case)?;
        let before = self.load_case(&id)?;
        let kind = action.kind();
        if let CaseAction::ProposeExtension { days } = &action {
            // The agreement caps extensions; the domain's apply leaves that check to us.
            self.agreement(&before.application.agreement)?
                .check_extension(before.extension_days, *days)
                .map_err(ServiceError::invalid)?;
        }
        if let CaseAction::IssueTravelDocument {
            issued_on,
            valid_until,
            ..
        }
        | CaseAction::ReissueTravelDocument {
            issued_on,
            valid_until,
            ..
        } = &action
        {
            // The agreement's minimum validity, named in the refusal.
            self.agreement(&before.application.agreement)?
                .check_td_validity(*issued_on, *valid_until)
                .map_err(ServiceError::invalid)?;
        }
        let after = lifecycle::apply(&before, action, &self.actor(), now).map_err(case_error)?;
        let mut txn = Txn::default();
        let summary = put_case(&self.vault, &mut txn, &after)?;
        self.queue_outgoing(&before, &after, &mut txn, now)?;
        let detail = format!(
            "{}: {} -> {}",
            after.reference(),
            before.status,
            after.status
        );
        let action_name = format!(
            "case.{}",
            serde_json::to_value(kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        );
        let target = id.to_string();
        self.commit(
            txn,
            now,
            &[Note {
                action: &action_name,
                target: Some(&target),
                detail: Some(&detail),
            }],
        )?;
        self.index()?.upsert(summary);
        Ok(after)
    }

    /// What an action obliges us to send: the reply once a decision is approved, the travel document
    /// once issued. Queued in the same transaction; the clerk's export carries it.
    fn queue_outgoing(
        &self,
        before: &Case,
        after: &Case,
        txn: &mut Txn,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let Some(to) = after.sender.clone() else {
            return Ok(());
        };
        let approved_now = before.decision.is_none() && after.decision.is_some();
        let td_now = after.travel_documents.len() > before.travel_documents.len();
        if !(approved_now || td_now) {
            return Ok(());
        }
        let Some(decision) = &after.decision else {
            return Ok(());
        };
        let reply = Reply {
            id: Uuid::now_v7().hyphenated().to_string(),
            application: after.reference().to_string(),
            decision: if decision.accepted {
                WireDecision::Accepted
            } else {
                WireDecision::Refused
            },
            grounds: decision.grounds.clone(),
            decided_on: decision.approved_at.date_naive(),
            travel_document: if td_now {
                after.current_travel_document().map(|t| WireTravelDocument {
                    number: t.number.clone(),
                    issued_on: t.issued_on,
                    valid_until: t.valid_until,
                })
            } else {
                None
            },
        };
        outbox::queue(
            &self.vault,
            txn,
            &to,
            Record::ReadmissionReply(reply),
            after.reference(),
            now,
        )
    }
}

fn row(s: &CaseSummary, report: Option<&DeadlineReport>) -> CaseRow {
    let due = report.and_then(|r| r.due.as_ref());
    CaseRow {
        id: s.id.to_string(),
        reference: s.reference.clone(),
        requesting_state: s.requesting_state.clone(),
        status: s.status,
        surname: s.surname.clone(),
        given_names: s.given_names.clone(),
        native_name: s.native_name.clone(),
        date_of_birth: s.date_of_birth.to_string(),
        received_at: s.received_at,
        reply_due: due
            .filter(|d| d.what == crate::domain::deadline::DueFor::Reply)
            .map(|d| d.on.to_string()),
        // NaiveDate displays as YYYY-MM-DD, without parsing a format string per row.
        next_due: due.map(|d| d.on.to_string()),
        due_for: due.map(|d| d.what.as_str().to_string()),
        days_left: due.map(|d| d.days_left),
        urgency: report.map_or(Urgency::None, |r| r.urgency),
        deemed_accepted: report.is_some_and(|r| r.deemed_accepted),
        assignee: s.assignee.clone(),
        proposed_by: s.proposed_by.clone(),
        possible_duplicates: s.possible_duplicates,
        search_keys: s.search_keys.clone(),
    }
}
