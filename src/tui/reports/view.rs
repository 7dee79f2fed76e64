//! The reports screen's view model: the figures of one period as plain data, ready for bar charts,
//! a sparkline and a few lines of text. The station port fills it; the TUI only shows it.

/// The statistics of one period, exact (for this station's own eyes).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportView {
    /// First and last day of the period, `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
    /// Applications received, by requesting state.
    pub by_state: Vec<(String, u64)>,
    /// Arrivals, by governorate of return.
    pub arrivals: Vec<(String, u64)>,
    /// Applications received per month (`YYYY-MM`), oldest first, empty months included.
    pub per_month: Vec<(String, u64)>,
    /// Referrals proposed, by service.
    pub by_service: Vec<(String, u64)>,
    /// The key figures as label and value text ("Median days to reply", "12.0 (over 9)").
    pub figures: Vec<(String, String)>,
}

impl ReportView {
    /// True when the period holds no application, arrival or referral at all.
    pub fn is_empty(&self) -> bool {
        self.by_state.is_empty() && self.arrivals.is_empty() && self.by_service.is_empty()
    }
}
