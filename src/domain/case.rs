//! The readmission case record: the application, where it stands, and everything done on it.
//! It changes only through [`super::lifecycle::apply`], which appends a [`CaseEvent`] each time.

use super::application::Application;
use super::check::{determine, Check, Determination};
use super::deadline::ClockEvents;
use super::evidence::assess;
use super::ids::UserName;
use super::lifecycle::CaseActionKind;
use super::role::Role;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// Where a readmission case stands (DOMAIN.md). Stored and printed as the SCREAMING_SNAKE names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CaseStatus {
    Received,
    Registered,
    InVerification,
    DecisionProposed,
    DecisionApproved,
    ReplySent,
    TravelDocIssued,
    TransferNotified,
    Arrived,
    Referred,
    Closed,
    ExtensionRequested,
    InfoRequested,
    Withdrawn,
    DeemedAccepted,
    TravelDocExpired,
    TransferWindowExpired,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 17] = [
        CaseStatus::Received,
        CaseStatus::Registered,
        CaseStatus::InVerification,
        CaseStatus::DecisionProposed,
        CaseStatus::DecisionApproved,
        CaseStatus::ReplySent,
        CaseStatus::TravelDocIssued,
        CaseStatus::TransferNotified,
        CaseStatus::Arrived,
        CaseStatus::Referred,
        CaseStatus::Closed,
        CaseStatus::ExtensionRequested,
        CaseStatus::InfoRequested,
        CaseStatus::Withdrawn,
        CaseStatus::DeemedAccepted,
        CaseStatus::TravelDocExpired,
        CaseStatus::TransferWindowExpired,
    ];

    pub fn as_str(self) -> &'static str {
        use CaseStatus::*;
        match self {
            Received => "RECEIVED",
            Registered => "REGISTERED",
            InVerification => "IN_VERIFICATION",
            DecisionProposed => "DECISION_PROPOSED",
            DecisionApproved => "DECISION_APPROVED",
            ReplySent => "REPLY_SENT",
            TravelDocIssued => "TRAVEL_DOC_ISSUED",
            TransferNotified => "TRANSFER_NOTIFIED",
            Arrived => "ARRIVED",
            Referred => "REFERRED",
            Closed => "CLOSED",
            ExtensionRequested => "EXTENSION_REQUESTED",
            InfoRequested => "INFO_REQUESTED",
            Withdrawn => "WITHDRAWN",
            DeemedAccepted => "DEEMED_ACCEPTED",
            TravelDocExpired => "TRAVEL_DOC_EXPIRED",
            TransferWindowExpired => "TRANSFER_WINDOW_EXPIRED",
        }
    }

    /// From the printed name, case-insensitively (`case list --status registered`).
    pub fn parse(s: &str) -> Option<CaseStatus> {
        let s = s.trim().to_ascii_uppercase().replace('-', "_");
        CaseStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// No time limit runs any more in these states.
    pub fn is_finished(self) -> bool {
        use CaseStatus::*;
        matches!(
            self,
            Arrived | Referred | Closed | Withdrawn | TransferWindowExpired
        )
    }
}

impl fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an officer proposes; a supervisor approves or returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProposalKind {
    Accept,
    Refuse { grounds: String },
    Extension { days: u32 },
    InfoRequest { what: String },
}

impl ProposalKind {
    /// The proposal in words, with what it carries: for lists, confirmations and history lines.
    pub fn describe(&self) -> String {
        match self {
            ProposalKind::Accept => "accept".into(),
            ProposalKind::Refuse { grounds } => format!("refuse, on the grounds: {grounds}"),
            ProposalKind::Extension { days } => format!("extend the time limit by {days} days"),
            ProposalKind::InfoRequest { what } => format!("ask for information: {what}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    #[serde(flatten)]
    pub kind: ProposalKind,
    pub by: UserName,
    pub at: DateTime<Utc>,
    /// The determination the proposal cites, as it stood when proposed.
    pub determination: Determination,
}

/// The approved answer to the application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub accepted: bool,
    /// Compulsory for a refusal, absent for an acceptance.
    pub grounds: Option<String>,
    pub determination: Determination,
    pub proposed_by: UserName,
    pub approved_by: UserName,
    pub approved_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ApprovalOutcome {
    Approved,
    Returned { note: String },
}

/// One supervisor's answer to one proposal: the four-eyes history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub proposal: Proposal,
    #[serde(flatten)]
    pub outcome: ApprovalOutcome,
    pub by: UserName,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TravelDocument {
    pub number: String,
    pub issued_on: NaiveDate,
    pub valid_until: NaiveDate,
    pub issued_by: UserName,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TransferMode {
    Air,
    Land,
    Sea,
}

/// The requesting state's notice of the transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferNotification {
    pub at: DateTime<Utc>,
    pub border_point: String,
    pub mode: TransferMode,
    pub flight_or_vehicle: Option<String>,
    pub escort: Option<String>,
    pub medical_needs: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrival {
    pub at: DateTime<Utc>,
    pub border_point: String,
    pub recorded_by: UserName,
}

/// One line of the case's history: who did what, when, and the status it moved between.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseEvent {
    pub at: DateTime<Utc>,
    pub actor: UserName,
    pub role: Role,
    pub action: CaseActionKind,
    pub from: CaseStatus,
    pub to: CaseStatus,
    /// The supervisor's note on a return, the information asked for…
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub id: Uuid,
    pub application: Application,
    /// The station that sent the application, where replies go (`None` for a case entered by hand).
    #[serde(default)]
    pub sender: Option<String>,
    pub status: CaseStatus,
    pub assignee: Option<UserName>,
    pub checks: Vec<Check>,
    /// The proposal waiting for a supervisor, if any.
    pub proposal: Option<Proposal>,
    pub decision: Option<Decision>,
    pub approvals: Vec<Approval>,
    /// Every travel document issued, oldest first; the last one is current (reissues append).
    pub travel_documents: Vec<TravelDocument>,
    pub transfer: Option<TransferNotification>,
    pub arrival: Option<Arrival>,
    /// Other cases that may concern the same person (set by the service from `duplicate_candidates`).
    pub possible_duplicates: Vec<Uuid>,
    /// Flagged cases an officer found to concern the same person: the cases are linked.
    #[serde(default)]
    pub same_person: Vec<Uuid>,
    /// Flagged cases an officer found to concern someone else: the flag went.
    #[serde(default)]
    pub not_same_person: Vec<Uuid>,
    // The clock events the time limits count from.
    pub received_at: DateTime<Utc>,
    pub registered_at: Option<DateTime<Utc>>,
    pub receipt_confirmed_at: Option<DateTime<Utc>>,
    /// Days of extension granted so far.
    pub extension_days: u32,
    pub reply_sent_at: Option<DateTime<Utc>>,
    pub deemed_accepted_at: Option<DateTime<Utc>>,
    /// The officer who proposed closing the case; a different supervisor closes it.
    #[serde(default)]
    pub closure_proposed_by: Option<UserName>,
    pub history: Vec<CaseEvent>,
}

impl Case {
    /// A new case in RECEIVED for an imported application.
    pub fn from_application(
        application: Application,
        received_at: DateTime<Utc>,
        id: Uuid,
    ) -> Case {
        Case {
            id,
            application,
            sender: None,
            status: CaseStatus::Received,
            assignee: None,
            checks: Vec::new(),
            proposal: None,
            decision: None,
            approvals: Vec::new(),
            travel_documents: Vec::new(),
            transfer: None,
            arrival: None,
            possible_duplicates: Vec::new(),
            same_person: Vec::new(),
            not_same_person: Vec::new(),
            received_at,
            registered_at: None,
            receipt_confirmed_at: None,
            extension_days: 0,
            reply_sent_at: None,
            deemed_accepted_at: None,
            closure_proposed_by: None,
            history: Vec::new(),
        }
    }

    /// The requesting state's reference (`DE-2026-004211`).
    pub fn reference(&self) -> &str {
        &self.application.id
    }

    pub fn current_travel_document(&self) -> Option<&TravelDocument> {
        self.travel_documents.last()
    }

    /// What the checks and the evidence amount to on `today`.
    pub fn determination(&self, today: NaiveDate) -> Determination {
        determine(
            &self.checks,
            assess(&self.application.evidence, today).strength,
        )
    }

    /// The facts the deadline rules count from; pass to `deadline::next_due`.
    pub fn clock(&self) -> ClockEvents {
        ClockEvents {
            procedure: Some(self.application.procedure),
            received_at: Some(self.received_at),
            registered_at: self.registered_at,
            receipt_confirmed_at: self.receipt_confirmed_at,
            extension_days: self.extension_days,
            reply_sent_at: self.reply_sent_at,
            accepted: self
                .reply_sent_at
                .and(self.decision.as_ref())
                .map(|d| d.accepted),
            deemed_accepted: self.deemed_accepted_at.is_some(),
            td_valid_until: self.current_travel_document().map(|t| t.valid_until),
            transfer_notified_at: self.transfer.as_ref().map(|t| t.recorded_at),
            transfer_at: self.transfer.as_ref().map(|t| t.at),
            finished: self.status.is_finished(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_print_and_parse_as_screaming_snake_names() {
        for s in CaseStatus::ALL {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
            assert_eq!(CaseStatus::parse(&s.as_str().to_lowercase()), Some(s));
        }
        assert_eq!(
            CaseStatus::DecisionProposed.to_string(),
            "DECISION_PROPOSED"
        );
        assert_eq!(CaseStatus::parse("open"), None);
    }
}
