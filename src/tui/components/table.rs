//! A table with a selection and paging that builds only the rows on screen, so a queue of 100,000
//! cases costs no more to draw than a queue of twenty.

use super::super::action::Action;
use super::super::theme::Theme;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, HighlightSpacing, Row, Table, TableState};
use ratatui::Frame;

/// Where the selection is and which row is at the top.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListNav {
    pub selected: usize,
    pub offset: usize,
}

impl ListNav {
    /// Moves for a list action; false when the action is not a movement.
    pub fn apply(&mut self, action: Action, len: usize, page: usize) -> bool {
        let last = len.saturating_sub(1);
        let page = page.max(1);
        self.selected = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::Down => (self.selected + 1).min(last),
            Action::PageUp => self.selected.saturating_sub(page),
            Action::PageDown => (self.selected + page).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            _ => return false,
        };
        self.offset = self.window(len, page);
        true
    }

    /// Keeps the selection inside a list that changed length.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }

    /// The first row to show so that the selection is visible in `height` rows.
    pub fn window(&self, len: usize, height: usize) -> usize {
        let height = height.max(1);
        let selected = self.selected.min(len.saturating_sub(1));
        if selected < self.offset {
            selected
        } else if selected >= self.offset + height {
            selected + 1 - height
        } else {
            self.offset.min(len.saturating_sub(height))
        }
    }
}

/// What a table needs to draw itself; `row` builds one row by its position in the list.
pub struct TableView<F> {
    /// The title on the frame, unstyled: the theme styles it.
    pub title: String,
    pub header: Vec<String>,
    pub widths: Vec<Constraint>,
    pub len: usize,
    pub nav: ListNav,
    pub focused: bool,
    pub empty: String,
    pub row: F,
}

pub fn render<'a, F>(frame: &mut Frame, area: Rect, theme: &Theme, view: TableView<F>)
where
    F: Fn(usize) -> Row<'a>,
{
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.block(view.focused))
        .title(Span::styled(format!(" {} ", view.title), theme.title()));
    let inner = block.inner(area);
    // One line goes to the header.
    let height = inner.height.saturating_sub(1) as usize;
    if view.len == 0 {
        let empty = ratatui::widgets::Paragraph::new(view.empty)
            .style(theme.text(false, false))
            .block(block);
        frame.render_widget(empty, area);
        return;
    }
    let offset = view.nav.window(view.len, height);
    let end = (offset + height).min(view.len);
    let rows = (offset..end).map(|i| (view.row)(i));
    let header = Row::new(view.header).style(theme.heading());
    let table = Table::new(rows, view.widths)
        .header(header)
        .column_spacing(1)
        .block(block)
        // The marker shows the selection on monochrome terminals too.
        .highlight_symbol("› ")
        .highlight_spacing(HighlightSpacing::Always)
        .row_highlight_style(theme.text(true, view.focused));
    // Only the visible rows were built, so the selection is counted from the first of them.
    let mut state = TableState::default().with_selected(
        view.focused
            .then_some(view.nav.selected.saturating_sub(offset)),
    );
    frame.render_stateful_widget(table, area, &mut state);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_selection_stays_in_the_list_and_on_screen(
            len in 0usize..500,
            page in 1usize..40,
            moves in proptest::collection::vec(0u8..6, 0..60),
        ) {
            let mut nav = ListNav::default();
            for m in moves {
                let a = [Action::Up, Action::Down, Action::PageUp, Action::PageDown, Action::Top, Action::Bottom][m as usize];
                prop_assert!(nav.apply(a, len, page));
                prop_assert!(nav.selected < len.max(1));
                let top = nav.window(len, page);
                prop_assert!(top <= nav.selected && nav.selected < top + page);
            }
        }
    }

    #[test]
    fn paging_moves_a_page() {
        let mut nav = ListNav::default();
        nav.apply(Action::PageDown, 100, 10);
        assert_eq!(nav.selected, 10);
        nav.apply(Action::Bottom, 100, 10);
        assert_eq!((nav.selected, nav.window(100, 10)), (99, 90));
        assert!(!nav.apply(Action::Open, 100, 10));
    }
}
