//! Reports (auditors, supervisors, admins): the figures of one period as bar charts, a sparkline
//! and the key figures in words. Everything shown is what the station port returned.

use super::super::app::App;
use super::super::reports::view::ReportView;
use super::super::text::Text;
use super::super::theme::Theme;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Sparkline, Wrap};
use ratatui::Frame;

fn block<'a>(theme: &Theme, title: String) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.block(false))
        .title(Span::styled(format!(" {title} "), theme.title()))
}

/// A bar chart of (label, count) pairs in `area`, or `empty` when there are none. Vertical bars
/// share the width; horizontal bars take one line each, so long names stay readable.
fn bars(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    title: String,
    data: &[(String, u64)],
    direction: Direction,
    empty: String,
) {
    let outer = block(theme, title);
    if data.is_empty() {
        frame.render_widget(Paragraph::new(empty).block(outer), area);
        return;
    }
    let inner = outer.inner(area);
    let bars: Vec<Bar> = data
        .iter()
        .map(|(label, n)| {
            Bar::default()
                .label(Line::from(label.as_str()))
                .value(*n)
                .style(theme.gauge())
                .value_style(theme.text(true, true))
        })
        .collect();
    let n = data.len() as u16;
    let width = match direction {
        Direction::Vertical => (inner.width.saturating_sub(n - 1) / n).clamp(1, 10),
        Direction::Horizontal => 1,
    };
    let chart = BarChart::default()
        .block(outer)
        .direction(direction)
        .bar_width(width)
        .bar_gap(if direction == Direction::Vertical {
            1
        } else {
            0
        })
        .data(BarGroup::default().bars(&bars));
    frame.render_widget(chart, area);
}

fn sparkline(frame: &mut Frame, area: Rect, theme: &Theme, t: &Text, view: &ReportView) {
    let first = view.per_month.first().map_or("", |(m, _)| m.as_str());
    let last = view.per_month.last().map_or("", |(m, _)| m.as_str());
    let title = t.get("reports-per-month");
    let values: Vec<u64> = view.per_month.iter().map(|(_, n)| *n).collect();
    let highest = values.iter().max().copied().unwrap_or(0);
    let outer = block(theme, title);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let [line, scale] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    // The most recent months when the period is longer than the line.
    let skip = values.len().saturating_sub(line.width as usize);
    frame.render_widget(
        Sparkline::default()
            .data(&values[skip..])
            .max(highest.max(1))
            .style(theme.gauge()),
        line,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            t.with(
                "reports-months",
                &[
                    ("from", first.into()),
                    ("to", last.into()),
                    ("n", highest.into()),
                ],
            ),
            theme.key_hint(),
        )),
        scale,
    );
}

fn figures(frame: &mut Frame, area: Rect, theme: &Theme, t: &Text, view: &ReportView) {
    let label_width = view
        .figures
        .iter()
        .map(|(l, _)| unicode_width::UnicodeWidthStr::width(l.as_str()))
        .max()
        .unwrap_or(0);
    let lines: Vec<Line> = view
        .figures
        .iter()
        .map(|(label, value)| {
            Line::from(vec![
                Span::styled(format!("{label:<label_width$} "), theme.label()),
                Span::raw(value.clone()),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(block(theme, t.get("reports-figures"))),
        area,
    );
}

fn services(frame: &mut Frame, area: Rect, theme: &Theme, t: &Text, view: &ReportView) {
    let lines: Vec<Line> = if view.by_service.is_empty() {
        vec![Line::from(t.get("reports-no-referrals"))]
    } else {
        view.by_service
            .iter()
            .map(|(service, n)| Line::from(format!("{service}: {n}")))
            .collect()
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(block(theme, t.get("reports-by-service"))),
        area,
    );
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let r = &app.reports;
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let period = r.view.as_ref().map_or_else(String::new, |v| {
        t.with(
            "reports-period",
            &[
                ("from", v.from.as_str().into()),
                ("to", v.to.as_str().into()),
            ],
        )
    });
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(period, theme.heading()),
            Span::raw("  "),
            Span::styled(t.get("reports-hint"), theme.key_hint()),
        ])),
        head,
    );
    let Some(view) = &r.view else {
        let why = r.error.clone().unwrap_or_default();
        frame.render_widget(
            Paragraph::new(Span::styled(why, theme.error()))
                .wrap(Wrap { trim: true })
                .block(block(theme, t.get("reports-title"))),
            body,
        );
        return;
    };
    let [charts, lower] =
        Layout::vertical([Constraint::Min(7), Constraint::Length(12)]).areas(body);
    let [states, arrivals] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(charts);
    bars(
        frame,
        states,
        theme,
        t.get("reports-by-state"),
        &view.by_state,
        Direction::Vertical,
        t.get("reports-no-applications"),
    );
    bars(
        frame,
        arrivals,
        theme,
        t.get("reports-arrivals"),
        &view.arrivals,
        Direction::Horizontal,
        t.get("reports-no-arrivals"),
    );
    let [left, right] =
        Layout::horizontal([Constraint::Min(49), Constraint::Percentage(40)]).areas(lower);
    figures(frame, left, theme, t, view);
    let [months, by_service] =
        Layout::vertical([Constraint::Length(5), Constraint::Min(3)]).areas(right);
    sparkline(frame, months, theme, t, view);
    services(frame, by_service, theme, t, view);
}
