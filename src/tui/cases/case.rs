//! One case, in tabs: person, evidence, checks, decision, travel, transfer, referrals, audit. `a`
//! lists what the signed-in user may do with it.

use super::super::app::{App, CASE_TABS};
use super::super::components::{centered, page, tabs};
use super::super::text::Text;
use super::super::theme::Theme;
use crate::tui::cases::view::{CaseView, HistoryRow};
use crate::tui::view::Field;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

fn fields<'a>(out: &mut Vec<Line<'a>>, theme: &Theme, items: &[Field]) {
    let width = items
        .iter()
        .map(|f| unicode_width::UnicodeWidthStr::width(f.label.as_str()))
        .max()
        .unwrap_or(0)
        .min(28);
    for f in items {
        out.push(Line::from(vec![
            Span::styled(format!("{:<width$}  ", f.label), theme.label()),
            Span::raw(f.value.clone()),
        ]));
    }
}

fn history<'a>(out: &mut Vec<Line<'a>>, theme: &Theme, rows: &[HistoryRow]) {
    for r in rows {
        out.push(Line::from(vec![
            Span::styled(format!("{}  ", r.when), theme.label()),
            Span::styled(format!("{}  ", r.who), theme.key_hint()),
            Span::raw(r.what.clone()),
        ]));
    }
}

/// "Nothing recorded yet." when a section is empty.
fn nothing_if_empty<'a, T>(out: &mut Vec<Line<'a>>, items: &[T], t: &Text, theme: &Theme) {
    if items.is_empty() {
        out.push(Line::from(Span::styled(
            t.get("case-nothing-yet"),
            theme.text(false, false),
        )));
    }
}

/// The rows of a section that may fail to be read: its sentence when it failed (and `None`), else the
/// rows, with "Nothing recorded yet." when there are none.
fn rows_or_problem<'a, 'r, T>(
    out: &mut Vec<Line<'a>>,
    rows: &'r Result<Vec<T>, String>,
    t: &Text,
    theme: &Theme,
) -> Option<&'r [T]> {
    match rows {
        Ok(rows) => {
            nothing_if_empty(out, rows, t, theme);
            Some(rows)
        }
        Err(problem) => {
            out.push(Line::from(Span::styled(problem.clone(), theme.error())));
            None
        }
    }
}

fn heading<'a>(out: &mut Vec<Line<'a>>, theme: &Theme, text: String) {
    if !out.is_empty() {
        out.push(Line::default());
    }
    out.push(Line::from(Span::styled(text, theme.heading())));
}

/// The lines of one tab.
fn tab_lines<'a>(c: &CaseView, tab: usize, t: &Text, theme: &Theme) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    match CASE_TABS.get(tab).copied().unwrap_or_default() {
        "tab-person" => {
            heading(&mut out, theme, t.get("case-application"));
            fields(&mut out, theme, &c.application);
            heading(&mut out, theme, t.get("case-person"));
            fields(&mut out, theme, &c.person);
        }
        "tab-evidence" => {
            out.push(Line::from(Span::styled(
                c.evidence_strength.clone(),
                theme.label(),
            )));
            out.push(Line::default());
            nothing_if_empty(&mut out, &c.evidence, t, theme);
            for e in &c.evidence {
                out.push(Line::from(vec![
                    Span::styled(format!("{}  ", e.annex), theme.key_hint()),
                    Span::styled(format!("{}  ", e.kind), theme.label()),
                    Span::raw(e.description.clone()),
                ]));
            }
        }
        "tab-checks" => {
            out.push(Line::from(Span::styled(
                c.determination.clone(),
                theme.label(),
            )));
            out.push(Line::default());
            nothing_if_empty(&mut out, &c.checks, t, theme);
            for k in &c.checks {
                out.push(Line::from(vec![
                    Span::styled(format!("{:<22}", k.kind), theme.label()),
                    Span::raw(format!("{:<15}", k.result)),
                    Span::raw(format!("{}  {}  {}", k.date, k.by, k.reference)),
                ]));
            }
        }
        "tab-decision" => {
            nothing_if_empty(&mut out, &c.decisions, t, theme);
            history(&mut out, theme, &c.decisions);
        }
        "tab-travel" => {
            nothing_if_empty(&mut out, &c.travel_document, t, theme);
            fields(&mut out, theme, &c.travel_document);
        }
        "tab-transfer" => {
            nothing_if_empty(&mut out, &c.transfer, t, theme);
            fields(&mut out, theme, &c.transfer);
        }
        "tab-referrals" => {
            let Some(referrals) = rows_or_problem(&mut out, &c.referrals, t, theme) else {
                return out;
            };
            for r in referrals {
                out.push(Line::from(vec![
                    Span::styled(format!("{}  ", r.provider), theme.label()),
                    Span::raw(format!("{}  {}  {}", r.service, r.status, r.due)),
                ]));
            }
        }
        _ => {
            if let Some(audit) = rows_or_problem(&mut out, &c.audit, t, theme) {
                history(&mut out, theme, audit);
            }
        }
    }
    out
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let Some(c) = &app.case.view else {
        frame.render_widget(Paragraph::new(t.get("case-none")), area);
        return;
    };
    let [head, tab_area, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);

    let due = c
        .days_left
        .map(|d| t.with("case-days-left", &[("n", d.into())]))
        .unwrap_or_default();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" {} ", c.reference), theme.title()),
            Span::raw(format!(" {}  ", c.status)),
            Span::styled(due, theme.urgency(c.urgency)),
        ])),
        head,
    );
    let titles: Vec<String> = CASE_TABS.iter().map(|k| t.get(k)).collect();
    tabs::render(frame, tab_area, theme, &titles, app.case.tab);

    page::render(
        frame,
        body,
        theme,
        tab_lines(c, app.case.tab, t, theme),
        app.case.scroll,
    );
    let hint = if c.actions.is_empty() {
        t.get("case-no-actions")
    } else {
        t.with("case-actions-hint", &[("n", c.actions.len().into())])
    };
    frame.render_widget(Paragraph::new(Span::styled(hint, theme.key_hint())), foot);

    if let Some(menu) = app.case.menu {
        let labels: Vec<&str> = c.actions.iter().map(|a| a.label.as_str()).collect();
        action_menu(
            frame,
            body,
            theme,
            &t.get("case-actions"),
            &labels,
            menu.selected,
        );
    }
}

/// The list of actions over a record, with `selected` lit; shared with the returnee record.
pub fn action_menu(
    frame: &mut Frame,
    body: Rect,
    theme: &Theme,
    title: &str,
    labels: &[&str],
    selected: usize,
) {
    let height = labels.len() as u16 + 2;
    let popup = centered(body, 40, height);
    let lines: Vec<Line> = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            Line::from(Span::styled(
                format!(" {label} "),
                theme.text(true, i == selected),
            ))
        })
        .collect();
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(theme.block(true))
                .title(Span::styled(format!(" {title} "), theme.title())),
        ),
        popup,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::cases::port::CasesPort;
    use crate::tui::fake::FakeStation;

    fn text_of(lines: &[Line]) -> String {
        lines
            .iter()
            .flat_map(|l| l.spans.iter().map(|s| s.content.to_string()))
            .collect()
    }

    /// A trail or a referral list that could not be read says why, never "Nothing recorded yet."
    #[test]
    fn a_section_that_could_not_be_read_shows_its_sentence() {
        let mut fake = FakeStation::new();
        let id = fake.queue(crate::tui::cases::view::QueueView::All).unwrap()[0]
            .case_id
            .clone();
        let mut view = fake.case(&id).unwrap();
        view.audit = Err("you may not see this case's audit trail".into());
        view.referrals = Err("the store could not be read".into());
        let t = Text::new("en");
        let theme = Theme::default();
        let tab = |key: &str| CASE_TABS.iter().position(|k| *k == key).unwrap();
        let audit = text_of(&tab_lines(&view, tab("tab-audit"), &t, &theme));
        assert_eq!(audit, "you may not see this case's audit trail");
        let referrals = text_of(&tab_lines(&view, tab("tab-referrals"), &t, &theme));
        assert_eq!(referrals, "the store could not be read");
        view.audit = Ok(vec![]);
        let empty = text_of(&tab_lines(&view, tab("tab-audit"), &t, &theme));
        assert_eq!(empty, t.get("case-nothing-yet"));
    }
}
