//! The NRM port: what the referral queues, the returnee's record and the provider directory screens
//! ask of the station. Rows are the service's own queue rows; every refusal is one sentence.

use crate::domain::nrm::{Provider, ReturneeAction, ReturneeActionKind};
use crate::service::{FollowUpRow, NrmRecord, ReferralFilter, ReferralRow, ReturneeRow};

pub trait NrmPort {
    fn returnees(&mut self) -> Result<Vec<ReturneeRow>, String>;
    /// Referral assignments, overdue first (per officer with `assignee`, per provider with `provider`).
    fn referrals(&mut self, filter: &ReferralFilter) -> Result<Vec<ReferralRow>, String>;
    fn follow_ups_due(&mut self) -> Result<Vec<FollowUpRow>, String>;
    /// The record and what the signed-in user may do to it now.
    fn returnee(&mut self, id: &str) -> Result<(NrmRecord, Vec<ReturneeActionKind>), String>;
    /// Runs one action from a form; Ok is the sentence to show.
    fn act_returnee(&mut self, id: &str, action: ReturneeAction) -> Result<String, String>;
    /// Sends a referral to a provider without a station as a printable letter written into `dir`.
    fn send_referral_letter(
        &mut self,
        referral: &str,
        dir: &std::path::Path,
    ) -> Result<String, String>;
    /// The names of the station's first-level regions (Iraq's governorates), which a record's
    /// governorate is one of.
    fn regions(&mut self) -> Result<Vec<String>, String>;
    /// Opens the record of a returnee who came back without a readmission case, from the values of
    /// the new-record form (`new_returnee::form`); Ok is the new record's id, Err names the field.
    fn open_returnee(&mut self, values: &[(String, String)]) -> Result<String, String>;
    fn providers(&mut self) -> Result<Vec<Provider>, String>;
    fn deactivate_provider(&mut self, id: &str) -> Result<String, String>;
}
