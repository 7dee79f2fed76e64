//! Agreements (admin): the time limits the deadlines run on, as data. Enter opens one with all
//! its rules; `e` changes one rule, and the station's refusal shows in the form.

use super::super::app::App;
use super::super::components::table::{self, TableView};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Wrap};
use ratatui::Frame;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let list = &app.admin.agreements;
    let [body, hint_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let open = list.selected().filter(|_| app.admin.agreement_open);
    if let Some(a) = open {
        let width = a.rules.iter().map(|f| f.label.len()).max().unwrap_or(0);
        let lines: Vec<Line> = a
            .rules
            .iter()
            .map(|f| {
                Line::from(vec![
                    Span::styled(format!("{:<width$}  ", f.label), theme.label()),
                    Span::raw(f.value.clone()),
                ])
            })
            .collect();
        frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: false }).block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(theme.block(true))
                    .title(Span::styled(
                        format!(" {} — {} ", a.code, a.name),
                        theme.title(),
                    )),
            ),
            body,
        );
        frame.render_widget(
            Paragraph::new(Span::styled(t.get("agreement-open-hint"), theme.key_hint())),
            hint_area,
        );
        return;
    }
    let empty = list
        .error
        .clone()
        .unwrap_or_else(|| t.get("agreements-empty"));
    // The travel document limit shows on wide terminals; every rule is in the open agreement.
    let wide = area.width >= 110;
    let mut header = vec![
        t.get("col-code"),
        t.get("col-agreement"),
        t.get("col-reply"),
        t.get("col-silence"),
    ];
    let mut widths = vec![
        Constraint::Length(8),
        Constraint::Length(18),
        Constraint::Min(30),
        Constraint::Length(7),
    ];
    if wide {
        header.push(t.get("col-travel-document"));
        widths.push(Constraint::Length(20));
    }
    table::render(
        frame,
        body,
        theme,
        TableView {
            title: t.get("agreements-title"),
            header,
            widths,
            len: list.rows.len(),
            nav: list.nav,
            focused: true,
            empty,
            row: |i: usize| {
                let a = &list.rows[i];
                let mut cells = vec![
                    a.code.clone(),
                    a.name.clone(),
                    a.reply.clone(),
                    a.silence_means_consent.clone(),
                ];
                if wide {
                    cells.push(a.travel_document.clone());
                }
                Row::new(cells)
            },
        },
    );
    frame.render_widget(
        Paragraph::new(Span::styled(t.get("agreements-hint"), theme.key_hint())),
        hint_area,
    );
}
