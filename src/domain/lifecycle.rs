//! The one transition function of a readmission case: [`apply`]. It checks, in this order,
//! (a) the policy table: the actor's role holds the action's permission; (b) the action is legal from
//! the case's status; (c) four eyes: nobody approves or returns a proposal they made; (d) the action's
//! own values (a refusal needs grounds, a travel document a validity after its issue date…). Then it
//! returns the new case with one [`CaseEvent`] appended. A refused action changes nothing.
//!
//! Facts that the clock establishes (deemed acceptance, an expired travel document or transfer window)
//! may be recorded by anyone who may view cases (clerk, officer, supervisor): they decide nothing, and
//! `apply` checks that the date really has passed.

use super::case::{
    Approval, ApprovalOutcome, Arrival, Case, CaseEvent, CaseStatus, Decision, Proposal,
    ProposalKind, TransferMode, TransferNotification, TravelDocument,
};
use super::check::{Check, CheckKind, CheckResult};
use super::ids::UserName;
use super::policy::{allows, Permission, Refused};
use super::role::Role;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// Who acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: UserName,
    pub role: Role,
}

/// Everything that can be done to a case. Values come from the user or a bundle and are checked by
/// [`apply`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum CaseAction {
    Register,
    /// The ministry confirmed receipt to the requesting state (starts some agreements' clocks).
    ConfirmReceipt,
    StartVerification,
    /// A new check, or the result of an earlier one (same id).
    RecordCheck {
        id: Uuid,
        kind: CheckKind,
        result: CheckResult,
        reference: Option<String>,
        note: Option<String>,
        performed_by: Option<String>,
    },
    ProposeAccept,
    ProposeRefuse {
        grounds: String,
    },
    ProposeExtension {
        days: u32,
    },
    ProposeInfoRequest {
        what: String,
    },
    Approve,
    Return {
        note: String,
    },
    MarkReplySent,
    IssueTravelDocument {
        number: String,
        issued_on: NaiveDate,
        valid_until: NaiveDate,
    },
    ExpireTravelDocument,
    ReissueTravelDocument {
        number: String,
        issued_on: NaiveDate,
        valid_until: NaiveDate,
    },
    RecordTransfer {
        at: DateTime<Utc>,
        border_point: String,
        mode: TransferMode,
        flight_or_vehicle: Option<String>,
        escort: Option<String>,
        medical_needs: Option<String>,
    },
    RecordArrival {
        at: DateTime<Utc>,
        border_point: String,
    },
    /// Handed to the National Referral Mechanism.
    Refer,
    /// An officer proposes closing the case; a supervisor who did not propose it closes it.
    ProposeClosure,
    Close,
    /// The requesting state withdrew the application.
    Withdraw,
    /// The reply limit (`reply_due`, from the deadline report) passed under a silence-means-consent rule.
    MarkDeemedAccepted {
        reply_due: NaiveDate,
    },
    /// The transfer window (ending `window_end`, from the deadline report) passed without a transfer.
    ExpireTransferWindow {
        window_end: NaiveDate,
    },
    /// Give the case to a user, or `None` to put it back in the queue.
    Assign {
        user: Option<UserName>,
    },
}

/// The actions without their values: for history lines, menus and refusals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseActionKind {
    Register,
    ConfirmReceipt,
    StartVerification,
    RecordCheck,
    ProposeAccept,
    ProposeRefuse,
    ProposeExtension,
    ProposeInfoRequest,
    Approve,
    Return,
    MarkReplySent,
    IssueTravelDocument,
    ExpireTravelDocument,
    ReissueTravelDocument,
    RecordTransfer,
    RecordArrival,
    Refer,
    ProposeClosure,
    Close,
    Withdraw,
    MarkDeemedAccepted,
    ExpireTransferWindow,
    Assign,
}

use CaseActionKind as K;

impl CaseActionKind {
    pub const ALL: [CaseActionKind; 23] = [
        K::Register,
        K::ConfirmReceipt,
        K::StartVerification,
        K::RecordCheck,
        K::ProposeAccept,
        K::ProposeRefuse,
        K::ProposeExtension,
        K::ProposeInfoRequest,
        K::Approve,
        K::Return,
        K::MarkReplySent,
        K::IssueTravelDocument,
        K::ExpireTravelDocument,
        K::ReissueTravelDocument,
        K::RecordTransfer,
        K::RecordArrival,
        K::Refer,
        K::ProposeClosure,
        K::Close,
        K::Withdraw,
        K::MarkDeemedAccepted,
        K::ExpireTransferWindow,
        K::Assign,
    ];

    /// "a case in X cannot <phrase>".
    pub fn phrase(self) -> &'static str {
        match self {
            K::Register => "be registered",
            K::ConfirmReceipt => "have its receipt confirmed",
            K::StartVerification => "go into verification",
            K::RecordCheck => "take a verification check",
            K::ProposeAccept => "take a proposal to accept",
            K::ProposeRefuse => "take a proposal to refuse",
            K::ProposeExtension => "take a proposal to extend the time limit",
            K::ProposeInfoRequest => "take a proposal to ask for information",
            K::Approve => "be approved",
            K::Return => "be returned to the officer",
            K::MarkReplySent => "have its reply sent",
            K::IssueTravelDocument => "get a travel document",
            K::ExpireTravelDocument => "have its travel document expire",
            K::ReissueTravelDocument => "get a reissued travel document",
            K::RecordTransfer => "take a transfer notification",
            K::RecordArrival => "record an arrival",
            K::Refer => "be referred to the National Referral Mechanism",
            K::ProposeClosure => "take a proposal to close",
            K::Close => "be closed",
            K::Withdraw => "be withdrawn",
            K::MarkDeemedAccepted => "be deemed accepted",
            K::ExpireTransferWindow => "have its transfer window expire",
            K::Assign => "be assigned",
        }
    }

    /// The permissions that allow this action; holding any one is enough.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission as P;
        match self {
            K::Register | K::ConfirmReceipt => &[P::RegisterCase],
            K::StartVerification | K::Refer => &[P::WorkCase],
            K::RecordCheck => &[P::RecordCheck],
            K::ProposeAccept | K::ProposeRefuse | K::ProposeExtension | K::ProposeInfoRequest => {
                &[P::ProposeDecision]
            }
            K::Approve => &[P::ApproveDecision],
            K::Return => &[P::ReturnProposal],
            // The reply leaves the station in a bundle the clerk exports.
            K::MarkReplySent => &[P::ExportBundle],
            K::IssueTravelDocument | K::ReissueTravelDocument => &[P::IssueTravelDocument],
            // Notices from the requesting state arrive by import, or are typed in by an officer.
            K::RecordTransfer | K::Withdraw => &[P::ImportBundle, P::WorkCase],
            K::RecordArrival => &[P::RecordArrival],
            K::ProposeClosure => &[P::ProposeDecision],
            K::Close => &[P::ApproveClosure],
            K::MarkDeemedAccepted | K::ExpireTravelDocument | K::ExpireTransferWindow => {
                &[P::ViewCases]
            }
            // Supervisors hand out cases; officers take them for themselves (checked in `apply`).
            K::Assign => &[P::ReturnProposal, P::WorkCase],
        }
    }
}

impl CaseActionKind {
    /// The stored name (`propose_accept`…), as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            K::Register => "register",
            K::ConfirmReceipt => "confirm_receipt",
            K::StartVerification => "start_verification",
            K::RecordCheck => "record_check",
            K::ProposeAccept => "propose_accept",
            K::ProposeRefuse => "propose_refuse",
            K::ProposeExtension => "propose_extension",
            K::ProposeInfoRequest => "propose_info_request",
            K::Approve => "approve",
            K::Return => "return",
            K::MarkReplySent => "mark_reply_sent",
            K::IssueTravelDocument => "issue_travel_document",
            K::ExpireTravelDocument => "expire_travel_document",
            K::ReissueTravelDocument => "reissue_travel_document",
            K::RecordTransfer => "record_transfer",
            K::RecordArrival => "record_arrival",
            K::Refer => "refer",
            K::ProposeClosure => "propose_closure",
            K::Close => "close",
            K::Withdraw => "withdraw",
            K::MarkDeemedAccepted => "mark_deemed_accepted",
            K::ExpireTransferWindow => "expire_transfer_window",
            K::Assign => "assign",
        }
    }
}

impl fmt::Display for CaseActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl CaseAction {
    pub fn kind(&self) -> CaseActionKind {
        match self {
            CaseAction::Register => K::Register,
            CaseAction::ConfirmReceipt => K::ConfirmReceipt,
            CaseAction::StartVerification => K::StartVerification,
            CaseAction::RecordCheck { .. } => K::RecordCheck,
            CaseAction::ProposeAccept => K::ProposeAccept,
            CaseAction::ProposeRefuse { .. } => K::ProposeRefuse,
            CaseAction::ProposeExtension { .. } => K::ProposeExtension,
            CaseAction::ProposeInfoRequest { .. } => K::ProposeInfoRequest,
            CaseAction::Approve => K::Approve,
            CaseAction::Return { .. } => K::Return,
            CaseAction::MarkReplySent => K::MarkReplySent,
            CaseAction::IssueTravelDocument { .. } => K::IssueTravelDocument,
            CaseAction::ExpireTravelDocument => K::ExpireTravelDocument,
            CaseAction::ReissueTravelDocument { .. } => K::ReissueTravelDocument,
            CaseAction::RecordTransfer { .. } => K::RecordTransfer,
            CaseAction::RecordArrival { .. } => K::RecordArrival,
            CaseAction::Refer => K::Refer,
            CaseAction::ProposeClosure => K::ProposeClosure,
            CaseAction::Close => K::Close,
            CaseAction::Withdraw => K::Withdraw,
            CaseAction::MarkDeemedAccepted { .. } => K::MarkDeemedAccepted,
            CaseAction::ExpireTransferWindow { .. } => K::ExpireTransferWindow,
            CaseAction::Assign { .. } => K::Assign,
        }
    }
}

/// Why an action on a case was refused; each displays as one sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error("a case in {status} cannot {}: {why}", action.phrase())]
    NotNow {
        status: CaseStatus,
        action: CaseActionKind,
        why: &'static str,
    },
    #[error("nobody may approve or return a proposal they made themselves; another supervisor must decide")]
    OwnProposal,
    #[error("a refusal needs its grounds: write why the application is refused")]
    NoGrounds,
    #[error("{0}")]
    Invalid(&'static str),
}

/// The longest free text a case field takes.
const MAX_TEXT: usize = 4000;

/// A required text: trimmed, not empty, not huge.
fn text(value: &str, empty: &'static str) -> Result<String, CaseError> {
    let v = value.trim();
    if v.is_empty() {
        Err(CaseError::Invalid(empty))
    } else if v.chars().count() > MAX_TEXT {
        Err(CaseError::Invalid(
            "a text field holds at most 4000 characters",
        ))
    } else {
        Ok(v.to_string())
    }
}

/// An optional text: blank becomes `None`.
fn optional_text(value: Option<String>) -> Result<Option<String>, CaseError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => text(v, "").map(Some),
    }
}

fn travel_document(
    number: &str,
    issued_on: NaiveDate,
    valid_until: NaiveDate,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<TravelDocument, CaseError> {
    if valid_until <= issued_on {
        return Err(CaseError::Invalid(
            "a travel document's validity must end after its issue date",
        ));
    }
    Ok(TravelDocument {
        number: text(number, "a travel document needs its number")?,
        issued_on,
        valid_until,
        issued_by: actor.name.clone(),
        recorded_at: now,
    })
}

/// The status an action leads to from the case's current state, or why it cannot be done now.
fn target(case: &Case, kind: CaseActionKind) -> Result<CaseStatus, &'static str> {
    use CaseStatus::*;
    let s = case.status;
    let accepted = case.decision.as_ref().map(|d| d.accepted);
    let reply_pending = matches!(
        s,
        Registered
            | InVerification
            | DecisionProposed
            | DecisionApproved
            | ExtensionRequested
            | InfoRequested
    );
    let verifying = matches!(
        s,
        Registered | InVerification | ExtensionRequested | InfoRequested
    );
    if s == Closed {
        return Err("the case is closed");
    }
    let closable = matches!(s, Referred | TransferWindowExpired | Withdrawn)
        || (s == ReplySent && accepted == Some(false));
    match kind {
        K::Register if s == Received => Ok(Registered),
        K::Register => Err("it is already registered"),
        K::ConfirmReceipt if case.receipt_confirmed_at.is_some() => {
            Err("receipt was already confirmed")
        }
        K::ConfirmReceipt if s == Received || verifying => Ok(s),
        K::ConfirmReceipt => Err("receipt is confirmed before a decision is proposed"),
        K::StartVerification if matches!(s, Registered | ExtensionRequested | InfoRequested) => {
            Ok(InVerification)
        }
        K::StartVerification => Err("verification starts once the case is registered"),
        K::RecordCheck if verifying => Ok(InVerification),
        K::RecordCheck => Err("checks are recorded while the case is being verified"),
        K::ProposeAccept | K::ProposeRefuse | K::ProposeExtension | K::ProposeInfoRequest
            if s == InVerification =>
        {
            Ok(DecisionProposed)
        }
        K::ProposeAccept | K::ProposeRefuse | K::ProposeExtension | K::ProposeInfoRequest => {
            Err("proposals are made while the case is in verification")
        }
        K::Approve | K::Return if s != DecisionProposed => Err("no decision has been proposed"),
        K::Approve => match case.proposal.as_ref().map(|p| &p.kind) {
            Some(ProposalKind::Accept | ProposalKind::Refuse { .. }) => Ok(DecisionApproved),
            Some(ProposalKind::Extension { .. }) => Ok(ExtensionRequested),
            Some(ProposalKind::InfoRequest { .. }) => Ok(InfoRequested),
            None => Err("no decision has been proposed"),
        },
        K::Return => Ok(InVerification),
        K::MarkReplySent if s == DecisionApproved => Ok(ReplySent),
        K::MarkReplySent => Err("a reply is sent once the decision is approved"),
        K::IssueTravelDocument
            if case.travel_documents.is_empty()
                && ((s == ReplySent && accepted == Some(true)) || s == DeemedAccepted) =>
        {
            Ok(TravelDocIssued)
        }
        K::IssueTravelDocument => {
            Err("a first travel document is issued once the readmission is accepted")
        }
        K::ExpireTravelDocument if matches!(s, TravelDocIssued | TransferNotified) => {
            Ok(TravelDocExpired)
        }
        K::ExpireTravelDocument => Err("it has no travel document in force"),
        K::ReissueTravelDocument if s == TravelDocExpired => Ok(TravelDocIssued),
        K::ReissueTravelDocument => Err("a travel document is reissued once the last one expired"),
        K::RecordTransfer if matches!(s, TravelDocIssued | TransferNotified) => {
            Ok(TransferNotified)
        }
        K::RecordTransfer => Err("a transfer is notified once a valid travel document is issued"),
        K::RecordArrival if s == TransferNotified => Ok(Arrived),
        K::RecordArrival => Err("an arrival follows a transfer notification"),
        K::Refer if s == Arrived => Ok(Referred),
        K::Refer => Err("only an arrived returnee is referred"),
        K::ProposeClosure | K::Close if !closable => Err(
            "a case closes after a refusal, a referral, a withdrawal or an expired transfer window",
        ),
        K::ProposeClosure if case.closure_proposed_by.is_some() => {
            Err("its closure is proposed already")
        }
        K::ProposeClosure => Ok(s),
        K::Close if case.closure_proposed_by.is_none() => {
            Err("an officer proposes the closure first")
        }
        K::Close => Ok(Closed),
        K::Withdraw if !matches!(s, Arrived | Referred | Withdrawn | TransferWindowExpired) => {
            Ok(Withdrawn)
        }
        K::Withdraw => Err("the application can no longer be withdrawn"),
        K::MarkDeemedAccepted if reply_pending => Ok(DeemedAccepted),
        K::MarkDeemedAccepted => Err("only a case still awaiting its reply can be deemed accepted"),
        K::ExpireTransferWindow
            if (s == ReplySent && accepted == Some(true))
                || matches!(
                    s,
                    DeemedAccepted | TravelDocIssued | TravelDocExpired | TransferNotified
                ) =>
        {
            Ok(TransferWindowExpired)
        }
        K::ExpireTransferWindow => Err("no accepted transfer is waiting"),
        K::Assign => Ok(s),
    }
}

fn check_policy(case: &Case, kind: CaseActionKind, actor: &Actor) -> Result<(), CaseError> {
    let needs = kind.permissions();
    match needs.iter().find(|p| allows(actor.role, **p)) {
        Some(_) => Ok(()),
        None => Err(CaseError::Refused(Refused {
            role: actor.role,
            what: needs[0], // ok: every action names at least one permission
        })),
    }
    .and_then(|()| {
        let proposer = case.proposal.as_ref().map(|p| &p.by);
        let closer = case.closure_proposed_by.as_ref();
        if (matches!(kind, K::Approve | K::Return) && proposer == Some(&actor.name))
            || (kind == K::Close && closer == Some(&actor.name))
        {
            Err(CaseError::OwnProposal)
        } else {
            Ok(())
        }
    })
}

/// The actions `actor` may take on `case` now (their values still to be checked), for screens.
pub fn allowed_actions(case: &Case, actor: &Actor) -> Vec<CaseActionKind> {
    CaseActionKind::ALL
        .into_iter()
        .filter(|k| check_policy(case, *k, actor).is_ok() && target(case, *k).is_ok())
        .collect()
}

/// Apply `action` by `actor` at `now`: the new case with its history line, or why not (the case is
/// unchanged).
pub fn apply(
    case: &Case,
    action: CaseAction,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Case, CaseError> {
    let kind = action.kind();
    check_policy(case, kind, actor)?;
    let to = target(case, kind).map_err(|why| CaseError::NotNow {
        status: case.status,
        action: kind,
        why,
    })?;
    let mut next = case.clone();
    let mut note = None;
    let today = now.date_naive();
    match action {
        CaseAction::Register => next.registered_at = Some(now),
        CaseAction::ConfirmReceipt => next.receipt_confirmed_at = Some(now),
        CaseAction::StartVerification | CaseAction::Refer | CaseAction::Close => {}
        CaseAction::ProposeClosure => next.closure_proposed_by = Some(actor.name.clone()),
        CaseAction::Withdraw => next.proposal = None,
        CaseAction::RecordCheck {
            id,
            kind: check_kind,
            result,
            reference,
            note: check_note,
            performed_by,
        } => {
            let reference = optional_text(reference)?;
            let check_note = optional_text(check_note)?;
            let performed_by = optional_text(performed_by)?;
            match next.checks.iter_mut().find(|c| c.id == id) {
                Some(c) => {
                    c.kind = check_kind;
                    c.result = result;
                    c.reference = reference.or(c.reference.take());
                    c.note = check_note.or(c.note.take());
                    c.performed_by = performed_by.or(c.performed_by.take());
                    c.recorded_at = now;
                }
                None => next.checks.push(Check {
                    id,
                    kind: check_kind,
                    result,
                    reference,
                    note: check_note,
                    requested_by: actor.name.clone(),
                    performed_by,
                    recorded_at: now,
                }),
            }
        }
        CaseAction::ProposeAccept
        | CaseAction::ProposeRefuse { .. }
        | CaseAction::ProposeExtension { .. }
        | CaseAction::ProposeInfoRequest { .. } => {
            let proposal = match action {
                CaseAction::ProposeRefuse { grounds } => {
                    let grounds = text(&grounds, "").map_err(|_| CaseError::NoGrounds)?;
                    // The grounds stay in the history, whatever the supervisor decides.
                    note = Some(grounds.clone());
                    ProposalKind::Refuse { grounds }
                }
                CaseAction::ProposeExtension { days: 0 } => {
                    return Err(CaseError::Invalid("an extension is at least one day"))
                }
                CaseAction::ProposeExtension { days } => ProposalKind::Extension { days },
                CaseAction::ProposeInfoRequest { what } => {
                    let what = text(&what, "an information request says what is needed")?;
                    note = Some(what.clone());
                    ProposalKind::InfoRequest { what }
                }
                _ => ProposalKind::Accept,
            };
            next.proposal = Some(Proposal {
                kind: proposal,
                by: actor.name.clone(),
                at: now,
                determination: case.determination(today),
            });
        }
        CaseAction::Approve => {
            let proposal = next
                .proposal
                .take()
                .ok_or(CaseError::Invalid("no decision has been proposed"))?;
            match &proposal.kind {
                ProposalKind::Accept | ProposalKind::Refuse { .. } => {
                    let grounds = match &proposal.kind {
                        ProposalKind::Refuse { grounds } => Some(grounds.clone()),
                        _ => None,
                    };
                    next.decision = Some(Decision {
                        accepted: grounds.is_none(),
                        grounds,
                        determination: proposal.determination,
                        proposed_by: proposal.by.clone(),
                        approved_by: actor.name.clone(),
                        approved_at: now,
                    });
                }
                ProposalKind::Extension { days } => {
                    next.extension_days = next.extension_days.saturating_add(*days)
                }
                ProposalKind::InfoRequest { .. } => {}
            }
            next.approvals.push(Approval {
                proposal,
                outcome: ApprovalOutcome::Approved,
                by: actor.name.clone(),
                at: now,
            });
        }
        CaseAction::Return { note: why } => {
            let why = text(&why, "a returned proposal needs a note for the officer")?;
            let proposal = next
                .proposal
                .take()
                .ok_or(CaseError::Invalid("no decision has been proposed"))?;
            // The history keeps what was returned (its grounds) beside the supervisor's note.
            note = Some(format!(
                "{why} (returned: {}'s proposal to {})",
                proposal.by,
                proposal.kind.describe()
            ));
            next.approvals.push(Approval {
                proposal,
                outcome: ApprovalOutcome::Returned { note: why },
                by: actor.name.clone(),
                at: now,
            });
        }
        CaseAction::MarkReplySent => next.reply_sent_at = Some(now),
        CaseAction::IssueTravelDocument {
            number,
            issued_on,
            valid_until,
        }
        | CaseAction::ReissueTravelDocument {
            number,
            issued_on,
            valid_until,
        } => {
            let td = travel_document(&number, issued_on, valid_until, actor, now)?;
            if td.valid_until < today {
                return Err(CaseError::Invalid(
                    "the travel document would already have expired",
                ));
            }
            next.travel_documents.push(td);
        }
        CaseAction::ExpireTravelDocument => {
            if case
                .current_travel_document()
                .is_some_and(|td| td.valid_until >= today)
            {
                return Err(CaseError::Invalid("the travel document is still valid"));
            }
        }
        CaseAction::RecordTransfer {
            at,
            border_point,
            mode,
            flight_or_vehicle,
            escort,
            medical_needs,
        } => {
            next.transfer = Some(TransferNotification {
                at,
                border_point: text(&border_point, "a transfer needs its border point")?,
                mode,
                flight_or_vehicle: optional_text(flight_or_vehicle)?,
                escort: optional_text(escort)?,
                medical_needs: optional_text(medical_needs)?,
                recorded_at: now,
            });
        }
        CaseAction::RecordArrival { at, border_point } => {
            if at > now {
                return Err(CaseError::Invalid("an arrival cannot be in the future"));
            }
            next.arrival = Some(Arrival {
                at,
                border_point: text(&border_point, "an arrival needs its border point")?,
                recorded_by: actor.name.clone(),
            });
        }
        CaseAction::MarkDeemedAccepted { reply_due } => {
            if today <= reply_due {
                return Err(CaseError::Invalid("the reply deadline has not passed yet"));
            }
            next.proposal = None;
            next.deemed_accepted_at = Some(now);
        }
        CaseAction::ExpireTransferWindow { window_end } => {
            if today <= window_end {
                return Err(CaseError::Invalid("the transfer window has not ended yet"));
            }
        }
        CaseAction::Assign { user } => {
            let others = user.as_ref().is_some_and(|u| *u != actor.name);
            if others && !allows(actor.role, Permission::ReturnProposal) {
                return Err(CaseError::Invalid(
                    "an officer may take a case only for themselves; a supervisor hands out cases",
                ));
            }
            next.assignee = user;
        }
    }
    next.status = to;
    next.history.push(CaseEvent {
        at: now,
        actor: actor.name.clone(),
        role: actor.role,
        action: kind,
        from: case.status,
        to,
        note,
    });
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::application::{Annex, Application, Evidence, EvidenceKind, Procedure};
    use proptest::prelude::*;
    use CaseStatus::*;

    fn application() -> Application {
        Application {
            id: "DE-2026-004211".into(),
            agreement: "EU-IQ".into(),
            requesting_state: "DE".into(),
            requesting_authority: None,
            submitted_on: NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
            procedure: Procedure::Normal,
            person: crate::domain::duplicate::tests::person("Ahmed", "Al-Jubouri", "1991"),
            evidence: vec![Evidence {
                kind: EvidenceKind::BirthCertificate,
                annex: Annex::PrimaFacie,
                number: None,
                issuer: None,
                issued_on: None,
                expires_on: None,
                attachment: None,
            }],
            health: None,
            escort_required: false,
            interview_requested: false,
            special_circumstances: None,
        }
    }

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-20T09:41:03Z")
            .unwrap()
            .with_timezone(&Utc)
    }
    fn day(n: i64) -> DateTime<Utc> {
        t0() + chrono::Duration::days(n)
    }
    fn date(n: i64) -> NaiveDate {
        day(n).date_naive()
    }
    fn actor(name: &str, role: Role) -> Actor {
        Actor {
            name: UserName::parse(name).unwrap(),
            role,
        }
    }
    fn new_case() -> Case {
        Case::from_application(application(), t0(), Uuid::nil())
    }

    /// Every (from, to) pair the lifecycle may produce, written out independently of `target`.
    const ALLOWED: &[(CaseStatus, CaseStatus)] = &[
        (Received, Received),
        (Received, Registered),
        (Received, Withdrawn),
        (Registered, Registered),
        (Registered, InVerification),
        (Registered, DeemedAccepted),
        (Registered, Withdrawn),
        (InVerification, InVerification),
        (InVerification, DecisionProposed),
        (InVerification, DeemedAccepted),
        (InVerification, Withdrawn),
        (DecisionProposed, DecisionProposed),
        (DecisionProposed, DecisionApproved),
        (DecisionProposed, ExtensionRequested),
        (DecisionProposed, InfoRequested),
        (DecisionProposed, InVerification),
        (DecisionProposed, DeemedAccepted),
        (DecisionProposed, Withdrawn),
        (DecisionApproved, DecisionApproved),
        (DecisionApproved, ReplySent),
        (DecisionApproved, DeemedAccepted),
        (DecisionApproved, Withdrawn),
        (ExtensionRequested, ExtensionRequested),
        (ExtensionRequested, InVerification),
        (ExtensionRequested, DeemedAccepted),
        (ExtensionRequested, Withdrawn),
        (InfoRequested, InfoRequested),
        (InfoRequested, InVerification),
        (InfoRequested, DeemedAccepted),
        (InfoRequested, Withdrawn),
        (ReplySent, ReplySent),
        (ReplySent, TravelDocIssued),
        (ReplySent, TransferWindowExpired),
        (ReplySent, Closed),
        (ReplySent, Withdrawn),
        (DeemedAccepted, DeemedAccepted),
        (DeemedAccepted, TravelDocIssued),
        (DeemedAccepted, TransferWindowExpired),
        (DeemedAccepted, Withdrawn),
        (TravelDocIssued, TravelDocIssued),
        (TravelDocIssued, TransferNotified),
        (TravelDocIssued, TravelDocExpired),
        (TravelDocIssued, TransferWindowExpired),
        (TravelDocIssued, Withdrawn),
        (TravelDocExpired, TravelDocExpired),
        (TravelDocExpired, TravelDocIssued),
        (TravelDocExpired, TransferWindowExpired),
        (TravelDocExpired, Withdrawn),
        (TransferNotified, TransferNotified),
        (TransferNotified, Arrived),
        (TransferNotified, TravelDocExpired),
        (TransferNotified, TransferWindowExpired),
        (TransferNotified, Withdrawn),
        (Arrived, Arrived),
        (Arrived, Referred),
        (Referred, Referred),
        (Referred, Closed),
        (TransferWindowExpired, TransferWindowExpired),
        (TransferWindowExpired, Closed),
        (Withdrawn, Withdrawn),
        (Withdrawn, Closed),
    ];

    fn run(case: Case, steps: &[(CaseAction, &Actor, i64)]) -> Case {
        steps.iter().fold(case, |c, (a, who, d)| {
            apply(&c, a.clone(), who, day(*d))
                .unwrap_or_else(|e| panic!("{:?} by {}: {e}", a.kind(), who.name))
        })
    }

    #[test]
    fn the_whole_path_from_receipt_to_closure() {
        let clerk = actor("clerk", Role::Clerk);
        let amal = actor("amal", Role::Officer);
        let sara = actor("sara", Role::Supervisor);
        let c = run(
            new_case(),
            &[
                (CaseAction::Register, &clerk, 0),
                (
                    CaseAction::Assign {
                        user: Some(amal.name.clone()),
                    },
                    &sara,
                    0,
                ),
                (
                    CaseAction::RecordCheck {
                        id: Uuid::from_u128(1),
                        kind: CheckKind::CivilRegistry,
                        result: CheckResult::Pending,
                        reference: Some("CR-77".into()),
                        note: None,
                        performed_by: None,
                    },
                    &amal,
                    1,
                ),
                (
                    CaseAction::RecordCheck {
                        id: Uuid::from_u128(1),
                        kind: CheckKind::CivilRegistry,
                        result: CheckResult::Confirmed,
                        reference: None,
                        note: Some("entry 1991/334".into()),
                        performed_by: Some("Mosul civil registry".into()),
                    },
                    &amal,
                    3,
                ),
                (CaseAction::ProposeAccept, &amal, 3),
                (CaseAction::Approve, &sara, 4),
                (CaseAction::MarkReplySent, &clerk, 4),
                (
                    CaseAction::IssueTravelDocument {
                        number: "LP-0001".into(),
                        issued_on: date(5),
                        valid_until: date(10),
                    },
                    &amal,
                    5,
                ),
                (CaseAction::ExpireTravelDocument, &clerk, 11),
                (
                    CaseAction::ReissueTravelDocument {
                        number: "LP-0002".into(),
                        issued_on: date(12),
                        valid_until: date(100),
                    },
                    &amal,
                    12,
                ),
                (
                    CaseAction::RecordTransfer {
                        at: day(20),
                        border_point: "Baghdad International Airport".into(),
                        mode: TransferMode::Air,
                        flight_or_vehicle: Some("IA 232".into()),
                        escort: None,
                        medical_needs: None,
                    },
                    &clerk,
                    14,
                ),
                (
                    CaseAction::RecordArrival {
                        at: day(20),
                        border_point: "Baghdad International Airport".into(),
                    },
                    &amal,
                    20,
                ),
                (CaseAction::Refer, &amal, 21),
                (CaseAction::ProposeClosure, &amal, 22),
                (CaseAction::Close, &sara, 22),
            ],
        );
        assert_eq!(c.status, Closed);
        assert_eq!(c.checks.len(), 1);
        assert_eq!(c.checks[0].result, CheckResult::Confirmed);
        assert_eq!(c.checks[0].reference.as_deref(), Some("CR-77"));
        let decision = c.decision.as_ref().unwrap();
        assert!(decision.accepted);
        assert_eq!(
            decision.determination,
            crate::domain::check::Determination::Established
        );
        assert_eq!(c.travel_documents.len(), 2);
        assert_eq!(c.current_travel_document().unwrap().number, "LP-0002");
        assert_eq!(c.history.len(), 15);
        assert_eq!(c.closure_proposed_by, Some(amal.name.clone()));
        assert_eq!(c.assignee, Some(amal.name.clone()));
        assert!(c.clock().finished);
    }

    #[test]
    fn refusals_are_sentences() {
        let clerk = actor("clerk", Role::Clerk);
        let amal = actor("amal", Role::Officer);
        let sara = actor("sara", Role::Supervisor);
        let registered = run(new_case(), &[(CaseAction::Register, &clerk, 0)]);
        let e = apply(&registered, CaseAction::Approve, &sara, day(1)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a case in REGISTERED cannot be approved: no decision has been proposed"
        );
        let e = apply(&registered, CaseAction::ProposeAccept, &clerk, day(1)).unwrap_err();
        assert_eq!(e.to_string(), "your role (clerk) may not propose decisions");
        let verifying = run(registered, &[(CaseAction::StartVerification, &amal, 1)]);
        let e = apply(
            &verifying,
            CaseAction::ProposeRefuse {
                grounds: "  ".into(),
            },
            &amal,
            day(1),
        )
        .unwrap_err();
        assert_eq!(e, CaseError::NoGrounds);
        let e = apply(
            &verifying,
            CaseAction::Assign {
                user: Some(UserName::parse("badr").unwrap()),
            },
            &amal,
            day(1),
        )
        .unwrap_err();
        assert!(matches!(e, CaseError::Invalid(_)));
        let e = apply(
            &verifying,
            CaseAction::MarkDeemedAccepted { reply_due: date(1) },
            &clerk,
            day(1),
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "the reply deadline has not passed yet");
        for e in [e, CaseError::OwnProposal, CaseError::NoGrounds] {
            let s = e.to_string();
            assert!(
                !s.is_empty() && !s.contains('\n') && s.matches(". ").count() == 0,
                "{s}"
            );
        }
    }

    #[test]
    fn four_eyes_a_supervisor_cannot_approve_a_proposal_they_made() {
        // Roles cannot both propose and approve today; the name check holds even if the table changes.
        let amal = actor("amal", Role::Officer);
        let amal_as_supervisor = actor("amal", Role::Supervisor);
        let proposed = run(
            new_case(),
            &[
                (CaseAction::Register, &amal, 0),
                (CaseAction::StartVerification, &amal, 0),
                (
                    CaseAction::ProposeRefuse {
                        grounds: "Civil registry has no entry".into(),
                    },
                    &amal,
                    1,
                ),
            ],
        );
        assert_eq!(
            apply(&proposed, CaseAction::Approve, &amal_as_supervisor, day(2)).unwrap_err(),
            CaseError::OwnProposal
        );
        assert!(!allowed_actions(&proposed, &amal_as_supervisor).contains(&K::Approve));
        let sara = actor("sara", Role::Supervisor);
        assert!(allowed_actions(&proposed, &sara).contains(&K::Approve));
        let returned = apply(
            &proposed,
            CaseAction::Return {
                note: "Ask for the interview first".into(),
            },
            &sara,
            day(2),
        )
        .unwrap();
        assert_eq!(returned.status, InVerification);
        assert_eq!(
            returned.history.last().unwrap().note.as_deref(),
            Some(
                "Ask for the interview first (returned: amal's proposal to refuse, on the \
                 grounds: Civil registry has no entry)"
            ),
            "a return keeps the grounds it returned beside its note"
        );
        assert!(matches!(
            returned.approvals[0].outcome,
            ApprovalOutcome::Returned { .. }
        ));
    }

    #[test]
    fn extensions_and_deemed_acceptance_feed_the_clock() {
        let amal = actor("amal", Role::Officer);
        let sara = actor("sara", Role::Supervisor);
        let c = run(
            new_case(),
            &[
                (CaseAction::Register, &amal, 0),
                (CaseAction::StartVerification, &amal, 0),
                (CaseAction::ProposeExtension { days: 10 }, &amal, 1),
                (CaseAction::Approve, &sara, 1),
            ],
        );
        assert_eq!((c.status, c.extension_days), (ExtensionRequested, 10));
        let c = run(
            c,
            &[(
                CaseAction::MarkDeemedAccepted {
                    reply_due: date(20),
                },
                &amal,
                21,
            )],
        );
        assert_eq!(c.status, DeemedAccepted);
        assert!(c.clock().deemed_accepted);
        assert!(allowed_actions(&c, &amal).contains(&K::IssueTravelDocument));
    }

    #[test]
    fn action_names_are_their_serde_names() {
        for k in CaseActionKind::ALL {
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{k}\""));
        }
    }

    #[test]
    fn screens_see_only_what_the_role_may_do_now() {
        let c = new_case();
        assert_eq!(
            allowed_actions(&c, &actor("clerk", Role::Clerk)),
            [K::Register, K::ConfirmReceipt, K::Withdraw]
        );
        assert!(allowed_actions(&c, &actor("audit", Role::Auditor)).is_empty());
        assert!(allowed_actions(&c, &actor("root", Role::Admin)).is_empty());
    }

    fn actors() -> Vec<Actor> {
        let mut v = Vec::new();
        for role in Role::ALL {
            for name in ["amal", "badr"] {
                v.push(actor(&format!("{name}.{role}"), role));
            }
        }
        v
    }

    /// A random action with values good or bad; `n` picks the kind, `v` the values.
    fn action(n: usize, v: u8, me: &Actor, other: &Actor, step: i64) -> CaseAction {
        let text = |good: &str| {
            if v % 4 == 0 {
                " ".to_string()
            } else {
                good.to_string()
            }
        };
        let d = i64::from(v % 8) - 2;
        match n % 22 {
            0 => CaseAction::Register,
            1 => CaseAction::ConfirmReceipt,
            2 => CaseAction::StartVerification,
            3 => CaseAction::RecordCheck {
                id: Uuid::from_u128(u128::from(v % 3)),
                kind: CheckKind::ALL[usize::from(v) % 6],
                result: CheckResult::ALL[usize::from(v / 6) % 4],
                reference: None,
                note: None,
                performed_by: None,
            },
            4 => CaseAction::ProposeAccept,
            5 => CaseAction::ProposeRefuse {
                grounds: text("no registry entry"),
            },
            6 => CaseAction::ProposeExtension {
                days: u32::from(v % 3) * 10,
            },
            7 => CaseAction::ProposeInfoRequest {
                what: text("fingerprints"),
            },
            8 => CaseAction::Approve,
            9 => CaseAction::Return {
                note: text("interview first"),
            },
            10 => CaseAction::MarkReplySent,
            11 => CaseAction::IssueTravelDocument {
                number: text("LP-1"),
                issued_on: date(step),
                valid_until: date(step + d),
            },
            12 => CaseAction::ExpireTravelDocument,
            13 => CaseAction::ReissueTravelDocument {
                number: text("LP-2"),
                issued_on: date(step),
                valid_until: date(step + d),
            },
            14 => CaseAction::RecordTransfer {
                at: day(step + d),
                border_point: text("BGW"),
                mode: TransferMode::Air,
                flight_or_vehicle: None,
                escort: None,
                medical_needs: None,
            },
            15 => CaseAction::RecordArrival {
                at: day(step - d),
                border_point: text("BGW"),
            },
            16 => CaseAction::Refer,
            17 if v % 2 == 0 => CaseAction::Close,
            17 => CaseAction::ProposeClosure,
            18 => CaseAction::Withdraw,
            19 => CaseAction::MarkDeemedAccepted {
                reply_due: date(step - d),
            },
            20 => CaseAction::ExpireTransferWindow {
                window_end: date(step - d),
            },
            _ => CaseAction::Assign {
                user: Some(if v % 2 == 0 {
                    me.name.clone()
                } else {
                    other.name.clone()
                }),
            },
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        #[test]
        fn random_work_stays_inside_the_rules(
            steps in proptest::collection::vec((0usize..10, 0usize..10, 0usize..1000, any::<u8>(), any::<bool>()), 1..80)
        ) {
            let people = actors();
            let mut case = new_case();
            for (i, (who, other, n, v, anything)) in steps.into_iter().enumerate() {
                let step = i64::try_from(i).unwrap();
                // Half the steps try anything; the others pick among the moves offered to someone,
                // so that runs get deep into the lifecycle (their values may still be bad).
                let offered: Vec<(usize, CaseActionKind)> = people
                    .iter()
                    .enumerate()
                    .flat_map(|(i, p)| allowed_actions(&case, p).into_iter().map(move |k| (i, k)))
                    .collect();
                let (who, n) = match offered.get(n % offered.len().max(1)) {
                    Some((i, k)) if !anything => (*i, CaseActionKind::ALL.iter().position(|x| x == k).unwrap()),
                    _ => (who, n % 22),
                };
                let me = &people[who];
                let act = action(n, v, me, &people[other], step);
                let kind = act.kind();
                let listed = allowed_actions(&case, me).contains(&kind);
                match apply(&case, act, me, day(step)) {
                    Ok(next) => {
                        prop_assert!(listed, "{kind:?} succeeded but was not offered");
                        prop_assert!(ALLOWED.contains(&(case.status, next.status)), "{:?} -> {:?}", case.status, next.status);
                        prop_assert!(kind.permissions().iter().any(|p| allows(me.role, *p)));
                        prop_assert_eq!(next.history.len(), case.history.len() + 1);
                        if let Some(d) = &next.decision {
                            prop_assert_ne!(&d.approved_by, &d.proposed_by);
                            if !d.accepted {
                                prop_assert!(d.grounds.as_deref().is_some_and(|g| !g.trim().is_empty()));
                            }
                        }
                        for a in &next.approvals {
                            prop_assert_ne!(&a.by, &a.proposal.by);
                        }
                        case = next;
                    }
                    Err(e) => {
                        let s = e.to_string();
                        prop_assert!(!s.is_empty() && !s.contains('\n'));
                    }
                }
            }
        }
    }
}
