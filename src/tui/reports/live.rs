//! The reports port over the real service: the same `Session::report` that `ercms report` calls,
//! turned into the screen's view model. The figures are the service's; nothing is recomputed here.

use crate::domain::statistics::{month_of, Period, Statistics};
use crate::tui::live::LiveStation;
use crate::tui::reports::port::ReportPort;
use crate::tui::reports::view::ReportView;
use chrono::{Datelike, NaiveDate};

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
            figure(
                "Replies within the limit",
                s.replies_within_limit.to_string(),
            ),
            figure(
                "Accepted / refused / deemed",
                format!("{} / {} / {}", s.accepted, s.refused, s.deemed_accepted),
            ),
            figure("Median days to reply", s.median_days_to_reply.to_string()),
            figure(
                "Median days to travel document",
                s.median_days_to_travel_document.to_string(),
            ),
            figure(
                "Median days to transfer",
                s.median_days_to_transfer.to_string(),
            ),
            figure("Referrals", s.referrals.referrals.to_string()),
            figure("Referral acceptance", s.referrals.acceptance().to_string()),
            figure("Referral delivery", s.referrals.delivery().to_string()),
        ],
    }
}

impl ReportPort for LiveStation {
    fn report(&mut self, from: Option<String>, to: Option<String>) -> Result<ReportView, String> {
        let now = self.now();
        let period = period(from.as_deref(), to.as_deref(), now.date_naive())?;
        let stats = self
            .session()?
            .report(period, now)
            .map_err(|e| e.to_string())?;
        Ok(report_view(&stats))
    }
}
