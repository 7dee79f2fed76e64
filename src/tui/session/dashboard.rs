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
    let [numbers, menu_area] =
        Layout::vertical([Constraint::Length(5), Constraint::Min(3)]).areas(area);

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
