//! The reports port over the real service: the same `Session::report` that `ercms report` calls,
//! turned into the screen's view model. The figures are the service's; nothing is recomputed here.

use super::live::LiveStation;
use super::report_port::ReportPort;
use super::report_view::ReportView;
use crate::domain::statistics::{month_of, Median, Period, Rate, Statistics};
use chrono::{Datelike, NaiveDate, Utc};

/// Why a period is refused, as the screen shows it.
pub const BAD_PERIOD: &str =
    "The period is two months written as YYYY-MM, and the end is not before the start.";

/// The period from the form's bounds; a missing bound is January of this year or this month, as
/// for `ercms report`.
pub fn period(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<Period, String> {
    let from = from.map_or_else(|| format!("{:04}-01", today.year()), str::to_string);
    let to = to.map_or_else(|| month_of(today), str::to_string);
    Period::months(&from, &to).ok_or_else(|| BAD_PERIOD.to_string())
}

fn percent(r: Rate) -> String {
    match r.percent() {
        Some(p) => format!("{p:.1}% ({} of {})", r.part, r.of),
        None => "no data".into(),
    }
}

fn days(m: Median) -> String {
    match m.days {
        Some(d) => format!("{d:.1} (over {})", m.of),
        None => "no data".into(),
    }
}

/// The view of `s`: every breakdown as (label, count), the key figures as text.
pub fn report_view(s: &Statistics) -> ReportView {
    let figure = |label: &str, value: String| (label.to_string(), value);
    ReportView {
        from: s.period.from.to_string(),
        to: s.period.to.to_string(),
        by_state: s
            .applications
            .iter()
            .map(|(state, months)| (state.clone(), months.values().sum()))
            .collect(),
        arrivals: s.arrivals.iter().map(|(g, n)| (g.clone(), *n)).collect(),
        per_month: s.applications_per_month(),
        by_service: s
            .referrals_by_service
            .iter()
            .map(|(service, c)| (service.phrase().to_string(), c.referrals))
            .collect(),
        figures: vec![
            figure("Applications received", s.applications_total().to_string()),
            figure("Replies sent", s.replies_sent.to_string()),
            figure("Replies within the limit", percent(s.replies_within_limit)),
            figure(
                "Accepted / refused / deemed",
                format!("{} / {} / {}", s.accepted, s.refused, s.deemed_accepted),
            ),
            figure("Median days to reply", days(s.median_days_to_reply)),
            figure(
                "Median days to travel document",
                days(s.median_days_to_travel_document),
            ),
            figure("Median days to transfer", days(s.median_days_to_transfer)),
            figure("Referrals", s.referrals.referrals.to_string()),
            figure("Referral acceptance", percent(s.referrals.acceptance())),
            figure("Referral delivery", percent(s.referrals.delivery())),
        ],
    }
}

impl ReportPort for LiveStation {
    fn report(&mut self, from: Option<String>, to: Option<String>) -> Result<ReportView, String> {
        let now = Utc::now();
        let period = period(from.as_deref(), to.as_deref(), now.date_naive())?;
        let stats = self
            .session()?
            .report(period, now)
            .map_err(|e| e.to_string())?;
        Ok(report_view(&stats))
    }
}
