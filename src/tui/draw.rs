//! Drawing: a pure function of `&App`. Each screen draws its body; this file adds the title line,
//! the status bar and whatever dialog is open.

use super::admin::{agreements, audit, partner_keys, users};
use super::app::{App, Screen};
use super::cases::{approvals, case, queue};
use super::components::{confirm, form, help, status_bar};
use super::nrm::{providers, referrals, returnee};
use super::session::{dashboard, lock, login};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn draw(app: &App, frame: &mut Frame) {
    let [title, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());

    let t = &app.text;
    let heading = if app.is_locked() {
        t.get("lock-title")
    } else {
        t.get(match app.screen {
            Screen::Login => "login-title",
            Screen::Dashboard => "dashboard-title",
            Screen::Queue => "queue-title",
            Screen::Case => "case-title",
            Screen::Approvals => "approvals-title",
            Screen::Exchange => "exchange-title",
            Screen::Users => "users-title",
            Screen::PartnerKeys => "partners-title",
            Screen::Agreements => "agreements-title",
            Screen::Audit => "audit-title",
            Screen::Referrals => "referrals-title",
            Screen::Returnee => "returnee-title",
            Screen::Providers => "providers-title",
            Screen::Reports => "reports-title",
        })
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" {} ", t.get("app-name")), app.theme.title()),
            Span::raw(heading),
        ])),
        title,
    );

    if app.is_locked() {
        // Nothing of the session shows while locked.
        lock::render(app, frame, body);
    } else {
        match app.screen {
            Screen::Login => login::render(app, frame, body),
            Screen::Dashboard => dashboard::render(app, frame, body),
            Screen::Queue => queue::render(app, frame, body),
            Screen::Case => case::render(app, frame, body),
            Screen::Approvals => approvals::render(app, frame, body),
            Screen::Exchange => super::exchange::screen::render(app, frame, body),
            Screen::Users => users::render(app, frame, body),
            Screen::PartnerKeys => partner_keys::render(app, frame, body),
            Screen::Agreements => agreements::render(app, frame, body),
            Screen::Audit => audit::render(app, frame, body),
            Screen::Referrals => referrals::render(app, frame, body),
            Screen::Returnee => returnee::render(app, frame, body),
            Screen::Providers => providers::render(app, frame, body),
            Screen::Reports => super::reports::screen::render(app, frame, body),
        }
        if let Some(state) = &app.form {
            let words = form::FormWords {
                required: t.get("form-required"),
                hint: t.get("form-hint"),
            };
            form::render(frame, body, &app.theme, state, &words);
        }
        if let Some(scroll) = app.help {
            let under = app.context_under_help();
            let entries = help::lines(&app.keymap, under, t);
            help::render(
                frame,
                body,
                &app.theme,
                &t.get("help-title"),
                &entries,
                scroll,
            );
        }
    }
    if let Some(c) = &app.confirm {
        confirm::render(frame, body, &app.theme, &c.question, &t.get("confirm-hint"));
    }
    draw_status(app, frame, status);
}

fn draw_status(app: &App, frame: &mut Frame, area: Rect) {
    let who = app
        .session
        .as_ref()
        .map(|s| {
            format!(
                "{} · {} · {}",
                s.user,
                app.text.get(&format!("role-{}", s.role)),
                s.station
            )
        })
        .unwrap_or_default();
    let line = status_bar::StatusLine {
        who,
        message: if app.is_locked() {
            None
        } else {
            app.message.as_ref()
        },
        hint: app.text.get("status-hint"),
    };
    status_bar::render(frame, area, &app.theme, line);
}
