//! Why the National Referral Mechanism refuses something. Every refusal displays as one sentence and
//! none names the returnee: no personal data in messages.

use super::assessment::NeedDomain;
use super::governorate::Governorate;
use super::lifecycle::ReturneeActionKind;
use super::referral::ReferralStatus;
use super::returnee::ReturneeStatus;
use crate::domain::policy::Refused;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NrmError {
    #[error(transparent)]
    Refused(#[from] Refused),
    #[error("you cannot {action} while the returnee is {status}")]
    NotNow {
        action: ReturneeActionKind,
        status: ReturneeStatus,
    },
    #[error("\"{text}\" is not a governorate or region ercms knows")]
    UnknownRegion { text: String },
    #[error("\"{text}\" is not a governorate or region of this station's country; the known ones are {known}")]
    NotThisCountrysRegion { text: String, known: String },
    #[error("you proposed this plan, so another supervisor must approve it")]
    OwnPlan,
    #[error("you proposed this closure, so another supervisor must approve it")]
    OwnClosure,
    #[error("the returnee has not given consent to share data with providers, and no supervisor has overridden consent")]
    NoConsent,
    #[error("the returnee has withdrawn consent, and no supervisor has overridden it")]
    ConsentWithdrawn,
    #[error("the returnee's consent does not cover both sharing data with providers and receiving services")]
    ConsentScope,
    #[error("the returnee's consent does not extend to {provider}")]
    ConsentNotForProvider { provider: String },
    #[error("there is no current consent to withdraw")]
    NoConsentToWithdraw,
    #[error("consent limited to named providers must name at least one provider")]
    ConsentNoProviders,
    #[error("consent cannot be dated in the future")]
    ConsentInFuture,
    #[error("{provider} is marked inactive in the provider directory")]
    ProviderInactive { provider: String },
    #[error("{provider} does not serve {governorate}, the returnee's governorate of return")]
    ProviderNotServing {
        provider: String,
        governorate: Governorate,
    },
    #[error("{provider} does not offer {service} services")]
    ProviderNoService {
        provider: String,
        service: NeedDomain,
    },
    #[error("a provider must cover at least one governorate")]
    ProviderNoGovernorates,
    #[error("a provider must offer at least one service")]
    ProviderNoServices,
    #[error("the provider given is not the one this referral is addressed to")]
    WrongProvider,
    #[error("this returnee has no referral with that id")]
    NoSuchReferral,
    #[error("this returnee already has a referral with that id")]
    DuplicateReferral,
    #[error("a referral that is {status} cannot be {action}")]
    ReferralNotNow {
        action: &'static str,
        status: ReferralStatus,
    },
    #[error("a referral cannot be due before today")]
    DueInPast,
    #[error("a service cannot be delivered before the day the referral was sent")]
    DeliveredBeforeSent,
    #[error("a reason is required to {what}")]
    ReasonRequired { what: &'static str },
    #[error("the {field} is required")]
    Required { field: &'static str },
    #[error("the {field} may be at most {max} characters long")]
    TooLong { field: &'static str, max: usize },
    #[error("the {field} must be 6 to 20 digits, with an optional leading +, spaces or hyphens")]
    BadPhone { field: &'static str },
    #[error("the assessment lists the {domain} need more than once")]
    DuplicateNeed { domain: NeedDomain },
    #[error("a plan must address at least one need")]
    PlanEmpty,
    #[error("the plan addresses {domain} more than once")]
    PlanNeedTwice { domain: NeedDomain },
    #[error("the plan addresses {domain}, a need the assessment did not find")]
    PlanNeedNotAssessed { domain: NeedDomain },
    #[error("this plan has already been approved or returned")]
    PlanAlreadyReviewed,
    #[error("no closure has been proposed for this returnee")]
    NoClosureProposed,
    #[error("a closure has already been proposed and awaits a supervisor")]
    ClosureAlreadyProposed,
    #[error(
        "{count} referral(s) are still open; have them delivered, declined or cancelled first"
    )]
    OpenReferrals { count: usize },
    #[error("follow-up days must be 1 to 12 increasing whole numbers, each from 1 to 1095")]
    BadSchedule,
    #[error("a follow-up cannot be dated before the returnee's arrival")]
    FollowUpBeforeArrival,
}
