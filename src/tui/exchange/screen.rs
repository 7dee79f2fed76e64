//! Exchange on removable media: bundles found on the media, a preview before import, export to a
//! partner, and the exchange log. Clerks move bundles; others may only read the log.

use super::super::app::{App, ExchangeTab};
use super::super::components::table::{self, TableView};
use super::super::components::tabs;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Wrap};
use ratatui::Frame;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let x = &app.exchange;
    let [tab_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    let tab_list = app.exchange_tabs();
    let titles: Vec<String> = tab_list
        .iter()
        .map(|tab| match tab {
            ExchangeTab::Media => t.get("exchange-media"),
            ExchangeTab::Log => t.get("exchange-log"),
        })
        .collect();
    let at = tab_list.iter().position(|tab| *tab == x.tab).unwrap_or(0);
    tabs::render(frame, tab_area, theme, &titles, at);

    match x.tab {
        ExchangeTab::Media => media(app, frame, body),
        ExchangeTab::Log => log(app, frame, body),
    }
}

fn media(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let x = &app.exchange;
    let [list_area, preview_area, hint_area] = Layout::vertical([
        Constraint::Min(5),
        Constraint::Length(9),
        Constraint::Length(1),
    ])
    .areas(area);
    let folder = app.media_dir.display().to_string();
    let empty = x
        .media_error
        .clone()
        .unwrap_or_else(|| t.with("exchange-no-bundles", &[("folder", folder.as_str().into())]));
    table::render(
        frame,
        list_area,
        theme,
        TableView {
            title: folder.clone(),
            header: vec![t.get("col-file"), t.get("col-size")],
            widths: vec![Constraint::Min(30), Constraint::Length(12)],
            len: x.bundles.len(),
            nav: x.nav,
            focused: true,
            empty,
            row: |i: usize| {
                let b = &x.bundles[i];
                Row::new(vec![
                    b.file_name.clone(),
                    t.with("size-kib", &[("n", b.size_bytes.div_ceil(1024).into())]),
                ])
            },
        },
    );

    let mut lines = Vec::new();
    match &x.preview {
        None => lines.push(Line::from(Span::styled(
            t.get("exchange-preview-hint"),
            theme.text(false, false),
        ))),
        Some(p) => {
            let verdict_style = if p.importable {
                theme.success()
            } else {
                theme.error()
            };
            lines.push(Line::from(Span::styled(p.verdict.clone(), verdict_style)));
            lines.push(Line::from(t.with(
                "exchange-from-to",
                &[
                    ("from", p.from_station.as_str().into()),
                    ("to", p.to_station.as_str().into()),
                    ("created", p.created.as_str().into()),
                ],
            )));
            for (kind, n) in &p.records {
                lines.push(Line::from(format!("  {n:>6}  {kind}")));
            }
        }
    }
    let title = x
        .preview
        .as_ref()
        .map_or_else(|| t.get("exchange-preview"), |p| p.file_name.clone());
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(format!(" {title} "), theme.title())),
        ),
        preview_area,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(t.get("exchange-hint"), theme.key_hint())),
        hint_area,
    );
}

fn log(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let x = &app.exchange;
    table::render(
        frame,
        area,
        theme,
        TableView {
            title: t.get("exchange-log"),
            header: vec![
                t.get("col-when"),
                t.get("col-direction"),
                t.get("col-partner"),
                t.get("col-records"),
                t.get("col-outcome"),
            ],
            widths: vec![
                Constraint::Length(16),
                Constraint::Length(4),
                Constraint::Length(14),
                Constraint::Length(7),
                Constraint::Min(20),
            ],
            len: x.log.len(),
            nav: x.log_nav,
            focused: true,
            empty: x
                .log_error
                .clone()
                .unwrap_or_else(|| t.get("exchange-log-empty")),
            row: |i: usize| {
                let r = &x.log[i];
                Row::new(vec![
                    r.when.clone(),
                    r.direction.clone(),
                    r.partner.clone(),
                    r.records.to_string(),
                    r.outcome.clone(),
                ])
            },
        },
    );
}
