//! The NRM's queues: returnee records, referral assignments (overdue first) and follow-ups due, worked
//! out for today so that nothing late stays silent.

use super::nrm::NrmRecord;
use super::{ServiceError, Session};
use crate::domain::nrm::{
    NeedDomain, Priority, ProviderId, ReferralStatus, ReferralUrgency, ReturneeStatus,
};
use crate::domain::policy::Permission;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// A row of `returnee list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturneeRow {
    pub id: String,
    pub reference: String,
    pub surname: String,
    pub given_names: String,
    pub governorate: String,
    pub status: ReturneeStatus,
    pub assignee: Option<String>,
    pub priority: Option<Priority>,
    pub open_referrals: usize,
    pub overdue_referrals: usize,
    pub follow_ups_due: usize,
    /// The providers its referrals went to (the returnee list filters on them).
    pub providers: Vec<ProviderId>,
}

/// A row of `referral list`: one referral, with whose it is and how late.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferralRow {
    pub id: String,
    pub returnee: String,
    pub reference: String,
    pub provider: ProviderId,
    pub provider_name: String,
    pub service: NeedDomain,
    pub urgency: ReferralUrgency,
    pub due_on: NaiveDate,
    pub status: ReferralStatus,
    pub overdue: bool,
    /// Days past the due date (0 when not overdue).
    pub days_overdue: i64,
    pub assignee: Option<String>,
}

/// A follow-up whose day has come and that nobody has recorded yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpRow {
    pub returnee: String,
    pub reference: String,
    pub after_days: u32,
    pub due_on: NaiveDate,
    pub assignee: Option<String>,
}

/// Which referrals `referrals()` returns.
#[derive(Debug, Clone, Default)]
pub struct ReferralFilter {
    pub overdue: bool,
    /// Only open ones (proposed, sent, accepted).
    pub open: bool,
    pub provider: Option<ProviderId>,
    pub assignee: Option<String>,
}

impl Session {
    /// `ercms returnee list`: open records first, then by reference.
    pub fn returnees(&self, now: DateTime<Utc>) -> Result<Vec<ReturneeRow>, ServiceError> {
        self.allow(Permission::ViewReturnees)?;
        let today = now.date_naive();
        let mut rows: Vec<ReturneeRow> = self
            .nrm_records()?
            .iter()
            .map(|r| returnee_row(r, today))
            .collect();
        rows.sort_by(|a, b| {
            (a.status == ReturneeStatus::Closed, &a.reference)
                .cmp(&(b.status == ReturneeStatus::Closed, &b.reference))
        });
        Ok(rows)
    }

    /// `ercms referral list`: overdue first (most late first), then by due date.
    pub fn referrals(
        &self,
        filter: &ReferralFilter,
        now: DateTime<Utc>,
    ) -> Result<Vec<ReferralRow>, ServiceError> {
        self.allow(Permission::ViewReturnees)?;
        let today = now.date_naive();
        let names: HashMap<ProviderId, String> = self
            .vault
            .scan::<crate::domain::nrm::Provider>(crate::vault::Tree::PROVIDERS)
            .map(|item| item.map(|(_, p)| (p.id, p.name)))
            .collect::<Result<_, _>>()?;
        let mut rows = vec![];
        for record in self.nrm_records()? {
            let r = &record.returnee;
            let assignee = r.assignee.as_ref().map(|a| a.to_string());
            if filter
                .assignee
                .as_ref()
                .is_some_and(|want| assignee.as_ref() != Some(want))
            {
                continue;
            }
            for f in &r.referrals {
                let overdue = f.is_overdue(today);
                if (filter.overdue && !overdue)
                    || (filter.open && !f.status.is_open())
                    || filter.provider.is_some_and(|p| p != f.provider)
                {
                    continue;
                }
                rows.push(ReferralRow {
                    id: f.id.to_string(),
                    returnee: r.id.to_string(),
                    reference: record.reference.clone(),
                    provider: f.provider,
                    provider_name: names
                        .get(&f.provider)
                        .cloned()
                        .unwrap_or_else(|| "(not in the directory)".into()),
                    service: f.service,
                    urgency: f.urgency,
                    due_on: f.due_on,
                    status: f.status,
                    overdue,
                    days_overdue: if overdue {
                        (today - f.due_on).num_days()
                    } else {
                        0
                    },
                    assignee: assignee.clone(),
                });
            }
        }
        rows.sort_by(|a, b| {
            (!a.overdue, -a.days_overdue, a.due_on, &a.reference).cmp(&(
                !b.overdue,
                -b.days_overdue,
                b.due_on,
                &b.reference,
            ))
        });
        Ok(rows)
    }

    /// Follow-ups due today or earlier on open records, oldest first.
    pub fn follow_ups_due(&self, now: DateTime<Utc>) -> Result<Vec<FollowUpRow>, ServiceError> {
        self.allow(Permission::ViewReturnees)?;
        let today = now.date_naive();
        let mut rows = vec![];
        for record in self.nrm_records()? {
            let r = &record.returnee;
            if !r.status.is_open() {
                continue;
            }
            for due in r.due_follow_ups(today) {
                rows.push(FollowUpRow {
                    returnee: r.id.to_string(),
                    reference: record.reference.clone(),
                    after_days: due.after_days,
                    due_on: due.due_on,
                    assignee: r.assignee.as_ref().map(|a| a.to_string()),
                });
            }
        }
        rows.sort_by(|a, b| (a.due_on, &a.reference).cmp(&(b.due_on, &b.reference)));
        Ok(rows)
    }
}

/// The list row of a record as of `today`.
pub fn returnee_row(record: &NrmRecord, today: NaiveDate) -> ReturneeRow {
    let r = &record.returnee;
    ReturneeRow {
        id: r.id.to_string(),
        reference: record.reference.clone(),
        surname: record.person.surname.clone(),
        given_names: record.person.given_names.clone(),
        governorate: r.governorate.name().to_string(),
        status: r.status,
        assignee: r.assignee.as_ref().map(|a| a.to_string()),
        priority: r.priority(),
        open_referrals: r.open_referrals(),
        overdue_referrals: r.overdue_referrals(today).len(),
        follow_ups_due: if r.status.is_open() {
            r.due_follow_ups(today).len()
        } else {
            0
        },
        providers: {
            let mut p: Vec<ProviderId> = r.referrals.iter().map(|f| f.provider).collect();
            p.dedup();
            p
        },
    }
}
