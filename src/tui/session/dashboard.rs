//! The dashboard: the user's numbers and where to go from here; what is offered follows the role.

use super::super::app::{App, MenuItem};
use super::super::components::table::{self, TableView};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Wrap};
use ratatui::Frame;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let d = &app.dashboard;
    let clock = clock_lines(app);
    // Each line as many rows as it wraps to inside the box's borders.
    let inner = usize::from(area.width.saturating_sub(2)).max(1);
    let rows: usize = clock.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
    let clock_height = if clock.is_empty() {
        0
    } else {
        (u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2)).min(area.height / 3)
    };
    let [numbers, clock_area, menu_area] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Length(clock_height),
        Constraint::Min(3),
    ])
    .areas(area);
    if !clock.is_empty() {
        frame.render_widget(
            Paragraph::new(clock).wrap(Wrap { trim: true }).block(
                Block::default().borders(Borders::ALL).title(Span::styled(
                    format!(
                        " {} ",
                        t.with(
                            "dashboard-clock-title",
                            &[("n", app.clock.lines.len().into())]
                        )
                    ),
                    theme.title(),
                )),
            ),
            clock_area,
        );
    }

    let count = |key: &str, n: usize| t.with(key, &[("n", n.into())]);
    let role_line = app
        .session
        .as_ref()
        .map(|s| t.get(&format!("dashboard-role-{}", s.role)))
        .unwrap_or_default();
    let numbers_line = match &app.dashboard_error {
        // A failed read says so; zeros would claim that nothing is due.
        Some(why) => Line::from(Span::styled(why.clone(), theme.error())),
        None => Line::from(vec![
            Span::styled(
                count("dashboard-overdue", d.overdue),
                theme.urgency(super::super::view::Urgency::Overdue),
            ),
            Span::raw("   "),
            Span::styled(
                count("dashboard-due-soon", d.due_soon),
                theme.urgency(super::super::view::Urgency::DueSoon),
            ),
            Span::raw("   "),
            Span::styled(count("dashboard-waiting", d.waiting_for_me), theme.label()),
        ]),
    };
    let lines = vec![Line::from(role_line), numbers_line];
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::default().borders(Borders::ALL).title(Span::styled(
                format!(" {} ", t.get("dashboard-numbers")),
                theme.title(),
            )),
        ),
        numbers,
    );

    let menu = app.menu();
    let rows: Vec<(String, String)> = menu
        .iter()
        .map(|item| match item {
            MenuItem::Queue(view, n) => (t.get(view.text_key()), n.to_string()),
            MenuItem::Approvals(n) => (t.get("approvals-title"), n.to_string()),
            MenuItem::Exchange => (t.get("exchange-title"), String::new()),
            MenuItem::Users => (t.get("users-title"), String::new()),
            MenuItem::PartnerKeys => (t.get("partners-title"), String::new()),
            MenuItem::Agreements => (t.get("agreements-title"), String::new()),
            MenuItem::Audit => (t.get("audit-title"), String::new()),
            MenuItem::Referrals(n) => (t.get("referrals-title"), n.to_string()),
            MenuItem::FollowUps(n) => (t.get("follow-ups-title"), n.to_string()),
            MenuItem::Providers => (t.get("providers-title"), String::new()),
            MenuItem::Returnees(n) => (t.get("returnees-title"), n.to_string()),
            MenuItem::Reports => (t.get("reports-title"), String::new()),
        })
        .collect();
    table::render(
        frame,
        menu_area,
        theme,
        TableView {
            title: t.get("dashboard-go"),
            header: vec![t.get("dashboard-where"), t.get("dashboard-count")],
            widths: vec![Constraint::Min(20), Constraint::Length(8)],
            len: rows.len(),
            nav: app.dashboard_nav,
            focused: true,
            empty: t.get("dashboard-nothing"),
            row: |i: usize| {
                let (label, n) = rows[i].clone();
                Row::new(vec![label, n])
            },
        },
    );
}

/// The station clock's report: a set-back clock or a failure first, then the facts it recorded.
fn clock_lines(app: &App) -> Vec<Line<'static>> {
    let t = &app.text;
    let c = &app.clock;
    let mut lines = Vec::new();
    if let Some((now, last)) = &c.set_back {
        lines.push(Line::from(Span::styled(
            t.with(
                "dashboard-clock-set-back",
                &[("now", now.clone().into()), ("last", last.clone().into())],
            ),
            app.theme.error(),
        )));
    }
    if let Some(why) = &c.error {
        lines.push(Line::from(Span::styled(why.clone(), app.theme.error())));
    }
    lines.extend(c.lines.iter().rev().map(|l| {
        Line::from(t.with(
            "dashboard-clock-line",
            &[
                ("reference", l.reference.clone().into()),
                ("from", l.from.clone().into()),
                ("to", l.to.clone().into()),
                ("at", l.at.clone().into()),
            ],
        ))
    }));
    lines
}
