//! The one-line filter above a list: the hint while it is empty and idle, else the label and the
//! text typed, with the cursor in it while typing.

use super::super::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use tui_input::Input;

pub struct FilterLine<'a> {
    pub label: String,
    pub hint: String,
    pub input: &'a Input,
    /// The user is typing in it now.
    pub active: bool,
}

pub fn render(frame: &mut Frame, area: Rect, theme: &Theme, f: FilterLine<'_>) {
    let label = format!("{} ", f.label);
    let line = if f.active || !f.input.value().is_empty() {
        Line::from(vec![
            Span::styled(label.clone(), theme.label()),
            Span::styled(f.input.value().to_string(), theme.input(f.active)),
        ])
    } else {
        Line::from(Span::styled(f.hint, theme.key_hint()))
    };
    frame.render_widget(Paragraph::new(line), area);
    if f.active {
        let x = area.x
            + unicode_width::UnicodeWidthStr::width(label.as_str()) as u16
            + f.input.visual_cursor() as u16;
        if x < area.right() {
            frame.set_cursor_position((x, area.y));
        }
    }
}
