//! View models: what the screens show, in plain data. The station port fills them; the TUI never
//! derives them (no status rules, no deadline maths here).

use crate::domain::role::Role;
use std::path::PathBuf;

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

/// The queues a user can look at. The station decides which cases belong to which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueueView {
    All,
    Incoming,
    Verification,
    Approval,
    Travel,
    Referral,
    Closed,
}

impl QueueView {
    pub const ALL: [QueueView; 7] = [
        QueueView::All,
        QueueView::Incoming,
        QueueView::Verification,
        QueueView::Approval,
        QueueView::Travel,
        QueueView::Referral,
        QueueView::Closed,
    ];

    /// The Fluent key of the view's name.
    pub fn text_key(self) -> &'static str {
        match self {
            QueueView::All => "view-all",
            QueueView::Incoming => "view-incoming",
            QueueView::Verification => "view-verification",
            QueueView::Approval => "view-approval",
            QueueView::Travel => "view-travel",
            QueueView::Referral => "view-referral",
            QueueView::Closed => "view-closed",
        }
    }
}

/// One case in a queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub case_id: String,
    pub reference: String,
    pub name_latin: String,
    pub name_native: Option<String>,
    pub requesting_state: String,
    pub status: String,
    pub days_left: Option<i64>,
    pub urgency: Urgency,
    pub assignee: Option<String>,
    /// Words the filter matches by prefix: names in every script and spelling, reference, state.
    pub search_keys: Vec<String>,
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRow {
    pub kind: String,
    /// "Annex 1 — proof", as the service words it.
    pub annex: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRow {
    pub kind: String,
    pub result: String,
    pub by: String,
    pub date: String,
    pub reference: String,
}

/// One line of history: decisions, approvals, referrals, audit entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub when: String,
    pub who: String,
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralRow {
    pub provider: String,
    pub service: String,
    pub status: String,
    pub due: String,
}

/// Everything the case detail screen shows, and what the signed-in user may do with it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseView {
    pub case_id: String,
    pub reference: String,
    pub status: String,
    pub days_left: Option<i64>,
    pub urgency: Urgency,
    pub application: Vec<Field>,
    pub person: Vec<Field>,
    pub evidence: Vec<EvidenceRow>,
    /// One sentence: what the evidence amounts to.
    pub evidence_strength: String,
    pub checks: Vec<CheckRow>,
    /// One sentence: the overall determination derived from checks and evidence.
    pub determination: String,
    pub decisions: Vec<HistoryRow>,
    pub travel_document: Vec<Field>,
    pub transfer: Vec<Field>,
    pub referrals: Vec<ReferralRow>,
    pub audit: Vec<HistoryRow>,
    pub actions: Vec<ActionForm>,
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

/// A number on a dashboard; `view` says which queue opens from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCount {
    pub view: QueueView,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dashboard {
    pub queues: Vec<QueueCount>,
    pub overdue: usize,
    pub due_soon: usize,
    pub waiting_for_me: usize,
}

/// A bundle file found on the removable media.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaBundle {
    pub file_name: String,
    pub path: PathBuf,
    pub size_bytes: u64,
}

/// What a bundle holds, read and verified before anything is imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundlePreview {
    pub file_name: String,
    pub from_station: String,
    pub to_station: String,
    pub created: String,
    /// Record kind and how many.
    pub records: Vec<(String, usize)>,
    /// One sentence on signature and trust ("Signed by DE-BAMF, a trusted partner.").
    pub verdict: String,
    pub importable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeLogRow {
    pub when: String,
    /// "in" or "out", already in words.
    pub direction: String,
    pub partner: String,
    pub file_name: String,
    pub records: usize,
    pub outcome: String,
}
