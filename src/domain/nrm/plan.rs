//! The reintegration plan: which assessed needs to address and with which services. An officer proposes
//! it; a supervisor approves it or returns it with a note; nobody approves their own plan.

use super::assessment::{Assessment, NeedDomain};
use super::error::NrmError;
use super::field;
use super::provider::ProviderId;
use crate::domain::ids::UserName;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A service proposed for a need, with the provider in mind if one is already chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposedService {
    pub provider: Option<ProviderId>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanItem {
    pub need: NeedDomain,
    pub services: Vec<ProposedService>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanReview {
    Approved {
        by: UserName,
        at: DateTime<Utc>,
    },
    Returned {
        by: UserName,
        at: DateTime<Utc>,
        note: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub items: Vec<PlanItem>,
    pub proposed_by: UserName,
    pub proposed_at: DateTime<Utc>,
    /// `None` while it waits for a supervisor.
    pub review: Option<PlanReview>,
}

impl Plan {
    /// A checked proposal: at least one need, each once, each found by `assessment`; service
    /// descriptions required and bounded.
    pub fn propose(
        items: Vec<PlanItem>,
        assessment: &Assessment,
        by: &UserName,
        now: DateTime<Utc>,
    ) -> Result<Plan, NrmError> {
        if items.is_empty() {
            return Err(NrmError::PlanEmpty);
        }
        let mut checked: Vec<PlanItem> = Vec::with_capacity(items.len());
        for item in items {
            if checked.iter().any(|c| c.need == item.need) {
                return Err(NrmError::PlanNeedTwice { domain: item.need });
            }
            if !assessment.has_need(item.need) {
                return Err(NrmError::PlanNeedNotAssessed { domain: item.need });
            }
            let services = item
                .services
                .into_iter()
                .map(|s| {
                    Ok(ProposedService {
                        provider: s.provider,
                        description: field::required(
                            "service description",
                            &s.description,
                            field::LONG,
                        )?,
                    })
                })
                .collect::<Result<Vec<_>, NrmError>>()?;
            checked.push(PlanItem {
                need: item.need,
                services,
            });
        }
        Ok(Plan {
            items: checked,
            proposed_by: by.clone(),
            proposed_at: now,
            review: None,
        })
    }

    /// Four eyes: the approver is not the proposer (by name, so a user whose role changed is caught too).
    pub fn approve(&self, by: &UserName, now: DateTime<Utc>) -> Result<Plan, NrmError> {
        self.awaiting_review()?;
        if *by == self.proposed_by {
            return Err(NrmError::OwnPlan);
        }
        Ok(self.reviewed(PlanReview::Approved {
            by: by.clone(),
            at: now,
        }))
    }

    /// Sends the plan back to the officer with a note saying what to change.
    pub fn return_with(
        &self,
        note: &str,
        by: &UserName,
        now: DateTime<Utc>,
    ) -> Result<Plan, NrmError> {
        self.awaiting_review()?;
        let note = field::reason("return a plan", note)?;
        Ok(self.reviewed(PlanReview::Returned {
            by: by.clone(),
            at: now,
            note,
        }))
    }

    pub fn is_approved(&self) -> bool {
        matches!(self.review, Some(PlanReview::Approved { .. }))
    }

    pub fn needs(&self) -> impl Iterator<Item = NeedDomain> + '_ {
        self.items.iter().map(|i| i.need)
    }

    fn awaiting_review(&self) -> Result<(), NrmError> {
        match self.review {
            None => Ok(()),
            Some(_) => Err(NrmError::PlanAlreadyReviewed),
        }
    }

    fn reviewed(&self, review: PlanReview) -> Plan {
        Plan {
            review: Some(review),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::assessment::{Need, Severity};
    use super::super::fixture::{self, at};
    use super::*;

    fn assessed(domains: &[NeedDomain]) -> Assessment {
        let needs = domains
            .iter()
            .map(|&domain| Need {
                domain,
                severity: Severity::Severe,
                note: None,
            })
            .collect();
        Assessment::new(Default::default(), needs, &fixture::officer().name, at(0)).unwrap()
    }

    fn item(need: NeedDomain) -> PlanItem {
        PlanItem {
            need,
            services: vec![ProposedService {
                provider: None,
                description: "shelter for three months".into(),
            }],
        }
    }

    #[test]
    fn a_plan_addresses_assessed_needs_once_each() {
        let a = assessed(&[NeedDomain::Housing]);
        let me = fixture::officer().name;
        assert_eq!(
            Plan::propose(vec![], &a, &me, at(1))
                .unwrap_err()
                .to_string(),
            "a plan must address at least one need"
        );
        assert_eq!(
            Plan::propose(vec![item(NeedDomain::Education)], &a, &me, at(1))
                .unwrap_err()
                .to_string(),
            "the plan addresses education, a need the assessment did not find"
        );
        assert_eq!(
            Plan::propose(
                vec![item(NeedDomain::Housing), item(NeedDomain::Housing)],
                &a,
                &me,
                at(1)
            )
            .unwrap_err()
            .to_string(),
            "the plan addresses housing more than once"
        );
        let plan = Plan::propose(vec![item(NeedDomain::Housing)], &a, &me, at(1)).unwrap();
        assert_eq!(plan.needs().collect::<Vec<_>>(), vec![NeedDomain::Housing]);
    }

    #[test]
    fn nobody_approves_their_own_plan() {
        let a = assessed(&[NeedDomain::Housing]);
        let me = fixture::officer().name;
        let plan = Plan::propose(vec![item(NeedDomain::Housing)], &a, &me, at(1)).unwrap();
        assert_eq!(
            plan.approve(&me, at(2)).unwrap_err().to_string(),
            "you proposed this plan, so another supervisor must approve it"
        );
        let approved = plan.approve(&fixture::supervisor().name, at(2)).unwrap();
        assert!(approved.is_approved());
        assert_eq!(
            approved
                .return_with("redo", &fixture::supervisor().name, at(3))
                .unwrap_err(),
            NrmError::PlanAlreadyReviewed
        );
    }

    #[test]
    fn a_returned_plan_carries_its_note() {
        let a = assessed(&[NeedDomain::Housing]);
        let plan = Plan::propose(
            vec![item(NeedDomain::Housing)],
            &a,
            &fixture::officer().name,
            at(1),
        )
        .unwrap();
        let sup = fixture::supervisor().name;
        assert_eq!(
            plan.return_with("", &sup, at(2)).unwrap_err().to_string(),
            "a reason is required to return a plan"
        );
        let back = plan
            .return_with("add the health need", &sup, at(2))
            .unwrap();
        assert!(!back.is_approved());
        assert!(
            matches!(back.review, Some(PlanReview::Returned { ref note, .. }) if note == "add the health need")
        );
    }
}
