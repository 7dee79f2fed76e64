//! Sign in: user name and a passphrase that never shows.

use super::super::app::App;
use super::super::components::centered;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let login = &app.login;
    let label_width = 14;
    let masked = "•".repeat(login.passphrase.value().chars().count());
    let field = |label: String, value: String, focused: bool| {
        Line::from(vec![
            Span::styled(format!("{label:<label_width$}"), theme.text(true, focused)),
            Span::styled(format!("{value:<28}"), theme.input(focused)),
        ])
    };
    let mut lines = vec![
        Line::from(t.get("login-prompt")),
        Line::default(),
        field(
            t.get("login-user"),
            login.user.value().to_string(),
            login.focus == 0,
        ),
        Line::default(),
        field(t.get("login-passphrase"), masked, login.focus == 1),
        Line::default(),
    ];
    if let Some(e) = &login.error {
        lines.push(Line::from(Span::styled(e.clone(), theme.error())));
    }
    lines.push(Line::from(Span::styled(
        t.get("login-hint"),
        theme.key_hint(),
    )));
    let popup = centered(area, 50, 12);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.block(true))
        .title(Span::styled(
            format!(" {} ", t.get("login-title")),
            theme.title(),
        ));
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        popup,
    );
    let (input, row) = if login.focus == 0 {
        (&login.user, 2)
    } else {
        (&login.passphrase, 4)
    };
    let x = popup.x + 1 + label_width as u16 + input.visual_cursor() as u16;
    let y = popup.y + 1 + row;
    if x < popup.right() && y < popup.bottom() {
        frame.set_cursor_position((x, y));
    }
}
