//! The returnee list: every NRM record, open ones first, filtered by governorate, status, officer and
//! provider; Enter opens the record.

use super::super::app::App;
use super::super::components::table::{self, TableView};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Row};
use ratatui::Frame;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let list = &app.nrm.returnees;
    let shown = app.shown_returnees();
    let [list_area, hint_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let empty = list
        .error
        .clone()
        .unwrap_or_else(|| t.get("returnees-empty"));
    table::render(
        frame,
        list_area,
        theme,
        TableView {
            title: t.with(
                "returnees-count",
                &[("n", shown.len().into()), ("all", list.rows.len().into())],
            ),
            header: vec![
                t.get("col-reference"),
                t.get("col-name"),
                t.get("col-governorate"),
                t.get("col-status"),
                t.get("col-assignee"),
                t.get("col-referrals-open"),
            ],
            widths: vec![
                Constraint::Length(16),
                Constraint::Min(14),
                Constraint::Length(12),
                Constraint::Length(16),
                Constraint::Length(10),
                Constraint::Length(9),
            ],
            len: shown.len(),
            nav: list.nav,
            focused: true,
            empty,
            row: |i: usize| {
                let r = shown[i];
                Row::new(vec![
                    r.reference.clone(),
                    format!("{} {}", r.given_names, r.surname),
                    r.governorate.clone(),
                    r.status.to_string(),
                    r.assignee.clone().unwrap_or_default(),
                    r.open_referrals.to_string(),
                ])
            },
        },
    );
    frame.render_widget(
        Paragraph::new(Span::styled(t.get("returnees-hint"), theme.key_hint())),
        hint_area,
    );
}
