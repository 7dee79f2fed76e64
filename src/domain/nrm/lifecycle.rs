//! The single transition function of a returnee record: `(returnee, action, actor, now) -> returnee`.
//! It asks, in this order: may this role do it (the policy table), may it be done in this status,
//! four eyes (nobody approves their own plan or closure), then the action's own rules.
//!
//! Who may do what: officers do the work (`WorkReturnee`); supervisors override consent
//! (`OverrideConsent`), approve or return plans (`ApprovePlan`) and closures (`ApproveClosure`).
//! A provider's answer arriving in a bundle is not a user's action: `apply_provider_update` records it;
//! the service checks that the clerk may import the bundle.

use super::assessment::{Assessment, Need, Vulnerability};
use super::consent::{Consent, ConsentOverride, ConsentProviders, ConsentScope};
use super::error::NrmError;
use super::field;
use super::followup::{Closure, ClosureProposal, FollowUpSchedule};
use super::governorate::Governorate;
use super::plan::{Plan, PlanItem};
use super::provider::Provider;
use super::referral::{Referral, ReferralRequest, ReferralResponse};
use super::returnee::{Contact, Returnee, ReturneeEvent, ReturneeStatus};
use crate::domain::ids::UserName;
use crate::domain::policy::{check, Permission};
use crate::domain::role::Role;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use uuid::Uuid;
use ReturneeStatus::*;

/// Who acts: a signed-in user and their one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NrmActor {
    pub name: UserName,
    pub role: Role,
}

/// What a user asks to do to a returnee record (serialisable, so the CLI can take it as JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturneeAction {
    RecordConsent {
        scope: ConsentScope,
        providers: ConsentProviders,
        given_at: DateTime<Utc>,
    },
    WithdrawConsent,
    OverrideConsent {
        reason: String,
    },
    RecordAssessment {
        flags: BTreeSet<Vulnerability>,
        needs: Vec<Need>,
    },
    ProposePlan {
        items: Vec<PlanItem>,
    },
    ApprovePlan,
    ReturnPlan {
        note: String,
    },
    ProposeReferral(ReferralRequest),
    /// The directory entry as it stands today, so that its coverage and services are checked now.
    SendReferral {
        referral: Uuid,
        provider: Box<Provider>,
    },
    /// A provider's answer given by phone or on paper and typed in by an officer.
    RecordReferralResponse {
        referral: Uuid,
        response: ReferralResponse,
    },
    CancelReferral {
        referral: Uuid,
        reason: String,
    },
    RecordFollowUp {
        on: NaiveDate,
        note: String,
    },
    SetFollowUpSchedule {
        days: Vec<u32>,
    },
    ProposeClosure {
        reason: String,
    },
    ApproveClosure,
    ReturnClosure {
        note: String,
    },
    Reopen {
        reason: String,
    },
    Assign {
        user: Option<UserName>,
    },
    UpdateContact(Contact),
}

/// The action without its data: for the history, `allowed_actions` and refusals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturneeActionKind {
    Register,
    RecordConsent,
    WithdrawConsent,
    OverrideConsent,
    RecordAssessment,
    ProposePlan,
    ApprovePlan,
    ReturnPlan,
    ProposeReferral,
    SendReferral,
    RecordReferralResponse,
    CancelReferral,
    RecordFollowUp,
    SetFollowUpSchedule,
    ProposeClosure,
    ApproveClosure,
    ReturnClosure,
    Reopen,
    Assign,
    UpdateContact,
}

use ReturneeActionKind as K;

impl ReturneeActionKind {
    /// Every action a user can ask for through `apply` (not `Register`, which makes a record).
    pub const ALL: [ReturneeActionKind; 19] = [
        K::RecordConsent,
        K::WithdrawConsent,
        K::OverrideConsent,
        K::RecordAssessment,
        K::ProposePlan,
        K::ApprovePlan,
        K::ReturnPlan,
        K::ProposeReferral,
        K::SendReferral,
        K::RecordReferralResponse,
        K::CancelReferral,
        K::RecordFollowUp,
        K::SetFollowUpSchedule,
        K::ProposeClosure,
        K::ApproveClosure,
        K::ReturnClosure,
        K::Reopen,
        K::Assign,
        K::UpdateContact,
    ];

    /// The row of the policy table that governs it.
    pub fn permission(self) -> Permission {
        match self {
            K::OverrideConsent => Permission::OverrideConsent,
            K::ApprovePlan | K::ReturnPlan => Permission::ApprovePlan,
            K::ApproveClosure | K::ReturnClosure => Permission::ApproveClosure,
            _ => Permission::WorkReturnee,
        }
    }

    /// May it be done while the record is in `status`? Consent may be withdrawn even from a closed
    /// record; referrals and follow-ups come after the plan's approval.
    pub fn allowed_in(self, status: ReturneeStatus) -> bool {
        match self {
            K::Register => false,
            K::WithdrawConsent => true,
            K::RecordAssessment => matches!(status, ConsentRecorded | Assessed),
            K::ProposePlan => status == Assessed,
            K::ApprovePlan | K::ReturnPlan => status == PlanProposed,
            K::ProposeReferral
            | K::SendReferral
            | K::RecordReferralResponse
            | K::CancelReferral
            | K::RecordFollowUp => matches!(status, PlanApproved | Referred | FollowUp),
            K::Reopen => status == Closed,
            K::RecordConsent
            | K::OverrideConsent
            | K::SetFollowUpSchedule
            | K::ProposeClosure
            | K::ApproveClosure
            | K::ReturnClosure
            | K::Assign
            | K::UpdateContact => status.is_open(),
        }
    }

    /// "you cannot <phrase> while …"
    pub fn phrase(self) -> &'static str {
        match self {
            K::Register => "register the returnee",
            K::RecordConsent => "record consent",
            K::WithdrawConsent => "withdraw consent",
            K::OverrideConsent => "override consent",
            K::RecordAssessment => "record the needs assessment",
            K::ProposePlan => "propose a plan",
            K::ApprovePlan => "approve the plan",
            K::ReturnPlan => "return the plan",
            K::ProposeReferral => "propose a referral",
            K::SendReferral => "send a referral",
            K::RecordReferralResponse => "record a provider's response",
            K::CancelReferral => "cancel a referral",
            K::RecordFollowUp => "record a follow-up",
            K::SetFollowUpSchedule => "change the follow-up schedule",
            K::ProposeClosure => "propose closure",
            K::ApproveClosure => "approve the closure",
            K::ReturnClosure => "return the closure proposal",
            K::Reopen => "reopen the record",
            K::Assign => "assign the record",
            K::UpdateContact => "update the contact details",
        }
    }
}

impl fmt::Display for ReturneeActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.phrase())
    }
}

impl ReturneeAction {
    pub fn kind(&self) -> ReturneeActionKind {
        match self {
            ReturneeAction::RecordConsent { .. } => K::RecordConsent,
            ReturneeAction::WithdrawConsent => K::WithdrawConsent,
            ReturneeAction::OverrideConsent { .. } => K::OverrideConsent,
            ReturneeAction::RecordAssessment { .. } => K::RecordAssessment,
            ReturneeAction::ProposePlan { .. } => K::ProposePlan,
            ReturneeAction::ApprovePlan => K::ApprovePlan,
            ReturneeAction::ReturnPlan { .. } => K::ReturnPlan,
            ReturneeAction::ProposeReferral(_) => K::ProposeReferral,
            ReturneeAction::SendReferral { .. } => K::SendReferral,
            ReturneeAction::RecordReferralResponse { .. } => K::RecordReferralResponse,
            ReturneeAction::CancelReferral { .. } => K::CancelReferral,
            ReturneeAction::RecordFollowUp { .. } => K::RecordFollowUp,
            ReturneeAction::SetFollowUpSchedule { .. } => K::SetFollowUpSchedule,
            ReturneeAction::ProposeClosure { .. } => K::ProposeClosure,
            ReturneeAction::ApproveClosure => K::ApproveClosure,
            ReturneeAction::ReturnClosure { .. } => K::ReturnClosure,
            ReturneeAction::Reopen { .. } => K::Reopen,
            ReturneeAction::Assign { .. } => K::Assign,
            ReturneeAction::UpdateContact(_) => K::UpdateContact,
        }
    }
}

/// Opens the NRM record of a returnee who arrived on `arrived_on` (an officer's work).
pub fn register(
    id: Uuid,
    case_id: Option<Uuid>,
    governorate: Governorate,
    contact: Contact,
    arrived_on: NaiveDate,
    actor: &NrmActor,
    now: DateTime<Utc>,
) -> Result<Returnee, NrmError> {
    check(actor.role, Permission::WorkReturnee)?;
    Ok(Returnee {
        id,
        case_id,
        governorate,
        contact: contact.validated()?,
        arrived_on,
        status: Registered,
        assignee: Some(actor.name.clone()),
        consent: None,
        consent_override: None,
        assessment: None,
        plan: None,
        referrals: Vec::new(),
        follow_up: FollowUpSchedule::default(),
        closure_proposal: None,
        closure: None,
        registered_at: now,
        updated_at: now,
        history: vec![ReturneeEvent {
            at: now,
            by: Some(actor.name.clone()),
            action: K::Register,
            from: Registered,
            to: Registered,
            referral: None,
            note: None,
        }],
    })
}

/// Everything that must hold before an action of this kind, whatever its data: role, status, four eyes,
/// pending proposals and open referrals. `apply` and `allowed_actions` share it so they cannot disagree.
fn precheck(r: &Returnee, kind: ReturneeActionKind, actor: &NrmActor) -> Result<(), NrmError> {
    check(actor.role, kind.permission())?;
    if !kind.allowed_in(r.status) {
        return Err(NrmError::NotNow {
            action: kind,
            status: r.status,
        });
    }
    match kind {
        K::ApprovePlan if r.plan.as_ref().is_some_and(|p| p.proposed_by == actor.name) => {
            Err(NrmError::OwnPlan)
        }
        K::WithdrawConsent if r.consent.as_ref().is_none_or(|c| c.is_withdrawn()) => {
            Err(NrmError::NoConsentToWithdraw)
        }
        K::ProposeClosure if r.closure_proposal.is_some() => Err(NrmError::ClosureAlreadyProposed),
        K::ProposeClosure => no_open_referrals(r),
        K::ApproveClosure | K::ReturnClosure => {
            let proposal = r
                .closure_proposal
                .as_ref()
                .ok_or(NrmError::NoClosureProposed)?;
            if kind == K::ReturnClosure {
                Ok(())
            } else if proposal.by == actor.name {
                Err(NrmError::OwnClosure)
            } else {
                no_open_referrals(r)
            }
        }
        _ => Ok(()),
    }
}

fn no_open_referrals(r: &Returnee) -> Result<(), NrmError> {
    match r.open_referrals() {
        0 => Ok(()),
        count => Err(NrmError::OpenReferrals { count }),
    }
}

/// The actions this actor may take on this record now (for screens: offer only these).
pub fn allowed_actions(returnee: &Returnee, actor: &NrmActor) -> Vec<ReturneeActionKind> {
    ReturneeActionKind::ALL
        .into_iter()
        .filter(|&k| precheck(returnee, k, actor).is_ok())
        .collect()
}

/// Applies `action` by `actor` at `now`: the new record with one event appended, or why not.
pub fn apply(
    returnee: &Returnee,
    action: ReturneeAction,
    actor: &NrmActor,
    now: DateTime<Utc>,
) -> Result<Returnee, NrmError> {
    let kind = action.kind();
    precheck(returnee, kind, actor)?;
    let me = &actor.name;
    let mut next = returnee.clone();
    let mut event = Step::default();
    match action {
        ReturneeAction::RecordConsent {
            scope,
            providers,
            given_at,
        } => {
            next.consent = Some(Consent::new(scope, providers, given_at, me, now)?);
            event.to = consent_settled(returnee.status);
        }
        ReturneeAction::WithdrawConsent => {
            if let Some(c) = next.consent.as_mut() {
                c.withdrawn_at = Some(now);
            }
        }
        ReturneeAction::OverrideConsent { reason } => {
            let reason = field::reason("override consent", &reason)?;
            next.consent_override = Some(ConsentOverride {
                by: me.clone(),
                reason: reason.clone(),
                at: now,
            });
            event.note = Some(reason);
            event.to = consent_settled(returnee.status);
        }
        ReturneeAction::RecordAssessment { flags, needs } => {
            next.assessment = Some(Assessment::new(flags, needs, me, now)?);
            event.to = Some(Assessed);
        }
        ReturneeAction::ProposePlan { items } => {
            // ASSESSED guarantees an assessment; the error is for a record edited by hand.
            let assessment = returnee.assessment.as_ref().ok_or(NrmError::NotNow {
                action: kind,
                status: returnee.status,
            })?;
            next.plan = Some(Plan::propose(items, assessment, me, now)?);
            event.to = Some(PlanProposed);
        }
        ReturneeAction::ApprovePlan => {
            next.plan = Some(current_plan(returnee, kind)?.approve(me, now)?);
            event.to = Some(PlanApproved);
        }
        ReturneeAction::ReturnPlan { note } => {
            next.plan = Some(current_plan(returnee, kind)?.return_with(&note, me, now)?);
            event.note = Some(note.trim().to_string());
            event.to = Some(Assessed);
        }
        ReturneeAction::ProposeReferral(request) => {
            if returnee.referral(request.id).is_some() {
                return Err(NrmError::DuplicateReferral);
            }
            event.referral = Some(request.id);
            next.referrals
                .push(Referral::propose(returnee, request, me, now)?);
        }
        ReturneeAction::SendReferral { referral, provider } => {
            event.referral = Some(referral);
            let sent = find(returnee, referral)?.send(returnee, &provider, me, now)?;
            replace(&mut next, sent);
            if returnee.status == PlanApproved {
                event.to = Some(Referred);
            }
        }
        ReturneeAction::RecordReferralResponse { referral, response } => {
            event.referral = Some(referral);
            let answered = find(returnee, referral)?.respond(response, Some(me), now)?;
            replace(&mut next, answered);
        }
        ReturneeAction::CancelReferral { referral, reason } => {
            event.referral = Some(referral);
            let cancelled = find(returnee, referral)?.cancel(&reason, me, now)?;
            event.note = cancelled.response_reason.clone();
            replace(&mut next, cancelled);
        }
        ReturneeAction::RecordFollowUp { on, note } => {
            next.follow_up = returnee
                .follow_up
                .record(returnee.arrived_on, on, &note, me, now)?;
            event.to = Some(FollowUp);
        }
        ReturneeAction::SetFollowUpSchedule { days } => {
            next.follow_up = returnee.follow_up.with_days(days)?;
        }
        ReturneeAction::ProposeClosure { reason } => {
            let proposal = ClosureProposal::new(&reason, me, now)?;
            event.note = Some(proposal.reason.clone());
            next.closure_proposal = Some(proposal);
        }
        ReturneeAction::ApproveClosure => {
            let proposal = returnee
                .closure_proposal
                .as_ref()
                .ok_or(NrmError::NoClosureProposed)?;
            next.closure = Some(Closure::approve(proposal, returnee.status, me, now)?);
            next.closure_proposal = None;
            event.to = Some(Closed);
        }
        ReturneeAction::ReturnClosure { note } => {
            event.note = Some(field::reason("return a closure proposal", &note)?);
            next.closure_proposal = None;
        }
        ReturneeAction::Reopen { reason } => {
            event.note = Some(field::reason("reopen the record", &reason)?);
            // A closed record always carries its closure; FOLLOW_UP is the safe place otherwise.
            event.to = Some(
                returnee
                    .closure
                    .as_ref()
                    .map_or(FollowUp, |c| c.closed_from),
            );
            next.closure = None;
        }
        ReturneeAction::Assign { user } => {
            event.note = user.as_ref().map(|u| u.to_string());
            next.assignee = user;
        }
        ReturneeAction::UpdateContact(contact) => {
            next.contact = contact.validated()?;
        }
    }
    Ok(record(next, returnee.status, kind, Some(me), event, now))
}

/// Records a provider's own answer that arrived in a verified bundle. There is no user to check here:
/// the service has checked that the importing clerk may import bundles.
pub fn apply_provider_update(
    returnee: &Returnee,
    referral: Uuid,
    response: ReferralResponse,
    now: DateTime<Utc>,
) -> Result<Returnee, NrmError> {
    let kind = K::RecordReferralResponse;
    if !kind.allowed_in(returnee.status) {
        return Err(NrmError::NotNow {
            action: kind,
            status: returnee.status,
        });
    }
    let answered = find(returnee, referral)?.respond(response, None, now)?;
    let mut next = returnee.clone();
    replace(&mut next, answered);
    let event = Step {
        referral: Some(referral),
        ..Step::default()
    };
    Ok(record(next, returnee.status, kind, None, event, now))
}

/// What an action changes in the history line: the new status (if it moves), the referral, the note.
#[derive(Default)]
struct Step {
    to: Option<ReturneeStatus>,
    referral: Option<Uuid>,
    note: Option<String>,
}

fn record(
    mut next: Returnee,
    from: ReturneeStatus,
    kind: ReturneeActionKind,
    by: Option<&UserName>,
    step: Step,
    now: DateTime<Utc>,
) -> Returnee {
    let to = step.to.unwrap_or(from);
    next.status = to;
    next.updated_at = now;
    next.history.push(ReturneeEvent {
        at: now,
        by: by.cloned(),
        action: kind,
        from,
        to,
        referral: step.referral,
        note: step.note,
    });
    next
}

/// Consent (or its override) moves a new record on; later it changes nothing in the status.
fn consent_settled(status: ReturneeStatus) -> Option<ReturneeStatus> {
    (status == Registered).then_some(ConsentRecorded)
}

fn current_plan(r: &Returnee, kind: ReturneeActionKind) -> Result<&Plan, NrmError> {
    r.plan.as_ref().ok_or(NrmError::NotNow {
        action: kind,
        status: r.status,
    })
}

fn find(r: &Returnee, id: Uuid) -> Result<&Referral, NrmError> {
    r.referral(id).ok_or(NrmError::NoSuchReferral)
}

fn replace(r: &mut Returnee, referral: Referral) {
    if let Some(slot) = r.referrals.iter_mut().find(|x| x.id == referral.id) {
        *slot = referral;
    }
}

#[cfg(test)]
mod tests {
    use super::super::assessment::{NeedDomain, Severity};
    use super::super::consent::ConsentBasis;
    use super::super::fixture::{self, actor, at, day};
    use super::super::plan::ProposedService;
    use super::super::referral::{ReferralStatus, ReferralUrgency};
    use super::*;
    use proptest::prelude::*;

    const R1: Uuid = Uuid::from_u128(501);
    const R2: Uuid = Uuid::from_u128(502);

    fn consent(providers: ConsentProviders) -> ReturneeAction {
        ReturneeAction::RecordConsent {
            scope: ConsentScope::FULL,
            providers,
            given_at: at(0),
        }
    }

    fn assessment(domains: &[NeedDomain]) -> ReturneeAction {
        ReturneeAction::RecordAssessment {
            flags: [Vulnerability::SingleParent].into_iter().collect(),
            needs: domains
                .iter()
                .map(|&domain| Need {
                    domain,
                    severity: Severity::Moderate,
                    note: None,
                })
                .collect(),
        }
    }

    fn plan(domains: &[NeedDomain]) -> ReturneeAction {
        ReturneeAction::ProposePlan {
            items: domains
                .iter()
                .map(|&need| PlanItem {
                    need,
                    services: vec![ProposedService {
                        provider: None,
                        description: "as discussed".into(),
                    }],
                })
                .collect(),
        }
    }

    fn propose(id: Uuid, provider: &Provider, service: NeedDomain) -> ReturneeAction {
        ReturneeAction::ProposeReferral(ReferralRequest {
            id,
            provider: provider.id,
            service,
            urgency: ReferralUrgency::Priority,
            due_on: day(14),
        })
    }

    fn send(id: Uuid, provider: Provider) -> ReturneeAction {
        ReturneeAction::SendReferral {
            referral: id,
            provider: Box::new(provider),
        }
    }

    /// Runs the actions in order, one hour apart, and fails the test at the first refusal.
    fn run(r: Returnee, steps: Vec<(ReturneeAction, &NrmActor)>) -> Returnee {
        steps
            .into_iter()
            .enumerate()
            .fold(r, |r, (i, (action, who))| {
                let kind = action.kind();
                apply(&r, action, who, at(i as i64 + 1))
                    .unwrap_or_else(|e| panic!("step {i} ({kind}): {e}"))
            })
    }

    /// A returnee in Basra, under full consent, assessed for housing, health and education, with a plan
    /// for housing and education proposed by `officer()`.
    fn with_plan_proposed() -> Returnee {
        let o = fixture::officer();
        run(
            fixture::registered(),
            vec![
                (consent(ConsentProviders::All), &o),
                (
                    assessment(&[
                        NeedDomain::Housing,
                        NeedDomain::Health,
                        NeedDomain::Education,
                    ]),
                    &o,
                ),
                (plan(&[NeedDomain::Housing, NeedDomain::Education]), &o),
            ],
        )
    }

    fn with_approved_plan() -> Returnee {
        run(
            with_plan_proposed(),
            vec![(ReturneeAction::ApprovePlan, &fixture::supervisor())],
        )
    }

    /// …and referral `R1` proposed to the Basra provider for housing.
    fn with_referral_proposed() -> Returnee {
        let basra = fixture::provider_in_basra();
        run(
            with_approved_plan(),
            vec![(
                propose(R1, &basra, NeedDomain::Housing),
                &fixture::officer(),
            )],
        )
    }

    fn refusal(r: &Returnee, action: ReturneeAction, who: &NrmActor) -> String {
        apply(r, action, who, at(100)).unwrap_err().to_string()
    }

    #[test]
    fn a_returnee_goes_from_registration_to_closure_and_back() {
        let (o, s) = (fixture::officer(), fixture::supervisor());
        let other_sup = actor("tariq", Role::Supervisor);
        let basra = fixture::provider_in_basra();
        let r = with_approved_plan();
        assert_eq!(r.status, PlanApproved);
        assert_eq!(
            r.priority(),
            Some(super::super::assessment::Priority::Medium)
        );
        let r = run(
            r,
            vec![
                (propose(R1, &basra, NeedDomain::Housing), &o),
                (send(R1, basra.clone()), &o),
                (
                    ReturneeAction::RecordReferralResponse {
                        referral: R1,
                        response: ReferralResponse::Delivered { on: day(10) },
                    },
                    &o,
                ),
                (
                    ReturneeAction::RecordFollowUp {
                        on: day(30),
                        note: "housed".into(),
                    },
                    &o,
                ),
                (
                    ReturneeAction::ProposeClosure {
                        reason: "reintegrated".into(),
                    },
                    &o,
                ),
                (ReturneeAction::ApproveClosure, &other_sup),
            ],
        );
        assert_eq!(r.status, Closed);
        assert_eq!(
            r.referral(R1).map(|x| x.sent_under),
            Some(Some(ConsentBasis::Consent))
        );
        let statuses: Vec<_> = r.history.iter().map(|e| e.to).collect();
        assert_eq!(
            statuses,
            vec![
                Registered,
                ConsentRecorded,
                Assessed,
                PlanProposed,
                PlanApproved,
                PlanApproved,
                Referred,
                Referred,
                FollowUp,
                FollowUp,
                Closed
            ]
        );
        assert_eq!(
            refusal(&r, ReturneeAction::Reopen { reason: " ".into() }, &o),
            "a reason is required to reopen the record"
        );
        let reopened = apply(
            &r,
            ReturneeAction::Reopen {
                reason: "lost the job".into(),
            },
            &o,
            at(50),
        )
        .unwrap();
        assert_eq!(reopened.status, FollowUp);
        let last = reopened.history.last().unwrap();
        assert_eq!(
            (last.action, last.note.as_deref()),
            (K::Reopen, Some("lost the job"))
        );
        assert!(reopened.closure.is_none());
        let _ = s;
    }

    #[test]
    fn each_role_is_checked_against_the_policy_table() {
        let clerk = actor("karim", Role::Clerk);
        let r = fixture::registered();
        assert_eq!(
            refusal(&r, consent(ConsentProviders::All), &clerk),
            "your role (clerk) may not work returnee records"
        );
        assert_eq!(
            refusal(
                &r,
                ReturneeAction::OverrideConsent {
                    reason: "minor".into()
                },
                &fixture::officer()
            ),
            "your role (officer) may not override consent"
        );
        let proposed = with_plan_proposed();
        assert_eq!(
            refusal(
                &proposed,
                ReturneeAction::ApprovePlan,
                &actor("bashir", Role::Officer)
            ),
            "your role (officer) may not approve reintegration plans"
        );
        assert_eq!(
            refusal(
                &proposed,
                plan(&[NeedDomain::Housing]),
                &fixture::supervisor()
            ),
            "your role (supervisor) may not work returnee records"
        );
        let err = register(
            Uuid::nil(),
            None,
            Governorate::Basra,
            Contact::default(),
            day(0),
            &clerk,
            at(0),
        );
        assert_eq!(
            err.unwrap_err().to_string(),
            "your role (clerk) may not work returnee records"
        );
    }

    #[test]
    fn nobody_approves_their_own_plan_even_after_a_role_change() {
        let proposed = with_plan_proposed();
        let promoted = actor("amal", Role::Supervisor);
        assert_eq!(
            refusal(&proposed, ReturneeAction::ApprovePlan, &promoted),
            "you proposed this plan, so another supervisor must approve it"
        );
        assert!(!allowed_actions(&proposed, &promoted).contains(&K::ApprovePlan));
        assert!(allowed_actions(&proposed, &fixture::supervisor()).contains(&K::ApprovePlan));
        let returned = apply(
            &proposed,
            ReturneeAction::ReturnPlan {
                note: "add health".into(),
            },
            &fixture::supervisor(),
            at(9),
        )
        .unwrap();
        assert_eq!(returned.status, Assessed);
        assert_eq!(
            returned.history.last().unwrap().note.as_deref(),
            Some("add health")
        );
    }

    #[test]
    fn nobody_approves_their_own_closure() {
        let o = fixture::officer();
        let r = run(
            fixture::registered(),
            vec![(
                ReturneeAction::ProposeClosure {
                    reason: "moved abroad".into(),
                },
                &o,
            )],
        );
        assert_eq!(
            refusal(
                &r,
                ReturneeAction::ApproveClosure,
                &actor("amal", Role::Supervisor)
            ),
            "you proposed this closure, so another supervisor must approve it"
        );
        assert_eq!(
            refusal(
                &r,
                ReturneeAction::ProposeClosure {
                    reason: "again".into()
                },
                &o
            ),
            "a closure has already been proposed and awaits a supervisor"
        );
        let closed = apply(
            &r,
            ReturneeAction::ApproveClosure,
            &fixture::supervisor(),
            at(5),
        )
        .unwrap();
        assert_eq!(
            (closed.status, closed.closure.map(|c| c.closed_from)),
            (Closed, Some(Registered))
        );
        assert_eq!(
            refusal(
                &fixture::registered(),
                ReturneeAction::ApproveClosure,
                &fixture::supervisor()
            ),
            "no closure has been proposed for this returnee"
        );
    }

    #[test]
    fn no_referral_leaves_without_consent() {
        let o = fixture::officer();
        let basra = fixture::provider_in_basra();
        let r = run(
            with_referral_proposed(),
            vec![(ReturneeAction::WithdrawConsent, &o)],
        );
        assert_eq!(
            refusal(&r, send(R1, basra.clone()), &o),
            "the returnee has withdrawn consent, and no supervisor has overridden it"
        );
        assert_eq!(
            refusal(&r, ReturneeAction::WithdrawConsent, &o),
            "there is no current consent to withdraw"
        );
        let overridden = apply(
            &r,
            ReturneeAction::OverrideConsent {
                reason: "child protection".into(),
            },
            &fixture::supervisor(),
            at(20),
        )
        .unwrap();
        let sent = apply(&overridden, send(R1, basra), &o, at(21)).unwrap();
        assert_eq!(
            sent.referral(R1).and_then(|x| x.sent_under),
            Some(ConsentBasis::Override)
        );
        assert_eq!(sent.status, Referred);
    }

    #[test]
    fn the_directory_must_fit_the_referral() {
        let o = fixture::officer();
        let (basra, erbil) = (fixture::provider_in_basra(), fixture::provider_in_erbil());
        let r = run(
            with_approved_plan(),
            vec![
                (propose(R1, &erbil, NeedDomain::Health), &o),
                (propose(R2, &basra, NeedDomain::Education), &o),
            ],
        );
        assert_eq!(
            refusal(&r, send(R1, erbil), &o),
            "Kurdistan Health Outreach does not serve Basra, the returnee's governorate of return"
        );
        assert_eq!(
            refusal(&r, send(R2, basra.clone()), &o),
            "Basra Reintegration Centre does not offer education services"
        );
        assert_eq!(
            refusal(&r, send(Uuid::from_u128(9), basra.clone()), &o),
            "this returnee has no referral with that id"
        );
        assert_eq!(
            refusal(&r, propose(R1, &basra, NeedDomain::Housing), &o),
            "this returnee already has a referral with that id"
        );
        assert_eq!(
            refusal(
                &r,
                ReturneeAction::ProposeClosure {
                    reason: "done".into()
                },
                &o
            ),
            "2 referral(s) are still open; have them delivered, declined or cancelled first"
        );
    }

    #[test]
    fn actions_out_of_order_are_refused_with_the_status() {
        let r = fixture::registered();
        assert_eq!(
            refusal(&r, ReturneeAction::ApprovePlan, &fixture::supervisor()),
            "you cannot approve the plan while the returnee is REGISTERED"
        );
        assert_eq!(
            refusal(&r, assessment(&[NeedDomain::Housing]), &fixture::officer()),
            "you cannot record the needs assessment while the returnee is REGISTERED"
        );
        let basra = fixture::provider_in_basra();
        assert_eq!(
            refusal(
                &r,
                propose(R1, &basra, NeedDomain::Housing),
                &fixture::officer()
            ),
            "you cannot propose a referral while the returnee is REGISTERED"
        );
    }

    #[test]
    fn allowed_actions_follow_role_and_status() {
        let r = fixture::registered();
        let officer = allowed_actions(&r, &fixture::officer());
        assert!(officer.contains(&K::RecordConsent) && !officer.contains(&K::RecordAssessment));
        assert_eq!(
            allowed_actions(&r, &fixture::supervisor()),
            vec![K::OverrideConsent]
        );
        for role in [Role::Clerk, Role::Admin, Role::Auditor] {
            assert!(
                allowed_actions(&r, &actor("someone", role)).is_empty(),
                "{role}"
            );
        }
    }

    #[test]
    fn provider_updates_from_bundles_are_recorded_without_a_user() {
        let o = fixture::officer();
        let basra = fixture::provider_in_basra();
        let r = run(with_referral_proposed(), vec![(send(R1, basra), &o)]);
        let r = apply_provider_update(
            &r,
            R1,
            ReferralResponse::Declined {
                reason: "full".into(),
            },
            at(30),
        )
        .unwrap();
        let referral = r.referral(R1).unwrap();
        assert_eq!(referral.status, ReferralStatus::Declined);
        assert_eq!(referral.history.last().unwrap().by, None);
        assert_eq!(r.history.last().unwrap().by, None);
        assert_eq!(
            apply_provider_update(&r, R1, ReferralResponse::Accepted, at(31))
                .unwrap_err()
                .to_string(),
            "a referral that is declined cannot be accepted"
        );
    }

    #[test]
    fn a_worked_record_and_its_actions_survive_storage() {
        let basra = fixture::provider_in_basra();
        let r = run(
            with_referral_proposed(),
            vec![(send(R1, basra.clone()), &fixture::officer())],
        );
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"status\":\"REFERRED\""));
        assert_eq!(serde_json::from_str::<Returnee>(&json).unwrap(), r);
        let bytes = postcard::to_allocvec(&r).unwrap();
        assert_eq!(postcard::from_bytes::<Returnee>(&bytes).unwrap(), r);
        let action = send(R2, basra);
        let json = serde_json::to_string(&action).unwrap();
        assert_eq!(
            serde_json::from_str::<ReturneeAction>(&json).unwrap(),
            action
        );
    }

    // ---- the properties ----

    /// The moves the NRM diagram allows between different statuses (staying put is always allowed).
    fn move_allowed(from: ReturneeStatus, to: ReturneeStatus) -> bool {
        let forward = matches!(
            (from, to),
            (Registered, ConsentRecorded)
                | (ConsentRecorded, Assessed)
                | (Assessed, PlanProposed)
                | (PlanProposed, PlanApproved)
                | (PlanProposed, Assessed)
                | (PlanApproved, Referred)
                | (PlanApproved, FollowUp)
                | (Referred, FollowUp)
        );
        let closing = from.is_open() && to == Closed;
        let reopening = from == Closed && to.is_open();
        from == to || forward || closing || reopening
    }

    fn referral_move_allowed(from: ReferralStatus, to: ReferralStatus) -> bool {
        use ReferralStatus as S;
        from == to
            || matches!(
                (from, to),
                (S::Proposed, S::Sent)
                    | (S::Sent, S::Accepted)
                    | (S::Sent, S::Declined)
                    | (S::Sent, S::Delivered)
                    | (S::Accepted, S::Delivered)
                    | (S::Proposed | S::Sent | S::Accepted, S::Cancelled)
            )
    }

    /// An oracle written apart from `consent.rs`: did the record allow sending to this provider?
    fn consent_allowed(r: &Returnee, p: &Provider) -> bool {
        let by_consent = r.consent.as_ref().is_some_and(|c| {
            c.withdrawn_at.is_none()
                && c.scope.share_data
                && c.scope.receive_services
                && match &c.providers {
                    ConsentProviders::All => true,
                    ConsentProviders::Only(list) => list.contains(&p.id),
                }
        });
        by_consent || r.consent_override.is_some()
    }

    fn actors() -> Vec<NrmActor> {
        vec![
            actor("amal", Role::Officer),
            actor("bashir", Role::Officer),
            actor("salma", Role::Supervisor),
            actor("tariq", Role::Supervisor),
            // the same person as the first officer, later promoted: four eyes goes by name
            actor("amal", Role::Supervisor),
            actor("karim", Role::Clerk),
            actor("nadia", Role::Admin),
            actor("omar", Role::Auditor),
        ]
    }

    /// A catalogue of actions, good and bad, that random runs draw from.
    fn catalogue() -> Vec<ReturneeAction> {
        let basra = fixture::provider_in_basra();
        let erbil = fixture::provider_in_erbil();
        let mut inactive = fixture::provider_in_basra();
        inactive.active = false;
        use NeedDomain::*;
        vec![
            consent(ConsentProviders::All),
            consent(ConsentProviders::Only(vec![erbil.id])),
            ReturneeAction::RecordConsent {
                scope: ConsentScope {
                    share_data: false,
                    receive_services: true,
                },
                providers: ConsentProviders::All,
                given_at: at(0),
            },
            ReturneeAction::WithdrawConsent,
            ReturneeAction::OverrideConsent {
                reason: "minor".into(),
            },
            ReturneeAction::OverrideConsent { reason: "".into() },
            assessment(&[Housing, Health, Education]),
            assessment(&[Health]),
            plan(&[Housing]),
            plan(&[Education, Health]),
            plan(&[Family]),
            ReturneeAction::ApprovePlan,
            ReturneeAction::ReturnPlan {
                note: "more detail".into(),
            },
            propose(R1, &basra, Housing),
            propose(R2, &basra, Education),
            propose(R1, &erbil, Health),
            propose(R2, &basra, Health),
            send(R1, basra.clone()),
            send(R2, basra.clone()),
            send(R1, erbil.clone()),
            send(R2, inactive),
            ReturneeAction::RecordReferralResponse {
                referral: R1,
                response: ReferralResponse::Accepted,
            },
            ReturneeAction::RecordReferralResponse {
                referral: R2,
                response: ReferralResponse::Declined {
                    reason: "full".into(),
                },
            },
            ReturneeAction::RecordReferralResponse {
                referral: R1,
                response: ReferralResponse::Delivered { on: day(40) },
            },
            ReturneeAction::CancelReferral {
                referral: R1,
                reason: "moved".into(),
            },
            ReturneeAction::CancelReferral {
                referral: R2,
                reason: "moved".into(),
            },
            ReturneeAction::RecordFollowUp {
                on: day(35),
                note: "called".into(),
            },
            ReturneeAction::SetFollowUpSchedule { days: vec![14, 60] },
            ReturneeAction::ProposeClosure {
                reason: "reintegrated".into(),
            },
            ReturneeAction::ApproveClosure,
            ReturneeAction::ReturnClosure {
                note: "not yet".into(),
            },
            ReturneeAction::Reopen {
                reason: "new needs".into(),
            },
            ReturneeAction::Assign {
                user: Some(UserName::parse("bashir").unwrap()),
            },
            ReturneeAction::UpdateContact(Contact {
                phone: Some("0770 123 4567".into()),
                address: None,
            }),
        ]
    }

    /// How a random step is chosen. The checks of the property stay independent of the choice.
    #[derive(Debug, Clone, Copy)]
    enum Steer {
        /// The given actor tries any action of the catalogue (most are refused).
        Blind,
        /// Any (actor, action) pair that `apply` accepts.
        Accepted,
        /// An accepted pair that moves the record or one of its referrals, so runs get deep.
        Onward,
    }

    fn pick(
        r: &Returnee,
        who: usize,
        steer: Steer,
        seed: usize,
        people: &[NrmActor],
        all: &[ReturneeAction],
    ) -> (usize, ReturneeAction) {
        let moves = |next: &Returnee| {
            next.status != r.status
                || next.referrals.len() != r.referrals.len()
                || next
                    .referrals
                    .iter()
                    .zip(&r.referrals)
                    .any(|(a, b)| a.status != b.status)
        };
        let candidates: Vec<(usize, &ReturneeAction)> = match steer {
            Steer::Blind => vec![],
            Steer::Accepted | Steer::Onward => (0..people.len())
                .flat_map(|p| all.iter().map(move |a| (p, a)))
                .filter(|(p, a)| match apply(r, (*a).clone(), &people[*p], at(0)) {
                    Ok(next) => matches!(steer, Steer::Accepted) || moves(&next),
                    Err(_) => false,
                })
                .collect(),
        };
        match candidates.get(seed % candidates.len().max(1)) {
            Some((p, a)) => (*p, (*a).clone()),
            None => (who, all[seed % all.len()].clone()),
        }
    }

    fn steer() -> impl Strategy<Value = Steer> {
        prop_oneof![
            Just(Steer::Blind),
            Just(Steer::Accepted),
            Just(Steer::Onward)
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn random_runs_keep_every_rule(
            steps in proptest::collection::vec((0usize..8, steer(), any::<usize>()), 1..80)
        ) {
            let people = actors();
            let all = catalogue();
            let mut r = fixture::registered();
            for (i, (who, steer, seed)) in steps.into_iter().enumerate() {
                let (who, action) = pick(&r, who, steer, seed, &people, &all);
                let who = &people[who];
                let kind = action.kind();
                let offered = allowed_actions(&r, who).contains(&kind);
                let provider = match &action {
                    ReturneeAction::SendReferral { provider, .. } => Some((**provider).clone()),
                    _ => None,
                };
                let Ok(next) = apply(&r, action, who, at(i as i64 + 1)) else { continue };

                prop_assert!(offered, "{kind} succeeded but was not offered");
                prop_assert!(move_allowed(r.status, next.status), "{} -> {} by {kind}", r.status, next.status);
                let needs_supervisor = matches!(
                    kind,
                    K::OverrideConsent | K::ApprovePlan | K::ReturnPlan | K::ApproveClosure | K::ReturnClosure
                );
                let role_needed = if needs_supervisor { Role::Supervisor } else { Role::Officer };
                prop_assert_eq!(who.role, role_needed, "{} did {}", who.role, kind);
                if let Some(p) = &next.plan {
                    if let Some(super::super::plan::PlanReview::Approved { by, .. }) = &p.review {
                        prop_assert_ne!(by, &p.proposed_by);
                    }
                }
                if let Some(c) = &next.closure {
                    prop_assert_ne!(&c.approved_by, &c.proposal.by);
                }
                if kind == K::Reopen {
                    prop_assert_eq!(Some(next.status), r.closure.as_ref().map(|c| c.closed_from));
                }
                for after in &next.referrals {
                    let before = r.referral(after.id).map_or(ReferralStatus::Proposed, |b| b.status);
                    prop_assert!(referral_move_allowed(before, after.status), "{before} -> {}", after.status);
                    if before == ReferralStatus::Proposed && after.status == ReferralStatus::Sent {
                        let p = provider.as_ref().expect("only SendReferral sends");
                        prop_assert!(consent_allowed(&r, p), "sent without consent or override");
                        prop_assert!(p.active && p.serves(&r.governorate) && p.offers(after.service));
                    }
                }
                let last = next.history.last().expect("an event was appended");
                prop_assert_eq!(next.history.len(), r.history.len() + 1);
                prop_assert_eq!((last.from, last.to, last.action), (r.status, next.status, kind));
                r = next;
            }
        }
    }
}
