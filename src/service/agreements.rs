//! Agreements and country calendars: the data the deadline engine runs on. A new station starts with
//! editable defaults; admins change them (audited).

use super::session::Note;
use super::{ServiceError, Session};
use crate::domain::agreement::{default_agreements, Agreement};
use crate::domain::calendar::{default_calendars, Calendar};
use crate::domain::policy::Permission;
use crate::vault::{Tree, Txn, Vault};
use chrono::{DateTime, Utc};

/// Writes the default agreements and calendars into a new station's first transaction.
pub(crate) fn seed_defaults(vault: &Vault, txn: &mut Txn) -> Result<(), ServiceError> {
    for a in default_agreements() {
        vault.put(txn, Tree::AGREEMENTS, a.code.as_bytes(), &a)?;
    }
    for c in default_calendars() {
        vault.put(txn, Tree::CALENDARS, c.code().as_bytes(), &c)?;
    }
    Ok(())
}

impl Session {
    /// `ercms agreement list`: every signed-in user may read the rules their deadlines come from.
    pub fn agreements(&self) -> Result<Vec<Agreement>, ServiceError> {
        Ok(self
            .vault
            .scan::<Agreement>(Tree::AGREEMENTS)
            .map(|i| i.map(|(_, a)| a))
            .collect::<Result<_, _>>()?)
    }

    pub fn calendars(&self) -> Result<Vec<Calendar>, ServiceError> {
        Ok(self
            .vault
            .scan::<Calendar>(Tree::CALENDARS)
            .map(|i| i.map(|(_, c)| c))
            .collect::<Result<_, _>>()?)
    }

    pub(crate) fn agreement(&self, code: &str) -> Result<Agreement, ServiceError> {
        self.vault
            .get::<Agreement>(Tree::AGREEMENTS, code.as_bytes())?
            .ok_or_else(|| {
                ServiceError::NotFound(format!(
                    "there is no agreement {}",
                    code.chars().take(40).collect::<String>()
                ))
            })
    }

    /// `ercms agreement add CODE --calendar CC --FIELD VALUE…` (admin): a new agreement, every field
    /// checked, audited with its values.
    pub fn add_agreement(
        &mut self,
        code: &str,
        changes: &[(&str, String)],
        now: DateTime<Utc>,
    ) -> Result<Agreement, ServiceError> {
        self.allow(Permission::ManageAgreements)?;
        let code = code.trim();
        if self
            .vault
            .get::<Agreement>(Tree::AGREEMENTS, code.as_bytes())?
            .is_some()
        {
            return Err(ServiceError::Invalid(format!(
                "there is an agreement {code} already; change it with agreement set"
            )));
        }
        let calendar = changes
            .iter()
            .find(|(f, _)| *f == "calendar")
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| {
                ServiceError::Usage(
                    "say which calendar its days count on, e.g. --calendar CI".into(),
                )
            })?;
        let empty = Agreement::new_empty(code, calendar).map_err(ServiceError::invalid)?;
        self.store_agreement(&empty, changes, "agreement.add", now)
    }

    /// `ercms agreement set CODE --FIELD VALUE…` (admin): fields changed together, each checked, audited
    /// with the old and the new values.
    pub fn set_agreement(
        &mut self,
        code: &str,
        changes: &[(&str, String)],
        now: DateTime<Utc>,
    ) -> Result<Agreement, ServiceError> {
        self.allow(Permission::ManageAgreements)?;
        if changes.is_empty() {
            return Err(ServiceError::Usage(
                "say which field to change, e.g. --reply-days 15".into(),
            ));
        }
        let old = self.agreement(code)?;
        self.store_agreement(&old, changes, "agreement.set", now)
    }

    /// `old` with the changes, checked, stored and audited with each field's before and after.
    fn store_agreement(
        &mut self,
        old: &Agreement,
        changes: &[(&str, String)],
        action: &str,
        now: DateTime<Utc>,
    ) -> Result<Agreement, ServiceError> {
        let mut new = old.clone();
        for (field, value) in changes {
            new = new
                .with_change(field, value)
                .map_err(ServiceError::invalid)?;
        }
        if self
            .vault
            .get::<Calendar>(Tree::CALENDARS, new.calendar.as_bytes())?
            .is_none()
        {
            return Err(ServiceError::Invalid(format!(
                "there is no calendar {}",
                new.calendar
            )));
        }
        let before = |f: &str| {
            if action == "agreement.add" {
                "none".to_string()
            } else {
                old.field_text(f)
            }
        };
        let detail = changes
            .iter()
            .map(|(f, _)| format!("{f}: {} -> {}", before(f), new.field_text(f)))
            .collect::<Vec<_>>()
            .join("; ");
        let mut txn = Txn::default();
        self.vault
            .put(&mut txn, Tree::AGREEMENTS, new.code.as_bytes(), &new)?;
        self.commit(
            txn,
            now,
            &[Note {
                action,
                target: Some(&new.code),
                detail: Some(&detail),
            }],
        )?;
        Ok(new)
    }
}
