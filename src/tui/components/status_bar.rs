//! The bottom line: who is signed in, where, and the last thing the station said.

use super::super::theme::Theme;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The last message, and whether it reports a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
}

pub struct StatusLine<'a> {
    /// "amira · officer · IQ-MOMD-BGD", or empty before login.
    pub who: String,
    pub message: Option<&'a Message>,
    pub hint: String,
}

pub fn render(frame: &mut Frame, area: Rect, theme: &Theme, status: StatusLine<'_>) {
    let mut spans = vec![Span::styled(
        format!(" {} ", status.who),
        theme.status_bar(),
    )];
    if let Some(m) = status.message {
        let style = if m.is_error {
            theme.error()
        } else {
            theme.success()
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(m.text.clone(), style));
    }
    // The hint gets its own cells at the right, so a long message never pushes it off.
    let hint_width = unicode_width::UnicodeWidthStr::width(status.hint.as_str()) as u16;
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(hint_width + 1)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(spans)), left);
    frame.render_widget(
        Paragraph::new(Span::styled(status.hint, theme.key_hint())).alignment(Alignment::Right),
        right,
    );
}
