//! Partner keys (admin): the stations we trust, each with the fingerprint its admins confirmed
//! by telephone, and what each may send us.

use super::super::app::App;
use super::super::components::table::{self, TableView};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row};
use ratatui::Frame;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let partners = &app.admin.partners;
    let [list_area, detail_area, hint_area] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(area);
    let empty = partners
        .error
        .clone()
        .unwrap_or_else(|| t.get("partners-empty"));
    table::render(
        frame,
        list_area,
        theme,
        TableView {
            title: t.with("partners-count", &[("n", partners.rows.len().into())]),
            header: vec![
                t.get("col-station"),
                t.get("col-fingerprint"),
                t.get("col-partner-name"),
            ],
            // A fingerprint is ten groups of four: it is never cut.
            widths: vec![
                Constraint::Length(12),
                Constraint::Length(49),
                Constraint::Min(8),
            ],
            len: partners.rows.len(),
            nav: partners.nav,
            focused: true,
            empty,
            row: |i: usize| {
                let p = &partners.rows[i];
                Row::new(vec![
                    p.station.clone(),
                    p.fingerprint.clone(),
                    p.name.clone(),
                ])
            },
        },
    );
    if let Some(p) = partners.selected() {
        let held = match &p.checkpoint {
            Some(c) => t.with(
                "partner-checkpoint",
                &[("size", c.size.into()), ("at", c.at.clone().into())],
            ),
            None => t.get("partner-no-checkpoint"),
        };
        let lines = vec![
            Line::from(vec![
                Span::styled(format!("{} ", t.get("partner-may-send")), theme.label()),
                Span::raw(p.may_send.clone()),
            ]),
            Line::from(vec![
                Span::styled(
                    format!("{} ", t.get("partner-checkpoint-label")),
                    theme.label(),
                ),
                Span::raw(held),
            ]),
        ];
        frame.render_widget(Paragraph::new(lines), detail_area);
    }
    frame.render_widget(
        Paragraph::new(Span::styled(t.get("partners-hint"), theme.key_hint())),
        hint_area,
    );
}
