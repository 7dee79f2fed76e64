//! View models of the case screens: queues, queue rows and the case page.

use crate::tui::view::{ActionForm, Field, Urgency};

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
    /// Set on the approvals screen for a returnee's plan or closure waiting: Enter opens the record.
    pub returnee_id: Option<String>,
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The rows, or the sentence saying why they could not be read (shown on the tab, never an empty
    /// list in place of an error).
    pub referrals: Result<Vec<ReferralRow>, String>,
    pub audit: Result<Vec<HistoryRow>, String>,
    pub actions: Vec<ActionForm>,
}
