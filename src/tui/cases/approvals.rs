//! Proposals waiting for this supervisor; Enter opens the case, where approve and return are.

use super::super::app::App;
use super::super::components::table::{self, TableView};
use ratatui::layout::Rect;
use ratatui::Frame;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let (header, widths, wide) = super::queue::columns(t, area.width);
    table::render(
        frame,
        area,
        theme,
        TableView {
            title: t.with("approvals-count", &[("n", app.approvals.len().into())]),
            header,
            widths,
            len: app.approvals.len(),
            nav: app.approvals_nav,
            focused: true,
            empty: app
                .approvals_error
                .clone()
                .unwrap_or_else(|| t.get("approvals-empty")),
            row: |i: usize| super::queue::row(&app.approvals[i], theme, wide),
        },
    );
}
