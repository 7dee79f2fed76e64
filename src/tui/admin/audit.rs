//! The audit trail (auditors and admins): every change in order, newest last; `/` filters by
//! target or action, `v` verifies the hash chain and shows the station's sentence.

use super::super::app::App;
use super::super::components::filter_line::{self, FilterLine};
use super::super::components::table::{self, TableView};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Row};
use ratatui::Frame;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let audit = &app.admin.audit;
    let [filter_area, verdict_area, list_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(area);

    filter_line::render(
        frame,
        filter_area,
        theme,
        FilterLine {
            label: t.get("audit-filter"),
            hint: t.get("audit-hint"),
            input: &audit.filter,
            active: audit.filtering,
        },
    );
    if let Some(v) = &audit.verdict {
        let style = if v.is_error {
            theme.error()
        } else {
            theme.success()
        };
        frame.render_widget(
            Paragraph::new(Span::styled(v.text.clone(), style)),
            verdict_area,
        );
    }

    let list = &audit.list;
    let empty = list.error.clone().unwrap_or_else(|| t.get("audit-empty"));
    table::render(
        frame,
        list_area,
        theme,
        TableView {
            title: t.with("audit-count", &[("n", list.rows.len().into())]),
            header: vec![
                t.get("col-seq"),
                t.get("col-when"),
                t.get("col-actor"),
                t.get("col-action"),
                t.get("col-target"),
                t.get("col-detail"),
            ],
            widths: vec![
                Constraint::Length(5),
                Constraint::Length(19),
                Constraint::Length(8),
                Constraint::Length(14),
                Constraint::Length(12),
                Constraint::Min(8),
            ],
            len: list.rows.len(),
            nav: list.nav,
            focused: !audit.filtering,
            empty,
            row: |i: usize| {
                let r = &list.rows[i];
                Row::new(vec![
                    r.seq.to_string(),
                    r.at.clone(),
                    r.actor.clone(),
                    r.action.clone(),
                    r.target.clone(),
                    r.detail.clone(),
                ])
            },
        },
    );
}
