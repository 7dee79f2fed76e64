//! A small form: labelled fields, text or a choice, with "required" checked in place. Whether the
//! values make sense is the station's business; its answer is shown under the form.

use super::super::theme::Theme;
use super::super::view::{ActionForm, FieldKind};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use tui_input::{Input, InputRequest};

/// What submitting the form does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormPurpose {
    /// The returnee list's filter: governorate, status, officer, provider.
    ReturneeFilter,
    /// A returnee record opened without a readmission case.
    NewReturnee,
    CaseAction {
        case_id: String,
        action_key: String,
    },
    Export,
    AddUser,
    ResetPassphrase {
        user: String,
    },
    AddPartner,
    SetAgreement {
        code: String,
    },
    /// One action on a returnee record.
    Returnee {
        id: String,
        kind: crate::domain::nrm::ReturneeActionKind,
    },
    Period,
}

#[derive(Debug, Clone)]
pub struct FormState {
    pub purpose: FormPurpose,
    pub form: ActionForm,
    pub inputs: Vec<Input>,
    pub choices: Vec<usize>,
    pub focus: usize,
    /// A message under each field, set by validation.
    pub problems: Vec<Option<String>>,
    /// The station's refusal of the last submission.
    pub error: Option<String>,
    pub dirty: bool,
}

impl FormState {
    pub fn new(purpose: FormPurpose, form: ActionForm) -> FormState {
        let n = form.fields.len();
        FormState {
            purpose,
            form,
            inputs: vec![Input::default(); n],
            choices: vec![0; n],
            focus: 0,
            problems: vec![None; n],
            error: None,
            dirty: false,
        }
    }

    fn focused_is_choice(&self) -> bool {
        matches!(
            self.form.fields.get(self.focus).map(|f| &f.kind),
            Some(FieldKind::Choice(_))
        )
    }

    pub fn next_field(&mut self) {
        if !self.form.fields.is_empty() {
            self.focus = (self.focus + 1) % self.form.fields.len();
        }
    }

    pub fn prev_field(&mut self) {
        let n = self.form.fields.len();
        if n > 0 {
            self.focus = (self.focus + n - 1) % n;
        }
    }

    /// Space on a choice picks the next value; on a text field it is just a space.
    pub fn cycle(&mut self) {
        if self.focused_is_choice() {
            if let (Some(FieldKind::Choice(options)), Some(c)) = (
                self.form.fields.get(self.focus).map(|f| &f.kind),
                self.choices.get_mut(self.focus),
            ) {
                *c = (*c + 1) % options.len().max(1);
                self.dirty = true;
            }
        } else {
            self.edit(InputRequest::InsertChar(' '));
        }
    }

    pub fn edit(&mut self, request: InputRequest) {
        if self.focused_is_choice() {
            return;
        }
        if let Some(input) = self.inputs.get_mut(self.focus) {
            if input.handle(request).is_some_and(|c| c.value) {
                self.dirty = true;
                if let Some(p) = self.problems.get_mut(self.focus) {
                    *p = None;
                }
            }
        }
    }

    /// The value of each field by key, as the station receives it.
    pub fn values(&self) -> Vec<(String, String)> {
        self.form
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let value = match &f.kind {
                    FieldKind::Text => self.inputs[i].value().trim().to_string(),
                    // A passphrase is taken exactly as typed.
                    FieldKind::Secret => self.inputs[i].value().to_string(),
                    FieldKind::Choice(options) => {
                        options.get(self.choices[i]).cloned().unwrap_or_default()
                    }
                };
                (f.key.clone(), value)
            })
            .collect()
    }

    /// Empties the secret fields, so a refused passphrase does not stay in memory.
    pub fn forget_secrets(&mut self) {
        for (i, f) in self.form.fields.iter().enumerate() {
            if f.kind == FieldKind::Secret {
                self.inputs[i].reset();
            }
        }
    }

    /// Marks every empty required field with `message`; true when none is missing.
    pub fn validate(&mut self, message: &str) -> bool {
        let values = self.values();
        for (i, f) in self.form.fields.iter().enumerate() {
            self.problems[i] = (f.required && values[i].1.is_empty()).then(|| message.to_string());
        }
        if let Some(first) = self.problems.iter().position(|p| p.is_some()) {
            self.focus = first;
            false
        } else {
            true
        }
    }
}

/// The cells a value has on its line; a longer value shows its end, where the typing is.
const VALUE_WIDTH: usize = 45;

fn tail(value: &str, width: usize) -> String {
    let n = value.chars().count();
    if n <= width {
        value.to_string()
    } else {
        let rest: String = value.chars().skip(n + 1 - width).collect();
        format!("…{rest}")
    }
}

/// Words the form frame needs from the text catalogue.
pub struct FormWords {
    pub required: String,
    pub hint: String,
}

pub fn render(frame: &mut Frame, area: Rect, theme: &Theme, state: &FormState, words: &FormWords) {
    let mut lines: Vec<Line> = Vec::new();
    let label_width = 16usize;
    for (i, f) in state.form.fields.iter().enumerate() {
        let focused = i == state.focus;
        let mark = if f.required { "*" } else { " " };
        let label = format!("{:<w$}{mark} ", f.label, w = label_width - 2);
        let value = match &f.kind {
            FieldKind::Text => tail(state.inputs[i].value(), VALUE_WIDTH),
            FieldKind::Secret => {
                "•".repeat(state.inputs[i].value().chars().count().min(VALUE_WIDTH))
            }
            FieldKind::Choice(options) => format!(
                "< {} >",
                options.get(state.choices[i]).map_or("", |s| s.as_str())
            ),
        };
        lines.push(Line::from(vec![
            Span::styled(label, theme.text(true, focused)),
            Span::styled(format!("{value:<20}"), theme.input(focused)),
        ]));
        if let Some(problem) = &state.problems[i] {
            lines.push(Line::from(Span::styled(
                format!("{:w$}{problem}", "", w = label_width),
                theme.error(),
            )));
        }
    }
    lines.push(Line::default());
    if let Some(error) = &state.error {
        lines.push(Line::from(Span::styled(error.clone(), theme.error())));
    }
    lines.push(Line::from(Span::styled(
        format!("* {}", words.required),
        theme.text(false, false),
    )));
    lines.push(Line::from(Span::styled(
        words.hint.clone(),
        theme.key_hint(),
    )));
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = super::centered(area, 64, height);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.block(true))
        .title(Span::styled(
            format!(" {} ", state.form.label),
            theme.title(),
        ));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
    // Put the terminal cursor in the focused text field.
    if let Some(FieldKind::Text | FieldKind::Secret) =
        state.form.fields.get(state.focus).map(|f| &f.kind)
    {
        let row = state.form.fields[..state.focus].len()
            + state.problems[..state.focus]
                .iter()
                .filter(|p| p.is_some())
                .count();
        let cursor = state.inputs[state.focus].visual_cursor().min(VALUE_WIDTH);
        let x = popup.x + 1 + label_width as u16 + cursor as u16;
        let y = popup.y + 1 + row as u16;
        if x < popup.right() && y < popup.bottom() {
            frame.set_cursor_position((x, y));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::view::FormField;

    fn form() -> FormState {
        FormState::new(
            FormPurpose::Export,
            ActionForm {
                key: "k".into(),
                label: "L".into(),
                fields: vec![
                    FormField {
                        key: "grounds".into(),
                        label: "Grounds".into(),
                        required: true,
                        kind: FieldKind::Text,
                    },
                    FormField {
                        key: "result".into(),
                        label: "Result".into(),
                        required: true,
                        kind: FieldKind::Choice(vec!["a".into(), "b".into()]),
                    },
                ],
            },
        )
    }

    #[test]
    fn required_text_is_checked_and_typing_clears_the_message() {
        let mut f = form();
        assert!(!f.validate("needed"));
        assert_eq!(f.problems[0].as_deref(), Some("needed"));
        f.edit(InputRequest::InsertChar('x'));
        assert!(f.dirty);
        assert!(f.problems[0].is_none());
        assert!(f.validate("needed"));
        f.next_field();
        f.cycle();
        assert_eq!(
            f.values(),
            vec![
                ("grounds".into(), "x".into()),
                ("result".into(), "b".into())
            ]
        );
    }
}
