//! User accounts: add, list, change passphrase, lock, unlock, remove (admin, audited).

use super::session::{Note, Session, User};
use super::station::check_passphrase;
use super::ServiceError;
use crate::domain::ids::UserName;
use crate::domain::policy::Permission;
use crate::domain::role::Role;
use crate::vault::slot::{slot_id, Slot, DEFAULT_WORK_FACTOR};
use crate::vault::{Tree, Txn};
use age::secrecy::SecretString;
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct UserSummary {
    pub name: String,
    pub role: Role,
    pub locked: bool,
    pub failed_logins: u32,
    pub created_at: DateTime<Utc>,
}

impl Session {
    fn slot_of(&self, name: &UserName) -> Result<(Vec<u8>, Slot), ServiceError> {
        let sid = slot_id(&self.salt, name.as_str());
        let bytes = self
            .vault
            .plain()
            .get_plain(Tree::SLOTS, &sid)?
            .ok_or_else(|| ServiceError::NotFound(format!("there is no user {name}")))?;
        Ok((sid, Slot::from_bytes(&bytes)?))
    }

    fn work_factor(&self) -> Result<u8, ServiceError> {
        Ok(self
            .vault
            .plain()
            .get_plain(Tree::META, b"work_factor")?
            .and_then(|b| b.first().copied())
            .unwrap_or(DEFAULT_WORK_FACTOR))
    }

    /// `ercms user add NAME --role ROLE`.
    pub fn add_user(
        &mut self,
        name: &str,
        role: Role,
        passphrase: &SecretString,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        self.allow(Permission::ManageUsers)?;
        let name = UserName::parse(name).map_err(ServiceError::invalid)?;
        if name.as_str() == crate::domain::clock::STATION_CLOCK {
            return Err(ServiceError::Invalid(format!(
                "{name} is the station clock's own name; choose another"
            )));
        }
        check_passphrase(passphrase)?;
        let sid = slot_id(&self.salt, name.as_str());
        if self.vault.plain().get_plain(Tree::SLOTS, &sid)?.is_some() {
            return Err(ServiceError::Invalid(format!("user {name} exists already")));
        }
        let slot = Slot::wrap(self.vault.data_key(), passphrase, self.work_factor()?)?;
        let user = User {
            name: name.clone(),
            role,
            created_at: now,
            created_by: self.user.name.to_string(),
        };
        let mut txn = Txn::default();
        txn.put_plain(Tree::SLOTS, &sid, slot.to_bytes());
        self.vault.put(&mut txn, Tree::USERS, &sid, &user)?;
        let note = Note {
            action: "user.add",
            target: Some(name.as_str()),
            detail: Some(role.as_str()),
        };
        self.commit(txn, now, &[note])
    }

    /// `ercms user list`.
    pub fn list_users(&self) -> Result<Vec<UserSummary>, ServiceError> {
        self.allow(Permission::ManageUsers)?;
        let mut out = vec![];
        for item in self.vault.scan::<User>(Tree::USERS) {
            let (sid, user) = item?;
            let slot = match self.vault.plain().get_plain(Tree::SLOTS, &sid)? {
                Some(b) => Slot::from_bytes(&b)?,
                None => continue,
            };
            out.push(UserSummary {
                name: user.name.to_string(),
                role: user.role,
                locked: slot.locked,
                failed_logins: slot.failed,
                created_at: user.created_at,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// `ercms user passwd NAME`: a user changes their own passphrase; an admin may reset anyone's.
    /// Only that user's slot is rewrapped.
    pub fn change_passphrase(
        &mut self,
        name: &str,
        new: &SecretString,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let name = UserName::parse(name).map_err(ServiceError::invalid)?;
        if name != self.user.name {
            self.allow(Permission::ManageUsers)?;
        }
        check_passphrase(new)?;
        let (sid, old) = self.slot_of(&name)?;
        let mut slot = Slot::wrap(self.vault.data_key(), new, self.work_factor()?)?;
        slot.locked = old.locked;
        let mut txn = Txn::default();
        txn.put_plain(Tree::SLOTS, &sid, slot.to_bytes());
        self.commit(
            txn,
            now,
            &[Note {
                action: "user.passwd",
                target: Some(name.as_str()),
                detail: None,
            }],
        )
    }

    /// `ercms user lock NAME` / `unlock NAME` (admin). Unlocking also clears the failed-login count.
    pub fn set_user_locked(
        &mut self,
        name: &str,
        locked: bool,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        self.allow(Permission::ManageUsers)?;
        let name = UserName::parse(name).map_err(ServiceError::invalid)?;
        if locked && name == self.user.name {
            return Err(ServiceError::Invalid(
                "you cannot lock your own account".into(),
            ));
        }
        let (sid, mut slot) = self.slot_of(&name)?;
        slot.locked = locked;
        if !locked {
            slot.failed = 0;
        }
        let mut txn = Txn::default();
        txn.put_plain(Tree::SLOTS, &sid, slot.to_bytes());
        let action = if locked { "user.lock" } else { "user.unlock" };
        self.commit(
            txn,
            now,
            &[Note {
                action,
                target: Some(name.as_str()),
                detail: None,
            }],
        )
    }

    /// `ercms user remove NAME` (admin): removes the user's record and key slot. The last admin stays.
    pub fn remove_user(&mut self, name: &str, now: DateTime<Utc>) -> Result<(), ServiceError> {
        self.allow(Permission::ManageUsers)?;
        let name = UserName::parse(name).map_err(ServiceError::invalid)?;
        if name == self.user.name {
            return Err(ServiceError::Invalid(
                "you cannot remove your own account".into(),
            ));
        }
        let (sid, _) = self.slot_of(&name)?;
        let mut txn = Txn::default();
        txn.delete(Tree::SLOTS, &sid);
        txn.delete(Tree::USERS, &sid);
        self.commit(
            txn,
            now,
            &[Note {
                action: "user.remove",
                target: Some(name.as_str()),
                detail: None,
            }],
        )
    }
}
