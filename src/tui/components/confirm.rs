//! A yes/no question over the screen.

use super::super::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

pub fn render(frame: &mut Frame, area: Rect, theme: &Theme, question: &str, hint: &str) {
    let width = 56u16;
    let inner_width = (width - 2) as usize;
    // A question may hold line breaks, e.g. to keep a fingerprint on one line of its own.
    let lines_needed: usize = question
        .lines()
        .map(|l| {
            unicode_width::UnicodeWidthStr::width(l)
                .div_ceil(inner_width.max(1))
                .max(1)
        })
        .sum();
    let popup = super::centered(area, width, lines_needed as u16 + 4);
    frame.render_widget(Clear, popup);
    let mut text: Vec<Line> = question
        .lines()
        .map(|l| Line::from(l.to_string()))
        .collect();
    text.push(Line::default());
    text.push(Line::from(Span::styled(hint.to_string(), theme.key_hint())));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.block(true));
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: true }),
        popup,
    );
}
