//! A returnee's NRM record on one page: who and where, consent, assessment, plan, referrals,
//! follow-ups due and history. `a` lists the actions with a form here.

use super::super::app::App;
use super::super::components::page;
use super::super::theme::Theme;
use super::super::view::Urgency;
use crate::domain::nrm::{ConsentProviders, PlanReview, Returnee};
use crate::service::{kind_name, NrmRecord};
use crate::tui::cases::case::action_menu;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

fn heading<'a>(theme: &Theme, text: String) -> Line<'a> {
    Line::from(Span::styled(text, theme.heading()))
}

fn consent_line(app: &App, r: &Returnee) -> String {
    let t = &app.text;
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let consent = match &r.consent {
        Some(c) if c.is_withdrawn() => t.get("returnee-consent-withdrawn"),
        Some(c) => t.with(
            "returnee-consent",
            &[
                ("share", yes_no(c.scope.share_data).into()),
                ("services", yes_no(c.scope.receive_services).into()),
                (
                    "providers",
                    match &c.providers {
                        ConsentProviders::All => t.get("nrm-all-providers"),
                        ConsentProviders::Only(list) => list.len().to_string(),
                    }
                    .into(),
                ),
            ],
        ),
        None => t.get("returnee-consent-none"),
    };
    match &r.consent_override {
        Some(o) => format!(
            "{consent}; {}",
            t.with("returnee-override", &[("by", o.by.to_string().into())])
        ),
        None => consent,
    }
}

fn lines<'a>(app: &App, record: &NrmRecord, today: chrono::NaiveDate) -> Vec<Line<'a>> {
    let t = &app.text;
    let theme = &app.theme;
    let r = &record.returnee;
    let provider_name = |id| {
        app.nrm
            .providers
            .rows
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| t.get("returnee-unknown-provider"), |p| p.name.clone())
    };
    let mut out = vec![
        Line::from(format!(
            "{} · {}, {} · {} · {}",
            record.reference,
            record.person.surname,
            record.person.given_names,
            r.governorate.name(),
            r.status
        )),
        Line::from(
            t.with(
                "returnee-officer",
                &[(
                    "user",
                    r.assignee
                        .as_ref()
                        .map_or_else(|| "—".to_string(), |a| a.to_string())
                        .into(),
                )],
            ),
        ),
        Line::from(consent_line(app, r)),
    ];
    out.push(Line::from(match &r.assessment {
        Some(a) => t.with(
            "returnee-assessment",
            &[
                ("priority", a.priority().as_str().into()),
                (
                    "needs",
                    a.needs
                        .iter()
                        .map(|n| n.domain.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                        .into(),
                ),
            ],
        ),
        None => t.get("returnee-not-assessed"),
    }));
    out.push(heading(theme, t.get("returnee-plan")));
    match &r.plan {
        Some(plan) => {
            let review = match &plan.review {
                None => t.get("returnee-plan-waiting"),
                Some(PlanReview::Approved { by, .. }) => {
                    t.with("returnee-plan-approved", &[("by", by.to_string().into())])
                }
                Some(PlanReview::Returned { by, note, .. }) => t.with(
                    "returnee-plan-returned",
                    &[("by", by.to_string().into()), ("note", note.clone().into())],
                ),
            };
            out.push(Line::from(format!("  {review}")));
            for item in &plan.items {
                let services: Vec<&str> = item
                    .services
                    .iter()
                    .map(|s| s.description.as_str())
                    .collect();
                out.push(Line::from(format!(
                    "  {}: {}",
                    item.need,
                    services.join("; ")
                )));
            }
        }
        None => out.push(Line::from(format!("  {}", t.get("returnee-no-plan")))),
    }
    out.push(heading(theme, t.get("returnee-referrals")));
    if r.referrals.is_empty() {
        out.push(Line::from(format!("  {}", t.get("returnee-no-referrals"))));
    }
    for f in &r.referrals {
        let text = format!(
            "  {} · {} · {} · {}",
            f.service,
            provider_name(f.provider),
            f.status,
            t.with("returnee-due", &[("date", f.due_on.to_string().into())])
        );
        let style = theme.urgency(if f.is_overdue(today) {
            Urgency::Overdue
        } else {
            Urgency::None
        });
        out.push(Line::from(Span::styled(text, style)));
    }
    out.push(heading(theme, t.get("returnee-follow-ups")));
    let due = r.due_follow_ups(today);
    if due.is_empty() {
        out.push(Line::from(format!("  {}", t.get("returnee-no-follow-ups"))));
    }
    for d in due {
        out.push(Line::from(format!(
            "  {}",
            t.with(
                "returnee-follow-up-due",
                &[
                    ("days", d.after_days.into()),
                    ("date", d.due_on.to_string().into())
                ]
            )
        )));
    }
    out.push(heading(theme, t.get("returnee-history")));
    for e in r.history.iter().rev() {
        let by = e.by.as_ref().map_or_else(String::new, |b| b.to_string());
        out.push(Line::from(format!(
            "  {} {} {} → {} {}",
            e.at.format("%Y-%m-%d"),
            kind_name(e.action),
            e.from,
            e.to,
            by
        )));
    }
    out
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let [body, foot] = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let Some(record) = &app.nrm.record else {
        return;
    };
    let today = app.today();
    page::render(
        frame,
        body,
        theme,
        lines(app, record, today),
        app.nrm.scroll,
    );
    let actions = app.returnee_form_actions();
    let hint = if actions.is_empty() {
        t.get("nrm-no-actions")
    } else {
        t.with("returnee-hint", &[("n", actions.len().into())])
    };
    frame.render_widget(Paragraph::new(Span::styled(hint, theme.key_hint())), foot);
    if let Some(menu) = app.nrm.menu {
        let labels: Vec<String> = actions
            .iter()
            .map(|k| t.get(&super::super::app::nrm_action_key(*k)))
            .collect();
        let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
        action_menu(
            frame,
            body,
            theme,
            &t.get("case-actions"),
            &labels,
            menu.selected,
        );
    }
}
