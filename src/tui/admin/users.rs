//! User accounts (admin): who may sign in, in which role, and whether the account is locked.

use super::super::app::App;
use super::super::components::table::{self, TableView};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Row};
use ratatui::Frame;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let users = &app.admin.users;
    let [list_area, hint_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let empty = users.error.clone().unwrap_or_else(|| t.get("users-empty"));
    table::render(
        frame,
        list_area,
        theme,
        TableView {
            title: t.with("users-count", &[("n", users.rows.len().into())]),
            header: vec![
                t.get("col-user"),
                t.get("col-role"),
                t.get("col-account"),
                t.get("col-failed"),
                t.get("col-created"),
            ],
            widths: vec![
                Constraint::Min(12),
                Constraint::Length(11),
                Constraint::Length(9),
                Constraint::Length(15),
                Constraint::Length(10),
            ],
            len: users.rows.len(),
            nav: users.nav,
            focused: true,
            empty,
            row: |i: usize| {
                let u = &users.rows[i];
                let state = if u.locked {
                    t.get("user-locked")
                } else {
                    t.get("user-active")
                };
                Row::new(vec![
                    u.name.clone(),
                    t.get(&format!("role-{}", u.role)),
                    state,
                    u.failed_logins.to_string(),
                    u.created.clone(),
                ])
            },
        },
    );
    frame.render_widget(
        Paragraph::new(Span::styled(t.get("users-hint"), theme.key_hint())),
        hint_area,
    );
}
