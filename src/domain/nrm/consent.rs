//! The returnee's consent to referral, and the supervisor's override when consent cannot be had.
//! No referral leaves the ministry without one or the other (DOMAIN.md).

use super::error::NrmError;
use super::provider::{Provider, ProviderId};
use super::returnee::Returnee;
use crate::domain::ids::UserName;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What the returnee agreed to. A referral needs both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentScope {
    /// Their data may be shared with service providers.
    pub share_data: bool,
    /// They wish to receive services.
    pub receive_services: bool,
}

impl ConsentScope {
    pub const FULL: ConsentScope = ConsentScope {
        share_data: true,
        receive_services: true,
    };
}

/// Which providers the consent extends to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentProviders {
    All,
    Only(Vec<ProviderId>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub scope: ConsentScope,
    pub providers: ConsentProviders,
    /// When the returnee gave it (often on paper, before it is recorded).
    pub given_at: DateTime<Utc>,
    pub recorded_by: UserName,
    pub withdrawn_at: Option<DateTime<Utc>>,
}

impl Consent {
    /// A checked consent: not dated after `now`, and a limited consent names someone.
    pub fn new(
        scope: ConsentScope,
        providers: ConsentProviders,
        given_at: DateTime<Utc>,
        by: &UserName,
        now: DateTime<Utc>,
    ) -> Result<Consent, NrmError> {
        if given_at > now {
            return Err(NrmError::ConsentInFuture);
        }
        if matches!(&providers, ConsentProviders::Only(list) if list.is_empty()) {
            return Err(NrmError::ConsentNoProviders);
        }
        Ok(Consent {
            scope,
            providers,
            given_at,
            recorded_by: by.clone(),
            withdrawn_at: None,
        })
    }

    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn_at.is_some()
    }

    /// Does this consent, as it stands, let a referral go to `provider`? Says why not.
    pub fn covers(&self, provider: &Provider) -> Result<(), NrmError> {
        if self.is_withdrawn() {
            return Err(NrmError::ConsentWithdrawn);
        }
        if !(self.scope.share_data && self.scope.receive_services) {
            return Err(NrmError::ConsentScope);
        }
        match &self.providers {
            ConsentProviders::All => Ok(()),
            ConsentProviders::Only(list) if list.contains(&provider.id) => Ok(()),
            ConsentProviders::Only(_) => Err(NrmError::ConsentNotForProvider {
                provider: provider.name.clone(),
            }),
        }
    }
}

/// A supervisor's decision to refer without (full) consent, e.g. to protect an unaccompanied minor.
/// It is audited, and it carries its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentOverride {
    pub by: UserName,
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// On what ground a referral was sent: kept on the referral for the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentBasis {
    Consent,
    Override,
}

/// On what ground a referral to `provider` may leave: the returnee's consent when it covers the
/// provider, else a supervisor's override; otherwise the consent's own refusal.
pub fn basis(returnee: &Returnee, provider: &Provider) -> Result<ConsentBasis, NrmError> {
    let by_consent = match &returnee.consent {
        Some(consent) => consent.covers(provider),
        None => Err(NrmError::NoConsent),
    };
    match (by_consent, &returnee.consent_override) {
        (Ok(()), _) => Ok(ConsentBasis::Consent),
        (Err(_), Some(_)) => Ok(ConsentBasis::Override),
        (Err(why), None) => Err(why),
    }
}

/// May a referral for this returnee go to `provider`, as far as consent goes? Says why not.
pub fn may_refer(returnee: &Returnee, provider: &Provider) -> Result<(), NrmError> {
    basis(returnee, provider).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, at};
    use super::*;

    fn with_consent(scope: ConsentScope, providers: ConsentProviders) -> Returnee {
        let mut r = fixture::registered();
        r.consent =
            Some(Consent::new(scope, providers, at(0), &fixture::officer().name, at(1)).unwrap());
        r
    }

    #[test]
    fn no_consent_no_referral() {
        let r = fixture::registered();
        assert_eq!(
            may_refer(&r, &fixture::provider_in_basra()).unwrap_err().to_string(),
            "the returnee has not given consent to share data with providers, and no supervisor has overridden consent"
        );
    }

    #[test]
    fn full_consent_covers_every_provider() {
        let r = with_consent(ConsentScope::FULL, ConsentProviders::All);
        assert_eq!(
            basis(&r, &fixture::provider_in_basra()),
            Ok(ConsentBasis::Consent)
        );
        assert_eq!(
            basis(&r, &fixture::provider_in_erbil()),
            Ok(ConsentBasis::Consent)
        );
    }

    #[test]
    fn partial_scope_is_not_enough() {
        let scope = ConsentScope {
            share_data: false,
            receive_services: true,
        };
        let r = with_consent(scope, ConsentProviders::All);
        assert_eq!(
            may_refer(&r, &fixture::provider_in_basra()).unwrap_err().to_string(),
            "the returnee's consent does not cover both sharing data with providers and receiving services"
        );
    }

    #[test]
    fn consent_limited_to_named_providers() {
        let named = fixture::provider_in_basra();
        let r = with_consent(ConsentScope::FULL, ConsentProviders::Only(vec![named.id]));
        assert!(may_refer(&r, &named).is_ok());
        assert_eq!(
            may_refer(&r, &fixture::provider_in_erbil())
                .unwrap_err()
                .to_string(),
            "the returnee's consent does not extend to Kurdistan Health Outreach"
        );
        assert_eq!(
            Consent::new(
                ConsentScope::FULL,
                ConsentProviders::Only(vec![]),
                at(0),
                &fixture::officer().name,
                at(0)
            )
            .unwrap_err()
            .to_string(),
            "consent limited to named providers must name at least one provider"
        );
    }

    #[test]
    fn withdrawn_consent_stops_referrals_and_an_override_restarts_them() {
        let mut r = with_consent(ConsentScope::FULL, ConsentProviders::All);
        if let Some(c) = r.consent.as_mut() {
            c.withdrawn_at = Some(at(5));
        }
        let p = fixture::provider_in_basra();
        assert_eq!(
            may_refer(&r, &p).unwrap_err().to_string(),
            "the returnee has withdrawn consent, and no supervisor has overridden it"
        );
        r.consent_override = Some(ConsentOverride {
            by: fixture::supervisor().name,
            reason: "child protection".into(),
            at: at(6),
        });
        assert_eq!(basis(&r, &p), Ok(ConsentBasis::Override));
    }

    #[test]
    fn consent_cannot_be_dated_after_it_is_recorded() {
        let err = Consent::new(
            ConsentScope::FULL,
            ConsentProviders::All,
            at(2),
            &fixture::officer().name,
            at(1),
        );
        assert_eq!(
            err.unwrap_err().to_string(),
            "consent cannot be dated in the future"
        );
    }
}
