//! The box that asks who you are: used by sign-in and by the lock screen.

use super::super::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

pub const LABEL_WIDTH: usize = 14;

pub struct SignInBox<'a> {
    pub title: String,
    pub prompt: String,
    /// Label, value as shown (the passphrase already masked), focused.
    pub fields: Vec<(String, String, bool)>,
    pub error: Option<&'a str>,
    pub hint: String,
}

/// Draws the box in the middle of `area` and returns the screen row of each field, for the cursor.
pub fn render(frame: &mut Frame, area: Rect, theme: &Theme, b: SignInBox<'_>) -> (Rect, Vec<u16>) {
    let mut lines = vec![Line::from(b.prompt), Line::default()];
    // The prompt and a blank line come first; a prompt that wraps moves the rows down by one,
    // which only the cursor position notices.
    let first_field = 2u16;
    let mut rows = Vec::new();
    for (i, (label, value, focused)) in b.fields.into_iter().enumerate() {
        rows.push(first_field + 2 * i as u16);
        lines.push(Line::from(vec![
            Span::styled(format!("{label:<LABEL_WIDTH$}"), theme.text(true, focused)),
            Span::styled(format!("{value:<28}"), theme.input(focused)),
        ]));
        lines.push(Line::default());
    }
    if let Some(e) = b.error {
        lines.push(Line::from(Span::styled(e.to_string(), theme.error())));
    }
    lines.push(Line::from(Span::styled(b.hint, theme.key_hint())));
    let popup = super::centered(area, 50, lines.len() as u16 + 4);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.block(true))
        .title(Span::styled(format!(" {} ", b.title), theme.title()));
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        popup,
    );
    (popup, rows)
}
