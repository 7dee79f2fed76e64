//! Referral assignments: mine, all open, follow-ups due and each provider's as tabs; overdue first,
//! with the days late. Enter opens the returnee.

use super::super::app::{App, ReferralScope};
use super::super::components::table::{self, TableView};
use super::super::components::tabs;
use super::super::view::Urgency;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Paragraph, Row};
use ratatui::Frame;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let nrm = &app.nrm;
    let [tab_area, list_area, hint_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);

    let scopes = app.referral_scopes();
    let titles: Vec<String> = scopes
        .iter()
        .map(|s| match s {
            ReferralScope::Mine => t.get("referrals-mine"),
            ReferralScope::AllOpen => t.get("referrals-all-open"),
            ReferralScope::FollowUpsDue => t.get("referrals-follow-ups"),
            ReferralScope::Provider(i) => nrm
                .providers
                .rows
                .get(*i)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
        })
        .collect();
    let at = scopes.iter().position(|s| *s == nrm.scope).unwrap_or(0);
    tabs::render(frame, tab_area, theme, &titles, at);

    if nrm.scope == ReferralScope::FollowUpsDue {
        let list = &nrm.follow_ups;
        let empty = list
            .error
            .clone()
            .unwrap_or_else(|| t.get("follow-ups-empty"));
        table::render(
            frame,
            list_area,
            theme,
            TableView {
                title: t.with("follow-ups-count", &[("n", list.rows.len().into())]),
                header: vec![
                    t.get("col-reference"),
                    t.get("col-after-days"),
                    t.get("col-due-on"),
                    t.get("col-assignee"),
                ],
                widths: vec![
                    Constraint::Length(16),
                    Constraint::Length(12),
                    Constraint::Length(11),
                    Constraint::Min(10),
                ],
                len: list.rows.len(),
                nav: list.nav,
                focused: true,
                empty,
                row: |i: usize| {
                    let r = &list.rows[i];
                    Row::new(vec![
                        r.reference.clone(),
                        r.after_days.to_string(),
                        r.due_on.to_string(),
                        r.assignee.clone().unwrap_or_default(),
                    ])
                },
            },
        );
    } else {
        let list = &nrm.referrals;
        let empty = list
            .error
            .clone()
            .unwrap_or_else(|| t.get("referrals-empty"));
        let overdue = list.rows.iter().filter(|r| r.overdue).count();
        table::render(
            frame,
            list_area,
            theme,
            TableView {
                title: t.with(
                    "referrals-count",
                    &[("n", list.rows.len().into()), ("late", overdue.into())],
                ),
                header: vec![
                    t.get("col-late"),
                    t.get("col-reference"),
                    t.get("col-service"),
                    t.get("col-provider"),
                    t.get("col-due-on"),
                    t.get("col-status"),
                ],
                widths: vec![
                    Constraint::Length(5),
                    Constraint::Length(15),
                    Constraint::Length(14),
                    Constraint::Min(12),
                    Constraint::Length(10),
                    Constraint::Length(9),
                ],
                len: list.rows.len(),
                nav: list.nav,
                focused: true,
                empty,
                row: |i: usize| {
                    let r = &list.rows[i];
                    let (late, urgency) = if r.overdue {
                        (r.days_overdue.to_string(), Urgency::Overdue)
                    } else {
                        ("—".to_string(), Urgency::OnTrack)
                    };
                    Row::new(vec![
                        Cell::from(Span::styled(late, theme.urgency(urgency))),
                        Cell::from(r.reference.clone()),
                        Cell::from(r.service.to_string()),
                        Cell::from(r.provider_name.clone()),
                        Cell::from(r.due_on.to_string()),
                        Cell::from(r.status.to_string()),
                    ])
                },
            },
        );
    }
    frame.render_widget(
        Paragraph::new(Span::styled(t.get("referrals-hint"), theme.key_hint())),
        hint_area,
    );
}
