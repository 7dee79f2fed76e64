//! The import progress display, drawn by the run loop while the station imports.

use super::super::theme::Theme;
use crate::tui::exchange::view::ImportProgress;
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph};
use ratatui::Frame;

/// The gauge, and under it how to cancel (or that the import is being cancelled).
pub fn render(frame: &mut Frame, theme: &Theme, label: &str, hint: &str, progress: ImportProgress) {
    let area = super::super::components::centered(frame.area(), 60, 4);
    let [gauge_area, hint_area] =
        Layout::vertical([Constraint::Length(3), Constraint::Length(1)]).areas(area);
    let ratio = if progress.total == 0 {
        0.0
    } else {
        (progress.done.min(progress.total) as f64) / (progress.total as f64)
    };
    let gauge = Gauge::default()
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {label} ")),
        )
        .gauge_style(theme.gauge())
        .ratio(ratio)
        .label(format!("{} / {}", progress.done, progress.total));
    frame.render_widget(gauge, gauge_area);
    frame.render_widget(Paragraph::new(hint).style(theme.key_hint()), hint_area);
}
