//! The service provider directory: who offers which services where; an admin may deactivate one.

use super::super::app::App;
use super::super::components::table::{self, TableView};
use crate::domain::nrm::ProviderKind;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Row};
use ratatui::Frame;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = &app.text;
    let theme = &app.theme;
    let list = &app.nrm.providers;
    let [list_area, hint_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let empty = list
        .error
        .clone()
        .unwrap_or_else(|| t.get("providers-empty"));
    let joined = |items: Vec<String>| items.join(", ");
    table::render(
        frame,
        list_area,
        theme,
        TableView {
            title: t.with("providers-count", &[("n", list.rows.len().into())]),
            header: vec![
                t.get("col-provider"),
                t.get("col-kind"),
                t.get("col-governorates"),
                t.get("col-services"),
                t.get("col-station"),
                t.get("col-active"),
            ],
            widths: vec![
                Constraint::Min(14),
                Constraint::Length(10),
                Constraint::Length(14),
                Constraint::Length(14),
                Constraint::Length(10),
                Constraint::Length(6),
            ],
            len: list.rows.len(),
            nav: list.nav,
            focused: true,
            empty,
            row: |i: usize| {
                let p = &list.rows[i];
                Row::new(vec![
                    p.name.clone(),
                    kind_word(p.kind).to_string(),
                    joined(
                        p.governorates
                            .iter()
                            .map(|g| g.name().to_string())
                            .collect(),
                    ),
                    joined(p.services.iter().map(|s| s.to_string()).collect()),
                    p.station
                        .as_ref()
                        .map(|s| s.to_string())
                        .unwrap_or_default(),
                    t.get(if p.active {
                        "provider-active"
                    } else {
                        "provider-inactive"
                    }),
                ])
            },
        },
    );
    frame.render_widget(
        Paragraph::new(Span::styled(t.get("providers-hint"), theme.key_hint())),
        hint_area,
    );
}

/// The kind as the directory's wire word (the CLI prints the same).
fn kind_word(kind: ProviderKind) -> &'static str {
    match kind {
        ProviderKind::Government => "government",
        ProviderKind::LocalProvider => "local",
        ProviderKind::Cso => "cso",
        ProviderKind::Ngo => "ngo",
        ProviderKind::UnAgency => "un_agency",
    }
}
