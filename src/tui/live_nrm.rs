//! The NRM port over the real service: the same use-cases the CLI calls, on the signed-in session.

use super::live::LiveStation;
use super::live_admin::sentence;
use super::nrm_port::NrmPort;
use crate::domain::nrm::{Provider, ReturneeAction, ReturneeActionKind};
use crate::service::{kind_name, FollowUpRow, NrmRecord, ReferralFilter, ReferralRow, ReturneeRow};
use chrono::Utc;

impl NrmPort for LiveStation {
    fn returnees(&mut self) -> Result<Vec<ReturneeRow>, String> {
        self.session()?.returnees(Utc::now()).map_err(sentence)
    }

    fn referrals(&mut self, filter: &ReferralFilter) -> Result<Vec<ReferralRow>, String> {
        self.session()?
            .referrals(filter, Utc::now())
            .map_err(sentence)
    }

    fn follow_ups_due(&mut self) -> Result<Vec<FollowUpRow>, String> {
        self.session()?.follow_ups_due(Utc::now()).map_err(sentence)
    }

    fn returnee(&mut self, id: &str) -> Result<(NrmRecord, Vec<ReturneeActionKind>), String> {
        let s = self.session()?;
        let record = s.returnee(id).map_err(sentence)?;
        let actions = s.returnee_actions(&record);
        Ok((record, actions))
    }

    fn act_returnee(&mut self, id: &str, action: ReturneeAction) -> Result<String, String> {
        let what = kind_name(action.kind()).replace('_', " ");
        let r = self
            .session()?
            .act_returnee(id, action, Utc::now())
            .map_err(sentence)?;
        Ok(sentence(format!(
            "{}: {what} done; now {}",
            r.reference, r.returnee.status
        )))
    }

    fn providers(&mut self) -> Result<Vec<Provider>, String> {
        self.session()?.providers().map_err(sentence)
    }

    fn deactivate_provider(&mut self, id: &str) -> Result<String, String> {
        let p = self
            .session()?
            .deactivate_provider(id, Utc::now())
            .map_err(sentence)?;
        Ok(sentence(format!("{} is now inactive", p.name)))
    }
}
