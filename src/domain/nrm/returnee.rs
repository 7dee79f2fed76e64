//! The NRM record of a returnee: where they went back to, how to reach them, where their reintegration
//! stands, and everything that happened to the record.

use super::assessment::{Assessment, Priority};
use super::consent::{Consent, ConsentOverride};
use super::error::NrmError;
use super::field;
use super::followup::{Closure, ClosureProposal, FollowUpSchedule, ScheduledFollowUp};
use super::governorate::Governorate;
use super::lifecycle::ReturneeActionKind;
use super::plan::Plan;
use super::referral::Referral;
use crate::domain::ids::UserName;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// Where a returnee's reintegration stands (DOMAIN.md, "The National Referral Mechanism").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReturneeStatus {
    Registered,
    ConsentRecorded,
    Assessed,
    PlanProposed,
    PlanApproved,
    Referred,
    FollowUp,
    Closed,
}

impl ReturneeStatus {
    pub const ALL: [ReturneeStatus; 8] = [
        ReturneeStatus::Registered,
        ReturneeStatus::ConsentRecorded,
        ReturneeStatus::Assessed,
        ReturneeStatus::PlanProposed,
        ReturneeStatus::PlanApproved,
        ReturneeStatus::Referred,
        ReturneeStatus::FollowUp,
        ReturneeStatus::Closed,
    ];

    /// The name the CLI prints and storage keeps.
    pub fn as_str(self) -> &'static str {
        match self {
            ReturneeStatus::Registered => "REGISTERED",
            ReturneeStatus::ConsentRecorded => "CONSENT_RECORDED",
            ReturneeStatus::Assessed => "ASSESSED",
            ReturneeStatus::PlanProposed => "PLAN_PROPOSED",
            ReturneeStatus::PlanApproved => "PLAN_APPROVED",
            ReturneeStatus::Referred => "REFERRED",
            ReturneeStatus::FollowUp => "FOLLOW_UP",
            ReturneeStatus::Closed => "CLOSED",
        }
    }

    pub fn is_open(self) -> bool {
        self != ReturneeStatus::Closed
    }
}

impl fmt::Display for ReturneeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub phone: Option<String>,
    pub address: Option<String>,
}

impl Contact {
    /// Blank fields become `None`; a phone must look like one.
    pub fn validated(self) -> Result<Contact, NrmError> {
        let phone = match field::optional("phone", self.phone.as_deref(), field::SHORT)? {
            Some(p) => Some(field::phone("phone", &p)?),
            None => None,
        };
        let address = field::optional("address", self.address.as_deref(), field::LONG)?;
        Ok(Contact { phone, address })
    }
}

/// One line of a returnee's history. `by` is `None` when the line records a provider's own update
/// arriving in a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturneeEvent {
    pub at: DateTime<Utc>,
    pub by: Option<UserName>,
    pub action: ReturneeActionKind,
    pub from: ReturneeStatus,
    pub to: ReturneeStatus,
    /// The referral the action was about, if any.
    pub referral: Option<Uuid>,
    /// The reason or note given with the action, if any.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Returnee {
    pub id: Uuid,
    /// The readmission case the returnee arrived through; `None` when they came back another way.
    pub case_id: Option<Uuid>,
    pub governorate: Governorate,
    pub contact: Contact,
    /// The day of arrival: follow-ups are scheduled from it.
    pub arrived_on: NaiveDate,
    pub status: ReturneeStatus,
    pub assignee: Option<UserName>,
    pub consent: Option<Consent>,
    pub consent_override: Option<ConsentOverride>,
    pub assessment: Option<Assessment>,
    /// The current plan (proposed, approved or returned); earlier ones live on in `history`.
    pub plan: Option<Plan>,
    pub referrals: Vec<Referral>,
    pub follow_up: FollowUpSchedule,
    /// A closure an officer proposed and no supervisor has decided yet.
    pub closure_proposal: Option<ClosureProposal>,
    /// The approved closure while the record is CLOSED.
    pub closure: Option<Closure>,
    pub registered_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub history: Vec<ReturneeEvent>,
}

impl Returnee {
    pub fn referral(&self, id: Uuid) -> Option<&Referral> {
        self.referrals.iter().find(|r| r.id == id)
    }

    /// Referrals proposed, sent or accepted: they block closure.
    pub fn open_referrals(&self) -> usize {
        self.referrals.iter().filter(|r| r.status.is_open()).count()
    }

    pub fn overdue_referrals(&self, today: NaiveDate) -> Vec<&Referral> {
        self.referrals
            .iter()
            .filter(|r| r.is_overdue(today))
            .collect()
    }

    /// `None` until the returnee has been assessed.
    pub fn priority(&self) -> Option<Priority> {
        self.assessment.as_ref().map(Assessment::priority)
    }

    /// Scheduled follow-ups due by `today` and not yet done.
    pub fn due_follow_ups(&self, today: NaiveDate) -> Vec<ScheduledFollowUp> {
        self.follow_up.due(self.arrived_on, today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_serialise_as_their_screaming_names() {
        for s in ReturneeStatus::ALL {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
            assert_eq!(serde_json::from_str::<ReturneeStatus>(&json).unwrap(), s);
        }
        assert!(!ReturneeStatus::Closed.is_open() && ReturneeStatus::FollowUp.is_open());
    }

    #[test]
    fn contact_blanks_are_dropped_and_phones_checked() {
        let c = Contact {
            phone: Some(" ".into()),
            address: Some(" Hay al-Jihad ".into()),
        }
        .validated()
        .unwrap();
        assert_eq!(c.phone, None);
        assert_eq!(c.address.as_deref(), Some("Hay al-Jihad"));
        let bad = Contact {
            phone: Some("none".into()),
            address: None,
        };
        assert_eq!(
            bad.validated().unwrap_err().to_string(),
            "the phone must be 6 to 20 digits, with an optional leading +, spaces or hyphens"
        );
    }
}
