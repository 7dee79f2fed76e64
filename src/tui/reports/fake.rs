//! The fake station's reports side: synthetic figures, and the bounds the screen asked for. Its
//! refusal of a period is a fixed sentence, not the statistics rules.

use crate::tui::fake::FakeStation;
use crate::tui::reports::port::ReportPort;
use crate::tui::reports::view::ReportView;

/// What the fake says of bounds that are not `YYYY-MM`, or an end before the start.
pub const REFUSED: &str =
    "The period is two months written as YYYY-MM, and the end is not before the start.";

fn pairs(items: &[(&str, u64)]) -> Vec<(String, u64)> {
    items.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

/// A year of synthetic figures.
pub fn sample() -> ReportView {
    ReportView {
        from: "2026-01-01".into(),
        to: "2026-12-31".into(),
        by_state: pairs(&[("BE", 6), ("DE", 31), ("FR", 12), ("NL", 9), ("SE", 4)]),
        arrivals: pairs(&[
            ("Baghdad", 14),
            ("Basra", 5),
            ("Erbil", 9),
            ("Nineveh", 11),
            ("Sulaymaniyah", 3),
        ]),
        per_month: pairs(&[
            ("2026-01", 2),
            ("2026-02", 5),
            ("2026-03", 4),
            ("2026-04", 7),
            ("2026-05", 3),
            ("2026-06", 9),
            ("2026-07", 6),
            ("2026-08", 1),
            ("2026-09", 8),
            ("2026-10", 6),
            ("2026-11", 7),
            ("2026-12", 4),
        ]),
        by_service: pairs(&[("housing", 7), ("health", 12), ("livelihood", 5)]),
        figures: vec![
            ("Applications received".into(), "62".into()),
            ("Replies sent".into(), "48".into()),
            ("Replies within the limit".into(), "83.3% (40 of 48)".into()),
            ("Accepted / refused / deemed".into(), "39 / 9 / 2".into()),
            ("Median days to reply".into(), "11.5 (over 48)".into()),
            (
                "Median days to travel document".into(),
                "19.0 (over 31)".into(),
            ),
            ("Median days to transfer".into(), "34.0 (over 22)".into()),
            ("Referrals".into(), "24".into()),
            ("Referral acceptance".into(), "75.0% (15 of 20)".into()),
            ("Referral delivery".into(), "60.0% (9 of 15)".into()),
        ],
    }
}

/// The same period with nothing in it.
pub fn empty() -> ReportView {
    ReportView {
        per_month: sample()
            .per_month
            .into_iter()
            .map(|(m, _)| (m, 0))
            .collect(),
        figures: sample()
            .figures
            .into_iter()
            .map(|(label, _)| (label, "no data".into()))
            .collect(),
        ..ReportView {
            from: "2026-01-01".into(),
            to: "2026-12-31".into(),
            ..ReportView::default()
        }
    }
}

/// `YYYY-MM`, with a month from 01 to 12.
fn is_month(text: &str) -> bool {
    let Some((y, m)) = text.split_once('-') else {
        return false;
    };
    y.len() == 4
        && y.chars().all(|c| c.is_ascii_digit())
        && matches!(m.parse::<u8>(), Ok(1..=12))
        && m.len() == 2
}

impl FakeStation {
    /// A station whose reports hold nothing.
    pub fn without_report_data(mut self) -> FakeStation {
        self.report = empty();
        self
    }
}

impl ReportPort for FakeStation {
    fn report(&mut self, from: Option<String>, to: Option<String>) -> Result<ReportView, String> {
        self.journal
            .borrow_mut()
            .reports
            .push((from.clone(), to.clone()));
        let bad = |b: &Option<String>| b.as_deref().is_some_and(|m| !is_month(m));
        let backwards = matches!((&from, &to), (Some(f), Some(t)) if t < f);
        if bad(&from) || bad(&to) || backwards {
            return Err(REFUSED.to_string());
        }
        Ok(self.report.clone())
    }
}
