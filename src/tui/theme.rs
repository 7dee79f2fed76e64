//! Semantic styles. Screens ask for "selected text" or "overdue", never for a colour, so the look is
//! changed here alone. Only the 16 basic ANSI colours, for old terminals and high contrast.

use super::view::Urgency;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    selection_fg: Color,
    selection_bg: Color,
    disabled_fg: Color,
    accent: Color,
    overdue: Color,
    due_soon: Color,
    on_track: Color,
    error: Color,
    success: Color,
    bar_fg: Color,
    bar_bg: Color,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            selection_fg: Color::Black,
            selection_bg: Color::Cyan,
            disabled_fg: Color::DarkGray,
            accent: Color::LightCyan,
            overdue: Color::LightRed,
            due_soon: Color::Yellow,
            on_track: Color::LightGreen,
            error: Color::LightRed,
            success: Color::LightGreen,
            bar_fg: Color::Black,
            bar_bg: Color::White,
        }
    }
}

impl Theme {
    /// Ordinary text; a selected line is inverted, so it stays readable on any palette.
    pub fn text(&self, enabled: bool, selected: bool) -> Style {
        match (enabled, selected) {
            (true, false) => Style::default(),
            (false, false) => Style::default().fg(self.disabled_fg),
            (_, true) => Style::default()
                .fg(self.selection_fg)
                .bg(self.selection_bg)
                .add_modifier(Modifier::BOLD),
        }
    }

    pub fn block(&self, focused: bool) -> Style {
        if focused {
            Style::default().fg(self.accent)
        } else {
            Style::default()
        }
    }

    pub fn title(&self) -> Style {
        Style::default()
            .fg(self.accent)
            .add_modifier(Modifier::BOLD)
    }

    pub fn heading(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn label(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn tab(&self, selected: bool) -> Style {
        if selected {
            self.text(true, true)
        } else {
            Style::default()
        }
    }

    pub fn urgency(&self, urgency: Urgency) -> Style {
        match urgency {
            Urgency::Overdue => Style::default()
                .fg(self.overdue)
                .add_modifier(Modifier::BOLD),
            Urgency::DueSoon => Style::default().fg(self.due_soon),
            Urgency::OnTrack => Style::default().fg(self.on_track),
            Urgency::None => Style::default(),
        }
    }

    pub fn error(&self) -> Style {
        Style::default().fg(self.error).add_modifier(Modifier::BOLD)
    }

    pub fn success(&self) -> Style {
        Style::default().fg(self.success)
    }

    pub fn input(&self, focused: bool) -> Style {
        if focused {
            Style::default().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn status_bar(&self) -> Style {
        Style::default().fg(self.bar_fg).bg(self.bar_bg)
    }

    pub fn key_hint(&self) -> Style {
        Style::default().fg(self.accent)
    }

    pub fn gauge(&self) -> Style {
        Style::default().fg(self.accent)
    }
}
