//! A referral of a returnee to a service provider for one service, and its life:
//! proposed → sent → accepted | declined(reason) → delivered; cancelled from proposed, sent or accepted.
//! Each transition is a function that checks the current state and returns the new referral.

use super::assessment::NeedDomain;
use super::consent::{self, ConsentBasis};
use super::error::NrmError;
use super::field;
use super::provider::{Provider, ProviderId};
use super::returnee::Returnee;
use crate::domain::ids::UserName;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    Proposed,
    Sent,
    Accepted,
    Declined,
    Delivered,
    Cancelled,
}

impl ReferralStatus {
    pub const ALL: [ReferralStatus; 6] = [
        ReferralStatus::Proposed,
        ReferralStatus::Sent,
        ReferralStatus::Accepted,
        ReferralStatus::Declined,
        ReferralStatus::Delivered,
        ReferralStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReferralStatus::Proposed => "proposed",
            ReferralStatus::Sent => "sent",
            ReferralStatus::Accepted => "accepted",
            ReferralStatus::Declined => "declined",
            ReferralStatus::Delivered => "delivered",
            ReferralStatus::Cancelled => "cancelled",
        }
    }

    /// Still waiting on someone: proposed, sent or accepted.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ReferralStatus::Proposed | ReferralStatus::Sent | ReferralStatus::Accepted
        )
    }
}

impl fmt::Display for ReferralStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
/// The wire's three words (BUNDLE-FORMAT.md): the same word on screens, in the CLI and in bundles.
pub enum ReferralUrgency {
    Routine,
    Priority,
    Urgent,
}

/// The provider's answer, whether typed in by an officer or arriving in a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralResponse {
    Accepted,
    Declined { reason: String },
    Delivered { on: NaiveDate },
}

/// What an officer asks for when proposing a referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralRequest {
    /// Chosen by the caller (a fresh UUID) so that the bundle and the record share it.
    pub id: Uuid,
    pub provider: ProviderId,
    pub service: NeedDomain,
    pub urgency: ReferralUrgency,
    pub due_on: NaiveDate,
}

/// One step of a referral. `by` is `None` for the provider's own updates arriving in a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralEvent {
    pub at: DateTime<Utc>,
    pub by: Option<UserName>,
    pub to: ReferralStatus,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub id: Uuid,
    pub returnee: Uuid,
    pub provider: ProviderId,
    pub service: NeedDomain,
    pub urgency: ReferralUrgency,
    pub due_on: NaiveDate,
    pub status: ReferralStatus,
    /// The provider's reason for declining, or the officer's for cancelling.
    pub response_reason: Option<String>,
    pub delivered_on: Option<NaiveDate>,
    /// Set when sent: consent or a supervisor's override.
    pub sent_under: Option<ConsentBasis>,
    pub history: Vec<ReferralEvent>,
}

impl Referral {
    /// A new referral in `proposed`. It may not be due before today (`now`'s UTC date, which is never
    /// later than the station's local date east of Greenwich).
    pub fn propose(
        returnee: &Returnee,
        request: ReferralRequest,
        by: &UserName,
        now: DateTime<Utc>,
    ) -> Result<Referral, NrmError> {
        if request.due_on < now.date_naive() {
            return Err(NrmError::DueInPast);
        }
        Ok(Referral {
            id: request.id,
            returnee: returnee.id,
            provider: request.provider,
            service: request.service,
            urgency: request.urgency,
            due_on: request.due_on,
            status: ReferralStatus::Proposed,
            response_reason: None,
            delivered_on: None,
            sent_under: None,
            history: vec![ReferralEvent {
                at: now,
                by: Some(by.clone()),
                to: ReferralStatus::Proposed,
                note: None,
            }],
        })
    }

    /// Sends a proposed referral to `provider`, after `check_send`.
    pub fn send(
        &self,
        returnee: &Returnee,
        provider: &Provider,
        by: &UserName,
        now: DateTime<Utc>,
    ) -> Result<Referral, NrmError> {
        self.must_be(&[ReferralStatus::Proposed], "sent")?;
        let basis = check_send(returnee, self, provider)?;
        let mut next = self.moved(ReferralStatus::Sent, Some(by), None, now);
        next.sent_under = Some(basis);
        Ok(next)
    }

    /// Records the provider's answer. A delivery report on a referral still `sent` implies acceptance
    /// (bundles may arrive out of order).
    pub fn respond(
        &self,
        response: ReferralResponse,
        by: Option<&UserName>,
        now: DateTime<Utc>,
    ) -> Result<Referral, NrmError> {
        match response {
            ReferralResponse::Accepted => {
                self.must_be(&[ReferralStatus::Sent], "accepted")?;
                Ok(self.moved(ReferralStatus::Accepted, by, None, now))
            }
            ReferralResponse::Declined { reason } => {
                self.must_be(&[ReferralStatus::Sent], "declined")?;
                let reason = field::reason("decline a referral", &reason)?;
                let mut next = self.moved(ReferralStatus::Declined, by, Some(reason.clone()), now);
                next.response_reason = Some(reason);
                Ok(next)
            }
            ReferralResponse::Delivered { on } => {
                self.must_be(
                    &[ReferralStatus::Sent, ReferralStatus::Accepted],
                    "delivered",
                )?;
                if self.sent_on().is_some_and(|sent| on < sent) {
                    return Err(NrmError::DeliveredBeforeSent);
                }
                let mut next = self.moved(ReferralStatus::Delivered, by, None, now);
                next.delivered_on = Some(on);
                Ok(next)
            }
        }
    }

    /// Withdraws the referral before the service is delivered.
    pub fn cancel(
        &self,
        reason: &str,
        by: &UserName,
        now: DateTime<Utc>,
    ) -> Result<Referral, NrmError> {
        self.must_be(
            &[
                ReferralStatus::Proposed,
                ReferralStatus::Sent,
                ReferralStatus::Accepted,
            ],
            "cancelled",
        )?;
        let reason = field::reason("cancel a referral", reason)?;
        let mut next = self.moved(
            ReferralStatus::Cancelled,
            Some(by),
            Some(reason.clone()),
            now,
        );
        next.response_reason = Some(reason);
        Ok(next)
    }

    /// Still open after its due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_open() && today > self.due_on
    }

    /// The day it was sent (UTC), if it was.
    pub fn sent_on(&self) -> Option<NaiveDate> {
        self.history
            .iter()
            .find(|e| e.to == ReferralStatus::Sent)
            .map(|e| e.at.date_naive())
    }

    fn must_be(&self, from: &[ReferralStatus], action: &'static str) -> Result<(), NrmError> {
        if from.contains(&self.status) {
            Ok(())
        } else {
            Err(NrmError::ReferralNotNow {
                action,
                status: self.status,
            })
        }
    }

    fn moved(
        &self,
        to: ReferralStatus,
        by: Option<&UserName>,
        note: Option<String>,
        now: DateTime<Utc>,
    ) -> Referral {
        let mut next = self.clone();
        next.status = to;
        next.history.push(ReferralEvent {
            at: now,
            by: by.cloned(),
            to,
            note,
        });
        next
    }
}

/// May `referral` go to `provider` now? Consent (or an override) first, then the directory: the provider
/// is the one addressed, active, serves the returnee's governorate and offers the service.
pub fn check_send(
    returnee: &Returnee,
    referral: &Referral,
    provider: &Provider,
) -> Result<ConsentBasis, NrmError> {
    if provider.id != referral.provider {
        return Err(NrmError::WrongProvider);
    }
    let basis = consent::basis(returnee, provider)?;
    if !provider.active {
        return Err(NrmError::ProviderInactive {
            provider: provider.name.clone(),
        });
    }
    if !provider.serves(&returnee.governorate) {
        return Err(NrmError::ProviderNotServing {
            provider: provider.name.clone(),
            governorate: returnee.governorate.clone(),
        });
    }
    if !provider.offers(referral.service) {
        return Err(NrmError::ProviderNoService {
            provider: provider.name.clone(),
            service: referral.service,
        });
    }
    Ok(basis)
}

#[cfg(test)]
mod tests {
    use super::super::consent::{Consent, ConsentOverride, ConsentProviders, ConsentScope};
    use super::super::fixture::{self, at, day};
    use super::*;
    use proptest::prelude::*;

    fn consented() -> Returnee {
        let mut r = fixture::registered();
        r.consent = Some(
            Consent::new(
                ConsentScope::FULL,
                ConsentProviders::All,
                at(0),
                &fixture::officer().name,
                at(0),
            )
            .unwrap(),
        );
        r
    }

    fn proposed(r: &Returnee, provider: &Provider, service: NeedDomain) -> Referral {
        let request = ReferralRequest {
            id: Uuid::from_u128(7),
            provider: provider.id,
            service,
            urgency: ReferralUrgency::Priority,
            due_on: day(20),
        };
        Referral::propose(r, request, &fixture::officer().name, at(1)).unwrap()
    }

    fn send_error(r: &Returnee, provider: &Provider, service: NeedDomain) -> String {
        proposed(r, provider, service)
            .send(r, provider, &fixture::officer().name, at(2))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_referral_runs_from_proposed_to_delivered() {
        let r = consented();
        let p = fixture::provider_in_basra();
        let me = fixture::officer().name;
        let sent = proposed(&r, &p, NeedDomain::Housing)
            .send(&r, &p, &me, at(2))
            .unwrap();
        assert_eq!(sent.sent_under, Some(ConsentBasis::Consent));
        let accepted = sent
            .respond(ReferralResponse::Accepted, None, at(3))
            .unwrap();
        let delivered = accepted
            .respond(ReferralResponse::Delivered { on: day(10) }, None, at(4))
            .unwrap();
        assert_eq!(delivered.status, ReferralStatus::Delivered);
        assert_eq!(delivered.delivered_on, Some(day(10)));
        let steps: Vec<_> = delivered.history.iter().map(|e| e.to).collect();
        use ReferralStatus::*;
        assert_eq!(steps, vec![Proposed, Sent, Accepted, Delivered]);
    }

    #[test]
    fn sending_without_consent_is_refused() {
        let r = fixture::registered();
        assert_eq!(
            send_error(&r, &fixture::provider_in_basra(), NeedDomain::Housing),
            "the returnee has not given consent to share data with providers, and no supervisor has overridden consent"
        );
    }

    #[test]
    fn an_override_lets_it_go_and_says_so() {
        let mut r = fixture::registered();
        r.consent_override = Some(ConsentOverride {
            by: fixture::supervisor().name,
            reason: "unaccompanied minor".into(),
            at: at(0),
        });
        let p = fixture::provider_in_basra();
        let sent = proposed(&r, &p, NeedDomain::Health)
            .send(&r, &p, &fixture::officer().name, at(2))
            .unwrap();
        assert_eq!(sent.sent_under, Some(ConsentBasis::Override));
    }

    #[test]
    fn a_provider_not_serving_the_governorate_is_refused() {
        assert_eq!(
            send_error(
                &consented(),
                &fixture::provider_in_erbil(),
                NeedDomain::Health
            ),
            "Kurdistan Health Outreach does not serve Basra, the returnee's governorate of return"
        );
    }

    #[test]
    fn a_provider_not_offering_the_service_is_refused() {
        assert_eq!(
            send_error(
                &consented(),
                &fixture::provider_in_basra(),
                NeedDomain::Education
            ),
            "Basra Reintegration Centre does not offer education services"
        );
    }

    #[test]
    fn an_inactive_provider_or_another_provider_is_refused() {
        let mut p = fixture::provider_in_basra();
        p.active = false;
        assert_eq!(
            send_error(&consented(), &p, NeedDomain::Housing),
            "Basra Reintegration Centre is marked inactive in the provider directory"
        );
        let r = consented();
        let referral = proposed(&r, &fixture::provider_in_basra(), NeedDomain::Housing);
        let other = fixture::provider_in_erbil();
        assert_eq!(
            referral
                .send(&r, &other, &fixture::officer().name, at(2))
                .unwrap_err(),
            NrmError::WrongProvider
        );
    }

    #[test]
    fn transitions_check_the_current_state() {
        let r = consented();
        let p = fixture::provider_in_basra();
        let me = fixture::officer().name;
        let fresh = proposed(&r, &p, NeedDomain::Housing);
        assert_eq!(
            fresh
                .respond(ReferralResponse::Accepted, None, at(2))
                .unwrap_err()
                .to_string(),
            "a referral that is proposed cannot be accepted"
        );
        let sent = fresh.send(&r, &p, &me, at(2)).unwrap();
        assert_eq!(
            sent.send(&r, &p, &me, at(3)).unwrap_err().to_string(),
            "a referral that is sent cannot be sent"
        );
        assert_eq!(
            sent.respond(
                ReferralResponse::Declined { reason: " ".into() },
                None,
                at(3)
            )
            .unwrap_err()
            .to_string(),
            "a reason is required to decline a referral"
        );
        let declined = sent
            .respond(
                ReferralResponse::Declined {
                    reason: "no places left".into(),
                },
                None,
                at(3),
            )
            .unwrap();
        assert_eq!(declined.response_reason.as_deref(), Some("no places left"));
        assert_eq!(
            declined
                .cancel("duplicate", &me, at(4))
                .unwrap_err()
                .to_string(),
            "a referral that is declined cannot be cancelled"
        );
        assert_eq!(
            sent.respond(ReferralResponse::Delivered { on: day(-5) }, None, at(3))
                .unwrap_err()
                .to_string(),
            "a service cannot be delivered before the day the referral was sent"
        );
    }

    #[test]
    fn a_referral_cannot_be_due_in_the_past() {
        let r = consented();
        let request = ReferralRequest {
            id: Uuid::from_u128(8),
            provider: fixture::provider_in_basra().id,
            service: NeedDomain::Housing,
            urgency: ReferralUrgency::Routine,
            due_on: day(-1),
        };
        assert_eq!(
            Referral::propose(&r, request, &fixture::officer().name, at(0))
                .unwrap_err()
                .to_string(),
            "a referral cannot be due before today"
        );
    }

    proptest! {
        #[test]
        fn only_open_referrals_past_their_due_date_are_overdue(
            status in proptest::sample::select(ReferralStatus::ALL.to_vec()),
            offset in -30i64..30,
        ) {
            let r = consented();
            let mut referral = proposed(&r, &fixture::provider_in_basra(), NeedDomain::Housing);
            referral.status = status;
            let today = day(20 + offset);
            prop_assert_eq!(referral.is_overdue(today), status.is_open() && offset > 0);
        }
    }
}
