//! User accounts: add, list, change passphrase, lock, unlock, remove (admin, audited). Accounts with a
//! role that approves, exports or administers, role changes, resets of another's passphrase and
//! removals are proposals a second person approves (see `proposals`): until then the account cannot act.

use super::proposals::{Draft, Guarded, NewAccount};
use super::session::{Note, Session, User};
use super::station::check_passphrase;
use super::ServiceError;
use crate::domain::ids::UserName;
use crate::domain::policy::Permission;
use crate::domain::proposal::{account_needs_approval, ProposalKind};
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
    /// After repeated failures, sign-in waits until then; an admin's `user unlock` ends it at once.
    pub waits_until: Option<DateTime<Utc>>,
    pub failed_logins: u32,
    pub created_at: DateTime<Utc>,
}

impl Session {
    pub(crate) fn sid_of(&self, name: &UserName) -> Vec<u8> {
        slot_id(&self.salt, name.as_str())
    }

    pub(crate) fn user_record(&self, name: &UserName) -> Result<User, ServiceError> {
        self.vault
            .get::<User>(Tree::USERS, &self.sid_of(name))?
            .ok_or_else(|| ServiceError::NotFound(format!("there is no user {name}")))
    }

    pub(crate) fn slot_of(&self, name: &UserName) -> Result<(Vec<u8>, Slot), ServiceError> {
        let sid = self.sid_of(name);
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

    /// `ercms user add NAME --role ROLE`. Officers and auditors are added at once; clerks,
    /// supervisors and admins are proposed and exist only once a second person approves.
    pub fn add_user(
        &mut self,
        name: &str,
        role: Role,
        passphrase: &SecretString,
        now: DateTime<Utc>,
    ) -> Result<Guarded, ServiceError> {
        self.allow(Permission::ManageUsers)?;
        let name = UserName::parse(name).map_err(ServiceError::invalid)?;
        check_passphrase(passphrase)?;
        let sid = self.sid_of(&name);
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
        if account_needs_approval(role) {
            let payload = serde_json::to_value(NewAccount {
                user,
                slot: serde_json::from_slice(&slot.to_bytes())
                    .map_err(|_| ServiceError::Invalid("the new key slot did not encode".into()))?,
            })
            .map_err(|_| ServiceError::Invalid("the new account did not encode".into()))?;
            return self.guard(
                Draft {
                    kind: ProposalKind::UserAdd,
                    subject: name.to_string(),
                    subject_role: Some(role),
                    before: None,
                    after: Some(format!("{name}, {role}")),
                    reason: None,
                    payload,
                },
                true,
                now,
            );
        }
        let mut txn = Txn::default();
        txn.put_plain(Tree::SLOTS, &sid, slot.to_bytes());
        self.vault.put(&mut txn, Tree::USERS, &sid, &user)?;
        let note = Note {
            action: "user.add",
            target: Some(name.as_str()),
            detail: Some(role.as_str()),
        };
        self.commit(txn, now, &[note])?;
        Ok(Guarded::Applied)
    }

    /// `ercms user role NAME ROLE` (admin): proposed; applied when a second person approves.
    pub fn change_role(
        &mut self,
        name: &str,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<Guarded, ServiceError> {
        self.allow(Permission::ManageUsers)?;
        let name = UserName::parse(name).map_err(ServiceError::invalid)?;
        if name == self.user.name {
            return Err(ServiceError::NotAllowed(
                "you cannot change your own role".into(),
            ));
        }
        let user = self.user_record(&name)?;
        if user.role == role {
            return Err(ServiceError::Invalid(format!("{name} is a {role} already")));
        }
        let subject_role = if role == Role::Supervisor {
            Some(role)
        } else {
            Some(user.role)
        };
        self.guard(
            Draft {
                kind: ProposalKind::UserRole,
                subject: name.to_string(),
                subject_role,
                before: Some(user.role.to_string()),
                after: Some(role.to_string()),
                reason: None,
                payload: serde_json::json!(role),
            },
            true,
            now,
        )
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
                waits_until: slot
                    .wait_until
                    .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0)),
                failed_logins: slot.failed,
                created_at: user.created_at,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// `ercms user passwd NAME`: a user changes their own passphrase at once; an admin's reset of
    /// someone else's is a proposal, and the new passphrase opens nothing until a second person
    /// approves. Only that user's slot is rewrapped.
    pub fn change_passphrase(
        &mut self,
        name: &str,
        new: &SecretString,
        now: DateTime<Utc>,
    ) -> Result<Guarded, ServiceError> {
        let name = UserName::parse(name).map_err(ServiceError::invalid)?;
        let own = name == self.user.name;
        if !own {
            self.allow(Permission::ManageUsers)?;
        }
        check_passphrase(new)?;
        let (sid, old) = self.slot_of(&name)?;
        let mut slot = Slot::wrap(self.vault.data_key(), new, self.work_factor()?)?;
        slot.locked = old.locked;
        if !own {
            let role = self.user_record(&name)?.role;
            let payload = serde_json::from_slice(&slot.to_bytes())
                .map_err(|_| ServiceError::Invalid("the new key slot did not encode".into()))?;
            return self.guard(
                Draft {
                    kind: ProposalKind::UserReset,
                    subject: name.to_string(),
                    subject_role: Some(role),
                    before: None,
                    after: Some("a passphrase set by an admin".into()),
                    reason: None,
                    payload,
                },
                true,
                now,
            );
        }
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
        )?;
        Ok(Guarded::Applied)
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
            slot.wait_until = None;
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

    /// `ercms user remove NAME` (admin): proposed; the record and key slot go when a second person
    /// approves. Nobody removes their own account.
    pub fn remove_user(&mut self, name: &str, now: DateTime<Utc>) -> Result<Guarded, ServiceError> {
        self.allow(Permission::ManageUsers)?;
        let name = UserName::parse(name).map_err(ServiceError::invalid)?;
        if name == self.user.name {
            return Err(ServiceError::Invalid(
                "you cannot remove your own account".into(),
            ));
        }
        let user = self.user_record(&name)?;
        self.guard(
            Draft {
                kind: ProposalKind::UserRemove,
                subject: name.to_string(),
                subject_role: Some(user.role),
                before: Some(format!("{name}, {}", user.role)),
                after: None,
                reason: None,
                payload: serde_json::Value::Null,
            },
            true,
            now,
        )
    }
}
