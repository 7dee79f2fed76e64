//! What the cases screens ask of the station, in view-model terms.

use crate::tui::cases::view::*;

pub trait CasesPort {
    fn queue(&mut self, view: QueueView) -> Result<Vec<QueueRow>, String>;
    /// Proposals waiting for this supervisor's approval.
    fn approvals(&mut self) -> Result<Vec<QueueRow>, String>;
    fn case(&mut self, case_id: &str) -> Result<CaseView, String>;
    /// Runs one of the case's `actions` with the form's values; Ok is the sentence to show.
    fn perform(
        &mut self,
        case_id: &str,
        action_key: &str,
        fields: &[(String, String)],
    ) -> Result<String, String>;
}
