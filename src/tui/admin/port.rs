//! The administration port: what the users, partner keys, agreements and audit screens ask of
//! the station, in view-model terms. `StationPort` extends it, so the App holds one port. Every
//! refusal comes back as one sentence, shown where the user acted.

use crate::domain::role::Role;
use crate::tui::admin::view::{AgreementRow, AuditRow, PartnerRow, UserRow};

pub trait AdminPort {
    fn users(&mut self) -> Result<Vec<UserRow>, String>;
    /// Ok is the sentence to show.
    fn add_user(&mut self, name: &str, role: Role, passphrase: &str) -> Result<String, String>;
    fn set_user_locked(&mut self, name: &str, locked: bool) -> Result<String, String>;
    fn reset_passphrase(&mut self, name: &str, passphrase: &str) -> Result<String, String>;
    fn remove_user(&mut self, name: &str) -> Result<String, String>;

    /// The keyring. (Named apart from `StationPort::partners`, the export targets.)
    fn partner_keys(&mut self) -> Result<Vec<PartnerRow>, String>;
    /// The fingerprint of a partner's two public keys, for the admins to compare by telephone
    /// before anything is saved; a key that does not parse is refused here.
    fn partner_fingerprint(
        &mut self,
        age_recipient: &str,
        minisign_key_text: &str,
    ) -> Result<String, String>;
    /// Adds (or replaces) a partner whose fingerprint was confirmed. `may_send_csv` lists contents
    /// by their wire names, separated by commas.
    fn add_partner(
        &mut self,
        station: &str,
        name: &str,
        age_recipient: &str,
        minisign_key_text: &str,
        may_send_csv: &str,
    ) -> Result<String, String>;

    fn agreements(&mut self) -> Result<Vec<AgreementRow>, String>;
    /// Changes one rule of one agreement; a refused value comes back as the domain's sentence.
    fn set_agreement(&mut self, code: &str, field: &str, value: &str) -> Result<String, String>;

    /// The audit trail in order, oldest first; `filter` keeps the entries about that target or of
    /// that action.
    fn audit(&mut self, filter: Option<&str>) -> Result<Vec<AuditRow>, String>;
    /// Walks the chain: Ok says it is whole, with its length and head hash; Err names the first fault.
    fn verify_audit(&mut self) -> Result<String, String>;
}
