//! The lock screen: the session is kept, nothing of it shows, the passphrase opens it again.

use super::super::app::App;
use super::super::components::centered;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let Some(lock) = &app.lock else {
        return;
    };
    let user = app.session.as_ref().map_or("", |s| s.user.as_str());
    let masked = "•".repeat(lock.passphrase.value().chars().count());
    let label = t.get("login-passphrase");
    let mut lines = vec![
        Line::from(t.with("lock-prompt", &[("user", user.into())])),
        Line::default(),
        Line::from(vec![
            Span::styled(format!("{label:<14}"), theme.text(true, true)),
            Span::styled(format!("{masked:<28}"), theme.input(true)),
        ]),
        Line::default(),
    ];
    if let Some(e) = &lock.error {
        lines.push(Line::from(Span::styled(e.clone(), theme.error())));
    }
    lines.push(Line::from(Span::styled(
        t.get("lock-hint"),
        theme.key_hint(),
    )));
    let popup = centered(area, 50, 10);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.block(true))
        .title(Span::styled(
            format!(" {} ", t.get("lock-title")),
            theme.title(),
        ));
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        popup,
    );
}
