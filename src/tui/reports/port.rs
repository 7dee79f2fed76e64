//! The reports port: the figures of a period, in view-model terms. `StationPort` extends it, so the
//! App holds one port. A refused period or permission comes back as one sentence.

use crate::tui::reports::view::ReportView;

pub trait ReportPort {
    /// The figures from the month `from` to the month `to` (`YYYY-MM`, both included). A missing
    /// bound takes the station's default (January of this year, this month); bounds that are not
    /// months, or an end before the start, are refused with a sentence.
    fn report(&mut self, from: Option<String>, to: Option<String>) -> Result<ReportView, String>;
}
