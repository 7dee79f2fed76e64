//! A case queue: views by status as tabs, most urgent first, `/` filters as you type.

use super::super::app::{App, QueueState};
use super::super::components::filter_line::{self, FilterLine};
use super::super::components::table::{self, TableView};
use super::super::components::tabs;
use super::super::text::Text;
use super::super::theme::Theme;
use crate::tui::cases::view::{QueueRow, QueueView};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};
use ratatui::Frame;

/// The case columns; below 110 columns the native name and assignee go. Shared with approvals.
pub fn columns(text: &Text, width: u16) -> (Vec<String>, Vec<Constraint>, bool) {
    let wide = width >= 110;
    let mut header = vec![
        text.get("col-due"),
        text.get("col-reference"),
        text.get("col-name"),
    ];
    let mut widths = vec![
        Constraint::Length(5),
        Constraint::Length(16),
        Constraint::Min(16),
    ];
    if wide {
        header.push(text.get("col-native"));
        widths.push(Constraint::Length(18));
    }
    header.extend([text.get("col-state"), text.get("col-status")]);
    widths.extend([Constraint::Length(5), Constraint::Length(18)]);
    if wide {
        header.push(text.get("col-assignee"));
        widths.push(Constraint::Length(10));
    }
    (header, widths, wide)
}

/// One case as a table row; shared with the approvals screen.
pub fn row<'a>(r: &QueueRow, theme: &Theme, wide: bool) -> Row<'a> {
    let due = r
        .days_left
        .map_or_else(|| "—".to_string(), |d| d.to_string());
    let mut cells = vec![
        Cell::from(Span::styled(due, theme.urgency(r.urgency))),
        Cell::from(r.reference.clone()),
        Cell::from(r.name_latin.clone()),
    ];
    if wide {
        cells.push(Cell::from(r.name_native.clone().unwrap_or_default()));
    }
    cells.push(Cell::from(r.requesting_state.clone()));
    cells.push(Cell::from(r.status.clone()));
    if wide {
        cells.push(Cell::from(r.assignee.clone().unwrap_or_default()));
    }
    Row::new(cells)
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let q: &QueueState = &app.queue;
    let [tab_area, filter_area, list_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(area);

    let titles: Vec<String> = QueueView::ALL.iter().map(|v| t.get(v.text_key())).collect();
    let at = QueueView::ALL
        .iter()
        .position(|v| *v == q.view)
        .unwrap_or(0);
    tabs::render(frame, tab_area, theme, &titles, at);

    filter_line::render(
        frame,
        filter_area,
        theme,
        FilterLine {
            label: t.get("queue-filter"),
            hint: t.get("queue-filter-hint"),
            input: &q.filter,
            active: q.filtering,
        },
    );

    let (header, widths, wide) = columns(t, area.width);
    let count = t.with(
        "queue-count",
        &[
            ("shown", q.shown.len().into()),
            ("total", q.rows.len().into()),
        ],
    );
    let empty = if let Some(why) = &q.error {
        why.clone()
    } else if q.rows.is_empty() {
        t.get("queue-empty")
    } else {
        t.get("queue-no-match")
    };
    table::render(
        frame,
        list_area,
        theme,
        TableView {
            title: count,
            header,
            widths,
            len: q.shown.len(),
            nav: q.nav,
            focused: !q.filtering || !q.shown.is_empty(),
            empty,
            row: |i: usize| row(&q.rows[q.shown[i]], theme, wide),
        },
    );
}
