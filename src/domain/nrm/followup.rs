//! Follow-up after the referrals: contacts at set intervals after arrival, and the closure of the
//! record, which an officer proposes and a supervisor approves. Reopening is logged in the history.

use super::error::NrmError;
use super::field;
use super::returnee::ReturneeStatus;
use crate::domain::ids::UserName;
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Days after arrival of the default follow-ups: about one, three and six months. Editable per returnee.
pub const DEFAULT_FOLLOW_UP_DAYS: [u32; 3] = [30, 90, 180];
/// Three years: the longest follow-up a schedule may ask for.
const MAX_DAYS: u32 = 1095;
const MAX_POINTS: usize = 12;

/// One follow-up contact as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// The scheduled point (days after arrival) it answers; `None` for an extra contact.
    pub answers: Option<u32>,
    pub on: NaiveDate,
    pub by: UserName,
    pub note: String,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpState {
    Done,
    /// Its day has come and nobody has recorded it yet.
    Due,
    Upcoming,
}

/// A point of the schedule as seen on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledFollowUp {
    pub after_days: u32,
    pub due_on: NaiveDate,
    pub state: FollowUpState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpSchedule {
    /// Strictly increasing days after arrival.
    pub days: Vec<u32>,
    pub records: Vec<FollowUp>,
}

impl Default for FollowUpSchedule {
    fn default() -> Self {
        FollowUpSchedule {
            days: DEFAULT_FOLLOW_UP_DAYS.to_vec(),
            records: Vec::new(),
        }
    }
}

impl FollowUpSchedule {
    /// The same records under new days: 1 to 12 strictly increasing numbers from 1 to 1095.
    pub fn with_days(&self, days: Vec<u32>) -> Result<FollowUpSchedule, NrmError> {
        let ok = (1..=MAX_POINTS).contains(&days.len())
            && days.iter().all(|d| (1..=MAX_DAYS).contains(d))
            && days.windows(2).all(|w| w[0] < w[1]);
        if !ok {
            return Err(NrmError::BadSchedule);
        }
        Ok(FollowUpSchedule {
            days,
            records: self.records.clone(),
        })
    }

    /// Every scheduled point with its due date and state on `today`.
    pub fn points(&self, arrived_on: NaiveDate, today: NaiveDate) -> Vec<ScheduledFollowUp> {
        self.days
            .iter()
            .map(|&d| {
                let due_on = arrived_on
                    .checked_add_days(Days::new(u64::from(d)))
                    .unwrap_or(NaiveDate::MAX); // a date beyond the calendar is simply never due
                let state = if self.records.iter().any(|r| r.answers == Some(d)) {
                    FollowUpState::Done
                } else if due_on <= today {
                    FollowUpState::Due
                } else {
                    FollowUpState::Upcoming
                };
                ScheduledFollowUp {
                    after_days: d,
                    due_on,
                    state,
                }
            })
            .collect()
    }

    /// The points due by `today` and not done.
    pub fn due(&self, arrived_on: NaiveDate, today: NaiveDate) -> Vec<ScheduledFollowUp> {
        self.points(arrived_on, today)
            .into_iter()
            .filter(|p| p.state == FollowUpState::Due)
            .collect()
    }

    /// Records a contact on `on`. It answers the earliest scheduled point not yet done (a contact made a
    /// little early still counts); once all are done it is an extra contact.
    pub fn record(
        &self,
        arrived_on: NaiveDate,
        on: NaiveDate,
        note: &str,
        by: &UserName,
        now: DateTime<Utc>,
    ) -> Result<FollowUpSchedule, NrmError> {
        if on < arrived_on {
            return Err(NrmError::FollowUpBeforeArrival);
        }
        let note = field::required("follow-up note", note, field::LONG)?;
        let answers = self
            .days
            .iter()
            .copied()
            .find(|&d| !self.records.iter().any(|r| r.answers == Some(d)));
        let mut next = self.clone();
        next.records.push(FollowUp {
            answers,
            on,
            by: by.clone(),
            note,
            recorded_at: now,
        });
        Ok(next)
    }
}

/// An officer's proposal to close the record, waiting for a supervisor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureProposal {
    pub by: UserName,
    pub at: DateTime<Utc>,
    pub reason: String,
}

impl ClosureProposal {
    pub fn new(
        reason: &str,
        by: &UserName,
        now: DateTime<Utc>,
    ) -> Result<ClosureProposal, NrmError> {
        Ok(ClosureProposal {
            by: by.clone(),
            at: now,
            reason: field::reason("propose closure", reason)?,
        })
    }
}

/// An approved closure. `closed_from` is where a reopening takes the record back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    pub proposal: ClosureProposal,
    pub approved_by: UserName,
    pub approved_at: DateTime<Utc>,
    pub closed_from: ReturneeStatus,
}

impl Closure {
    /// Four eyes: the approver did not propose it.
    pub fn approve(
        proposal: &ClosureProposal,
        from: ReturneeStatus,
        by: &UserName,
        now: DateTime<Utc>,
    ) -> Result<Closure, NrmError> {
        if *by == proposal.by {
            return Err(NrmError::OwnClosure);
        }
        Ok(Closure {
            proposal: proposal.clone(),
            approved_by: by.clone(),
            approved_at: now,
            closed_from: from,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{self, at, day};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn default_follow_ups_fall_due_one_by_one() {
        let s = FollowUpSchedule::default();
        let arrived = day(0);
        assert!(s.due(arrived, day(29)).is_empty());
        let due = s.due(arrived, day(100));
        assert_eq!(
            due.iter().map(|p| p.after_days).collect::<Vec<_>>(),
            vec![30, 90]
        );
        assert_eq!(due[0].due_on, day(30));
        let me = fixture::officer().name;
        let s = s
            .record(arrived, day(31), "housed, looking for work", &me, at(0))
            .unwrap();
        assert_eq!(s.records[0].answers, Some(30));
        assert_eq!(s.due(arrived, day(100)).len(), 1);
        let states: Vec<_> = s
            .points(arrived, day(100))
            .iter()
            .map(|p| p.state)
            .collect();
        use FollowUpState::*;
        assert_eq!(states, vec![Done, Due, Upcoming]);
    }

    #[test]
    fn follow_up_refusals() {
        let s = FollowUpSchedule::default();
        let me = fixture::officer().name;
        assert_eq!(
            s.record(day(0), day(-1), "called", &me, at(0))
                .unwrap_err()
                .to_string(),
            "a follow-up cannot be dated before the returnee's arrival"
        );
        assert_eq!(
            s.record(day(0), day(3), " ", &me, at(0))
                .unwrap_err()
                .to_string(),
            "the follow-up note is required"
        );
        for bad in [vec![], vec![90, 30], vec![30, 30], vec![0], vec![2000]] {
            assert_eq!(
                s.with_days(bad).unwrap_err().to_string(),
                "follow-up days must be 1 to 12 increasing whole numbers, each from 1 to 1095"
            );
        }
    }

    #[test]
    fn nobody_approves_their_own_closure() {
        let me = fixture::officer().name;
        let proposal = ClosureProposal::new("reintegrated", &me, at(0)).unwrap();
        assert_eq!(
            Closure::approve(&proposal, ReturneeStatus::FollowUp, &me, at(1))
                .unwrap_err()
                .to_string(),
            "you proposed this closure, so another supervisor must approve it"
        );
        let c = Closure::approve(
            &proposal,
            ReturneeStatus::FollowUp,
            &fixture::supervisor().name,
            at(1),
        )
        .unwrap();
        assert_eq!(c.closed_from, ReturneeStatus::FollowUp);
        assert_eq!(
            ClosureProposal::new("", &me, at(0))
                .unwrap_err()
                .to_string(),
            "a reason is required to propose closure"
        );
    }

    proptest! {
        #[test]
        fn editing_the_days_keeps_what_was_recorded(
            days in proptest::collection::btree_set(1u32..=1095, 1..=12),
            contacts in 0usize..5,
        ) {
            let me = fixture::officer().name;
            let mut s = FollowUpSchedule::default();
            for i in 0..contacts {
                s = s.record(day(0), day(i as i64), "called", &me, at(0)).unwrap();
            }
            let edited = s.with_days(days.into_iter().collect()).unwrap();
            prop_assert_eq!(&edited.records, &s.records);
            let done = edited.points(day(0), day(0)).iter().filter(|p| p.state == FollowUpState::Done).count();
            let answered = s.records.iter().filter(|r| r.answers.is_some_and(|a| edited.days.contains(&a))).count();
            prop_assert_eq!(done, answered);
        }
    }
}
