//! View models of the administration and oversight screens: users, partner keys, agreements and
//! the audit trail, as plain data. The station port fills them; the TUI only shows them.

use crate::tui::view::Field;

/// One user account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub name: String,
    /// The role's name, as the policy table spells it ("officer").
    pub role: String,
    pub locked: bool,
    pub failed_logins: u32,
    pub created: String,
}

/// One trusted partner station and the fingerprint its admins compared by telephone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerRow {
    pub station: String,
    pub name: String,
    pub fingerprint: String,
    /// What the partner may send us, already joined ("readmission_application, check_result").
    pub may_send: String,
    /// The newest of the partner's signed checkpoints this station holds (from its bundles).
    pub checkpoint: Option<HeldCheckpointRow>,
}

/// A partner's checkpoint held here: its chain's size and when the partner signed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldCheckpointRow {
    pub size: u64,
    /// "2026-11-20 09:30" (UTC).
    pub at: String,
}

/// One agreement: a few rules as table columns, and every rule for the detail view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementRow {
    pub code: String,
    pub name: String,
    /// The reply limit in words ("15 working days from receipt", or "—").
    pub reply: String,
    pub silence_means_consent: String,
    pub travel_document: String,
    /// Every rule: the label is the field's name as `set_agreement` takes it, the value its text.
    pub rules: Vec<Field>,
}

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub seq: u64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: String,
}
