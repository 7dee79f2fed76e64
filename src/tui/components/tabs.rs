//! A line of tab titles with the current one marked.

use super::super::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn render(frame: &mut Frame, area: Rect, theme: &Theme, titles: &[String], selected: usize) {
    let spans: Vec<Span> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| {
            // The brackets mark the tab without colour, for monochrome terminals.
            let label = if i == selected {
                format!("[{t}]")
            } else {
                format!(" {t} ")
            };
            Span::styled(label, theme.tab(i == selected))
        })
        .collect();
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
