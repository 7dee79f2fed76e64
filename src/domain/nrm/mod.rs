//! The National Referral Mechanism (DOMAIN.md): a returnee's consent, needs assessment, reintegration
//! plan, referrals to service providers, follow-up and closure. Pure rules: no storage, no clock.

pub mod assessment;
pub mod consent;
pub mod error;
mod field;
#[cfg(test)]
mod fixture;
pub mod followup;
pub mod governorate;
pub mod lifecycle;
pub mod plan;
pub mod provider;
pub mod referral;
pub mod returnee;

pub use assessment::{Assessment, Need, NeedDomain, Priority, Severity, Vulnerability};
pub use consent::{
    may_refer, Consent, ConsentBasis, ConsentOverride, ConsentProviders, ConsentScope,
};
pub use error::NrmError;
pub use followup::{
    Closure, ClosureProposal, FollowUp, FollowUpSchedule, FollowUpState, ScheduledFollowUp,
};
pub use governorate::Governorate;
pub use lifecycle::{
    allowed_actions, apply, apply_provider_update, register, NrmActor, ReturneeAction,
    ReturneeActionKind,
};
pub use plan::{Plan, PlanItem, PlanReview, ProposedService};
pub use provider::{FocalPoint, Provider, ProviderId, ProviderKind};
pub use referral::{
    Referral, ReferralEvent, ReferralRequest, ReferralResponse, ReferralStatus, ReferralUrgency,
};
pub use returnee::{Contact, Returnee, ReturneeEvent, ReturneeStatus};
