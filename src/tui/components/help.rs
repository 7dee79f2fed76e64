//! The help overlay: the keys of the current screen, read from the keymap itself.

use super::super::keymap::{Context, Keymap};
use super::super::text::Text;
use super::super::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

/// The help lines for a context: keys, then what they do.
pub fn lines(keymap: &Keymap, context: Context, text: &Text) -> Vec<(String, String)> {
    keymap
        .bindings(context)
        .into_iter()
        .map(|b| (b.keys.join(", "), text.get(&format!("action-{}", b.name))))
        .collect()
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    title: &str,
    entries: &[(String, String)],
    scroll: usize,
) {
    let key_width = entries
        .iter()
        .map(|(k, _)| unicode_width::UnicodeWidthStr::width(k.as_str()))
        .max()
        .unwrap_or(0)
        .min(24);
    let popup = super::centered(area, 64, entries.len() as u16 + 2);
    let visible = popup.height.saturating_sub(2) as usize;
    let start = scroll.min(entries.len().saturating_sub(visible));
    let text: Vec<Line> = entries
        .iter()
        .skip(start)
        .map(|(keys, what)| {
            Line::from(vec![
                Span::styled(format!("{keys:<key_width$}  "), theme.key_hint()),
                Span::raw(what.clone()),
            ])
        })
        .collect();
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.block(true))
        .title(Span::styled(format!(" {title} "), theme.title()));
    frame.render_widget(Paragraph::new(text).block(block), popup);
}
