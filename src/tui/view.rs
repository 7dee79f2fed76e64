//! View models shared by every feature: who is signed in, urgency, labelled fields and action forms.
//! Each feature's own view models live in its folder (`cases::view`, `exchange::view`, …). The
//! station port fills them; the TUI never derives them (no status rules, no deadline maths here).

use crate::domain::role::Role;

/// Who is signed in, as shown in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub user: String,
    pub role: Role,
    pub station: String,
}

/// How pressing a case's deadline is, as the service computed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Urgency {
    Overdue,
    DueSoon,
    OnTrack,
    #[default]
    None,
}

/// A label and its value, as one line of a case section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: String,
    pub value: String,
}

impl Field {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Field {
            label: label.into(),
            value: value.into(),
        }
    }
}

/// What a field of an action form accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// Text that is never shown, such as a passphrase: each character shows as a dot.
    Secret,
    /// One of these values; the form cycles through them.
    Choice(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    pub key: String,
    pub label: String,
    pub required: bool,
    pub kind: FieldKind,
}

/// An action the user may take, and the fields it asks for. No fields: a yes/no confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionForm {
    pub key: String,
    pub label: String,
    pub fields: Vec<FormField>,
}
