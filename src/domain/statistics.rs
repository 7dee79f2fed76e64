//! Statistics for Objective 21 (DOMAIN.md, "Statistics"): figures over a period, computed from the
//! statistical facts of cases and returnees, never from the people themselves. Facts are kept when a
//! record is purged, so the figures stay the same after a purge.
//!
//! Which date places a fact in the period: applications by the local date of receipt; replies, their
//! outcome and the days to reply by the reply's date; travel documents by the first issue date; transfers
//! by the transfer date; arrivals by the arrival date; referrals by the date they were proposed. The
//! "days to" figures all count calendar days from receipt of the application.
//!
//! Small counts: anything leaving the station goes through [`suppress`], which turns every count from 1
//! to 4 into "<5" (a zero stays 0) and withholds the medians and rates computed from such counts. It
//! then suppresses complementary figures, so that no hidden count can be worked out by subtracting
//! the published ones from a published total: the total is withheld ("x") wherever one of its parts is
//! hidden.

use super::agreement::Agreement;
use super::calendar::Calendar;
use super::case::Case;
use super::deadline::{reply_due, DeadlineSettings};
use super::nrm::{Governorate, NeedDomain, ProviderId, ReferralStatus, Returnee};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Counts below this are suppressed before figures leave the station.
pub const SMALL: u64 = 5;

/// The days a report covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// From the first day of `from` month to the last day of `to` month; `None` if a month is not
    /// `YYYY-MM` or `to` comes before `from`.
    pub fn months(from: &str, to: &str) -> Option<Period> {
        let first = month_start(from)?;
        let last = month_end(month_start(to)?)?;
        (first <= last).then_some(Period {
            from: first,
            to: last,
        })
    }
}

fn month_start(month: &str) -> Option<NaiveDate> {
    let (y, m) = month.trim().split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

/// The last day of the month `first` starts.
pub fn month_end(first: NaiveDate) -> Option<NaiveDate> {
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    }?;
    next.pred_opt()
}

/// `YYYY-MM` of a day.
pub fn month_of(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

/// What statistics need of a case: no name, no date of birth, no document number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFacts {
    pub requesting_state: String,
    pub agreement: String,
    pub received_on: NaiveDate,
    pub reply_sent_on: Option<NaiveDate>,
    /// The reply's outcome, once sent.
    pub accepted: Option<bool>,
    pub deemed_accepted_on: Option<NaiveDate>,
    /// Was the reply sent by the agreement's limit? `None` when no reply yet or no limit is known.
    pub reply_within_limit: Option<bool>,
    pub travel_document_on: Option<NaiveDate>,
    pub transfer_on: Option<NaiveDate>,
    /// Finished and closed or withdrawn: retention can run on it.
    pub closed: bool,
}

impl CaseFacts {
    /// The facts of `case`, dates in the station's zone. The agreement and its calendar decide whether
    /// the reply was within the limit; without them that is unknown.
    pub fn of(
        case: &Case,
        rules: Option<(&Agreement, &Calendar)>,
        settings: &DeadlineSettings,
    ) -> CaseFacts {
        let local =
            |at: chrono::DateTime<chrono::Utc>| at.with_timezone(&settings.zone).date_naive();
        let reply_sent_on = case.reply_sent_at.map(local);
        let due = rules.and_then(|(a, c)| reply_due(&case.clock(), a, c, settings));
        CaseFacts {
            requesting_state: case.application.requesting_state.clone(),
            agreement: case.application.agreement.clone(),
            received_on: local(case.received_at),
            reply_sent_on,
            accepted: case
                .reply_sent_at
                .and(case.decision.as_ref())
                .map(|d| d.accepted),
            deemed_accepted_on: case.deemed_accepted_at.map(local),
            reply_within_limit: match (reply_sent_on, due) {
                (Some(sent), Some((on, _))) => Some(sent <= on),
                _ => None,
            },
            travel_document_on: case.travel_documents.first().map(|t| t.issued_on),
            transfer_on: case.transfer.as_ref().map(|t| local(t.at)),
            closed: matches!(
                case.status,
                super::case::CaseStatus::Closed | super::case::CaseStatus::Withdrawn
            ),
        }
    }
}

/// What statistics need of one referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralFacts {
    pub service: NeedDomain,
    pub provider: ProviderId,
    pub status: ReferralStatus,
    pub proposed_on: NaiveDate,
}

/// What statistics need of a returnee: where they returned to, when, and their referrals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturneeFacts {
    pub governorate: Governorate,
    pub arrived_on: NaiveDate,
    pub referrals: Vec<ReferralFacts>,
}

impl ReturneeFacts {
    pub fn of(returnee: &Returnee, settings: &DeadlineSettings) -> ReturneeFacts {
        ReturneeFacts {
            governorate: returnee.governorate.clone(),
            arrived_on: returnee.arrived_on,
            referrals: returnee
                .referrals
                .iter()
                .map(|r| ReferralFacts {
                    service: r.service,
                    provider: r.provider,
                    status: r.status,
                    proposed_on: r
                        .history
                        .first()
                        .map(|e| e.at.with_timezone(&settings.zone).date_naive())
                        .unwrap_or(returnee.arrived_on),
                })
                .collect(),
        }
    }
}

/// A part of a whole: replies within the limit of those whose limit is known, referrals accepted…
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub part: u64,
    pub of: u64,
}

impl Rate {
    /// The share in percent, or `None` when there is nothing to divide by.
    pub fn percent(&self) -> Option<f64> {
        (self.of > 0).then(|| self.part as f64 * 100.0 / self.of as f64)
    }
}

/// The middle of a set of day counts (the mean of the two middle ones for an even count).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Median {
    pub days: Option<f64>,
    /// How many day counts it was taken over.
    pub of: u64,
}

/// How a rate reads on screen and in the CLI: `12.5% (1 of 8)`, or `no data`.
impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.percent() {
            Some(p) => write!(f, "{p:.1}% ({} of {})", self.part, self.of),
            None => f.write_str("no data"),
        }
    }
}

/// How a median reads (its label says what it counts): `3.5 (over 12)`, or `no data`.
impl std::fmt::Display for Median {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.days {
            Some(d) => write!(f, "{d:.1} (over {})", self.of),
            None => f.write_str("no data"),
        }
    }
}

pub fn median(mut values: Vec<i64>) -> Median {
    values.sort_unstable();
    let n = values.len();
    let days = match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2] as f64),
        _ => Some((values[n / 2 - 1] + values[n / 2]) as f64 / 2.0),
    };
    Median { days, of: n as u64 }
}

/// Referrals of one service or one provider.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralCounts {
    pub referrals: u64,
    /// Referrals the provider has answered (accepted, declined or delivered).
    pub answered: u64,
    /// Accepted or already delivered.
    pub accepted: u64,
    pub delivered: u64,
}

impl ReferralCounts {
    fn add(&mut self, status: ReferralStatus) {
        self.referrals += 1;
        let (answered, accepted, delivered) = match status {
            ReferralStatus::Accepted => (true, true, false),
            ReferralStatus::Delivered => (true, true, true),
            ReferralStatus::Declined => (true, false, false),
            ReferralStatus::Proposed | ReferralStatus::Sent | ReferralStatus::Cancelled => {
                (false, false, false)
            }
        };
        self.answered += answered as u64;
        self.accepted += accepted as u64;
        self.delivered += delivered as u64;
    }

    /// Accepted (or delivered) of those the providers answered.
    pub fn acceptance(&self) -> Rate {
        Rate {
            part: self.accepted,
            of: self.answered,
        }
    }

    /// Delivered of those accepted.
    pub fn delivery(&self) -> Rate {
        Rate {
            part: self.delivered,
            of: self.accepted,
        }
    }
}

/// The figures of one period, exact (for the station's own screens).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statistics {
    pub period: Period,
    /// Applications received, by requesting state then month (`YYYY-MM`).
    pub applications: BTreeMap<String, BTreeMap<String, u64>>,
    pub replies_sent: u64,
    /// Replies sent by the agreement's limit, of the replies whose limit is known.
    pub replies_within_limit: Rate,
    pub accepted: u64,
    pub refused: u64,
    pub deemed_accepted: u64,
    pub median_days_to_reply: Median,
    pub median_days_to_travel_document: Median,
    pub median_days_to_transfer: Median,
    /// Arrivals by governorate of return (by its name).
    pub arrivals: BTreeMap<String, u64>,
    pub referrals: ReferralCounts,
    pub referrals_by_service: BTreeMap<NeedDomain, ReferralCounts>,
    pub referrals_by_provider: BTreeMap<ProviderId, ReferralCounts>,
}

impl Statistics {
    pub fn applications_total(&self) -> u64 {
        self.applications.values().flat_map(|m| m.values()).sum()
    }

    /// Applications per month over the whole period, by all states, oldest first (months without any
    /// application included).
    pub fn applications_per_month(&self) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        let mut first =
            NaiveDate::from_ymd_opt(self.period.from.year(), self.period.from.month(), 1);
        while let Some(day) = first.filter(|d| *d <= self.period.to) {
            let m = month_of(day);
            let n = self.applications.values().filter_map(|by| by.get(&m)).sum();
            out.push((m, n));
            first = month_end(day).and_then(|d| d.succ_opt());
        }
        out
    }
}

/// The figures over `period` from the facts of every case and returnee.
pub fn compute<'a>(
    period: Period,
    cases: impl IntoIterator<Item = &'a CaseFacts>,
    returnees: impl IntoIterator<Item = &'a ReturneeFacts>,
) -> Statistics {
    let mut s = Statistics {
        period,
        applications: BTreeMap::new(),
        replies_sent: 0,
        replies_within_limit: Rate::default(),
        accepted: 0,
        refused: 0,
        deemed_accepted: 0,
        median_days_to_reply: Median::default(),
        median_days_to_travel_document: Median::default(),
        median_days_to_transfer: Median::default(),
        arrivals: BTreeMap::new(),
        referrals: ReferralCounts::default(),
        referrals_by_service: BTreeMap::new(),
        referrals_by_provider: BTreeMap::new(),
    };
    let in_period = |d: Option<NaiveDate>| d.filter(|d| period.contains(*d));
    let (mut to_reply, mut to_td, mut to_transfer) = (Vec::new(), Vec::new(), Vec::new());
    for c in cases {
        let days_since_receipt = |d: NaiveDate| (d - c.received_on).num_days();
        if period.contains(c.received_on) {
            *s.applications
                .entry(c.requesting_state.clone())
                .or_default()
                .entry(month_of(c.received_on))
                .or_default() += 1;
        }
        if let Some(sent) = in_period(c.reply_sent_on) {
            s.replies_sent += 1;
            to_reply.push(days_since_receipt(sent));
            match c.accepted {
                Some(true) => s.accepted += 1,
                Some(false) => s.refused += 1,
                None => {}
            }
            if let Some(within) = c.reply_within_limit {
                s.replies_within_limit.of += 1;
                s.replies_within_limit.part += within as u64;
            }
        }
        if in_period(c.deemed_accepted_on).is_some() {
            s.deemed_accepted += 1;
        }
        if let Some(td) = in_period(c.travel_document_on) {
            to_td.push(days_since_receipt(td));
        }
        if let Some(t) = in_period(c.transfer_on) {
            to_transfer.push(days_since_receipt(t));
        }
    }
    s.median_days_to_reply = median(to_reply);
    s.median_days_to_travel_document = median(to_td);
    s.median_days_to_transfer = median(to_transfer);
    for r in returnees {
        if period.contains(r.arrived_on) {
            *s.arrivals
                .entry(r.governorate.name().to_string())
                .or_default() += 1;
        }
        for f in r
            .referrals
            .iter()
            .filter(|f| period.contains(f.proposed_on))
        {
            s.referrals.add(f.status);
            s.referrals_by_service
                .entry(f.service)
                .or_default()
                .add(f.status);
            s.referrals_by_provider
                .entry(f.provider)
                .or_default()
                .add(f.status);
        }
    }
    s
}

/// What a figure measures (the wire's `indicator` names, plus the rates computed from them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    ApplicationsReceived,
    RepliesSent,
    RepliesWithinLimit,
    RepliesWithinLimitPercent,
    Accepted,
    Refused,
    DeemedAccepted,
    MedianDaysToReply,
    MedianDaysToTravelDocument,
    MedianDaysToTransfer,
    Arrivals,
    Referrals,
    ReferralsAccepted,
    ReferralsDelivered,
    ReferralAcceptancePercent,
    ReferralDeliveryPercent,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        use Measure::*;
        match self {
            ApplicationsReceived => "applications_received",
            RepliesSent => "replies_sent",
            RepliesWithinLimit => "replies_within_limit",
            RepliesWithinLimitPercent => "replies_within_limit_percent",
            Accepted => "accepted",
            Refused => "refused",
            DeemedAccepted => "deemed_accepted",
            MedianDaysToReply => "median_days_to_reply",
            MedianDaysToTravelDocument => "median_days_to_travel_document",
            MedianDaysToTransfer => "median_days_to_transfer",
            Arrivals => "arrivals",
            Referrals => "referrals",
            ReferralsAccepted => "referrals_accepted",
            ReferralsDelivered => "referrals_delivered",
            ReferralAcceptancePercent => "referral_acceptance_percent",
            ReferralDeliveryPercent => "referral_delivery_percent",
        }
    }
}

/// What a figure is broken down by (all `None`: the whole period).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct By {
    pub requesting_state: Option<String>,
    /// `YYYY-MM`.
    pub month: Option<String>,
    pub governorate: Option<String>,
    pub service: Option<NeedDomain>,
    pub provider: Option<ProviderId>,
}

/// A figure as it may leave the station.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Shown {
    Count(u64),
    Days(f64),
    Percent(f64),
    /// From one to four, or computed from fewer than five.
    Suppressed,
    /// Withheld so that a suppressed count cannot be worked out from it (complementary suppression).
    Withheld,
    /// Nothing to compute it from (a median or rate over nothing).
    NoData,
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shown::Count(n) => write!(f, "{n}"),
            Shown::Days(d) => write!(f, "{d:.1}"),
            Shown::Percent(p) => write!(f, "{p:.1}"),
            Shown::Suppressed => f.write_str("<5"),
            Shown::Withheld => f.write_str("x"),
            Shown::NoData => f.write_str(""),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub measure: Measure,
    pub by: By,
    pub shown: Shown,
}

fn count(n: u64) -> Shown {
    if n > 0 && n < SMALL {
        Shown::Suppressed
    } else {
        Shown::Count(n)
    }
}

fn rate(r: Rate) -> Shown {
    match r.percent() {
        None => Shown::NoData,
        Some(_) if r.part < SMALL || r.of < SMALL || r.of - r.part < SMALL => Shown::Suppressed,
        Some(p) => Shown::Percent(p),
    }
}

fn median_shown(m: Median) -> Shown {
    match m.days {
        None => Shown::NoData,
        Some(_) if m.of < SMALL => Shown::Suppressed,
        Some(d) => Shown::Days(d),
    }
}

/// A total whose parts are published: withheld when any part is hidden, else as it is.
fn total_of(parts: &[Shown], total: Shown) -> Shown {
    let hidden = parts
        .iter()
        .any(|p| matches!(p, Shown::Suppressed | Shown::Withheld));
    match total {
        Shown::Count(_) if hidden => Shown::Withheld,
        other => other,
    }
}

/// Every figure of `s`, with small numbers suppressed: what a CSV or an extract may carry.
///
/// A rate is withheld when its part, its whole or the rest (whole minus part) is under five: otherwise
/// "3 of 40 refused" could be read back from a rate and its published whole.
pub fn suppress(s: &Statistics) -> Vec<Figure> {
    let mut out = Vec::new();
    let mut cells = Vec::new();
    let mut push = |measure, by: By, shown| out.push(Figure { measure, by, shown });
    for (state, months) in &s.applications {
        for (month, n) in months {
            let by = By {
                requesting_state: Some(state.clone()),
                month: Some(month.clone()),
                ..By::default()
            };
            cells.push(count(*n));
            push(Measure::ApplicationsReceived, by, count(*n));
        }
    }
    push(
        Measure::ApplicationsReceived,
        By::default(),
        total_of(&cells, count(s.applications_total())),
    );
    // Every reply accepts or refuses: replies sent is the total of the two.
    push(
        Measure::RepliesSent,
        By::default(),
        total_of(
            &[count(s.accepted), count(s.refused)],
            count(s.replies_sent),
        ),
    );
    push(
        Measure::RepliesWithinLimit,
        By::default(),
        count(s.replies_within_limit.part),
    );
    push(
        Measure::RepliesWithinLimitPercent,
        By::default(),
        rate(s.replies_within_limit),
    );
    push(Measure::Accepted, By::default(), count(s.accepted));
    push(Measure::Refused, By::default(), count(s.refused));
    push(
        Measure::DeemedAccepted,
        By::default(),
        count(s.deemed_accepted),
    );
    push(
        Measure::MedianDaysToReply,
        By::default(),
        median_shown(s.median_days_to_reply),
    );
    push(
        Measure::MedianDaysToTravelDocument,
        By::default(),
        median_shown(s.median_days_to_travel_document),
    );
    push(
        Measure::MedianDaysToTransfer,
        By::default(),
        median_shown(s.median_days_to_transfer),
    );
    for (g, n) in &s.arrivals {
        let by = By {
            governorate: Some(g.clone()),
            ..By::default()
        };
        push(Measure::Arrivals, by, count(*n));
    }
    // Referrals are broken down twice (by service, by provider), each adding up to the overall
    // figure: where any cell of a measure is hidden, the overall figure, every cell of both
    // breakdowns and the overall rates built on it are withheld, so no subtraction reveals it.
    let breakdowns: Vec<(By, ReferralCounts)> = s
        .referrals_by_service
        .iter()
        .map(|(k, c)| {
            let by = By {
                service: Some(*k),
                ..By::default()
            };
            (by, *c)
        })
        .chain(s.referrals_by_provider.iter().map(|(k, c)| {
            let by = By {
                provider: Some(*k),
                ..By::default()
            };
            (by, *c)
        }))
        .collect();
    type Pick = fn(&ReferralCounts) -> u64;
    let measures: [(Measure, Pick); 3] = [
        (Measure::Referrals, |c| c.referrals),
        (Measure::ReferralsAccepted, |c| c.accepted),
        (Measure::ReferralsDelivered, |c| c.delivered),
    ];
    let mut withheld = [false; 3];
    for (i, (_, pick)) in measures.iter().enumerate() {
        withheld[i] = breakdowns
            .iter()
            .any(|(_, c)| count(pick(c)) == Shown::Suppressed);
    }
    let hide = |shown: Shown, i: usize| match shown {
        Shown::Count(_) if withheld[i] => Shown::Withheld,
        other => other,
    };
    let overall = s.referrals;
    for (i, (m, pick)) in measures.iter().enumerate() {
        push(*m, By::default(), hide(count(pick(&overall)), i));
    }
    let rate_hidden = |shown: Shown, a: usize, b: usize| match shown {
        Shown::Percent(_) if withheld[a] || withheld[b] => Shown::Withheld,
        other => other,
    };
    push(
        Measure::ReferralAcceptancePercent,
        By::default(),
        rate_hidden(rate(overall.acceptance()), 0, 1),
    );
    push(
        Measure::ReferralDeliveryPercent,
        By::default(),
        rate_hidden(rate(overall.delivery()), 1, 2),
    );
    for (by, c) in breakdowns {
        for (i, (m, pick)) in measures.iter().enumerate() {
            push(*m, by.clone(), hide(count(pick(&c)), i));
        }
        push(
            Measure::ReferralAcceptancePercent,
            by.clone(),
            rate_hidden(rate(c.acceptance()), 0, 1),
        );
        push(
            Measure::ReferralDeliveryPercent,
            by,
            rate_hidden(rate(c.delivery()), 1, 2),
        );
    }
    out
}

#[cfg(test)]
mod tests;
