//! Partners' keys (admin, audited): who we trust, and what each may send us.

use super::proposals::{Draft, Guarded};
use super::{ServiceError, Session};
use crate::domain::ids::StationId;
use crate::domain::policy::Permission;
use crate::domain::proposal::{Proposal, ProposalKind};
use crate::exchange::{Content, Keyring, Partner};
use crate::vault::{Tree, Txn};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where the revoked partners are kept (sealed, in the station tree).
const REVOKED: &[u8] = b"revoked_partners";

/// A partner whose keys were revoked, and when.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Revoked {
    pub station: StationId,
    pub fingerprint: String,
    pub at: DateTime<Utc>,
}

fn partner_payload(p: &Partner) -> Result<serde_json::Value, ServiceError> {
    serde_json::to_value(p)
        .map_err(|_| ServiceError::Invalid("the partner's keys did not encode".into()))
}

fn describe_partner(p: &PartnerSummary) -> String {
    format!(
        "{}, fingerprint {}, may send {}",
        p.name,
        p.fingerprint,
        p.may_send.join(",")
    )
}

/// A partner as `keys list` shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PartnerSummary {
    pub station: String,
    pub name: String,
    pub age_recipient: String,
    pub minisign_public_key: String,
    pub may_send: Vec<String>,
    pub fingerprint: String,
}

impl From<&Partner> for PartnerSummary {
    fn from(p: &Partner) -> Self {
        PartnerSummary {
            station: p.station.to_string(),
            name: p.name.clone(),
            age_recipient: p.age_recipient.clone(),
            minisign_public_key: p.minisign_key.clone(),
            may_send: p
                .may_send
                .iter()
                .map(|c| c.wire_name().to_string())
                .collect(),
            fingerprint: p.fingerprint(),
        }
    }
}

/// Parses `--may-send a,b,c` into contents; an unknown word is named.
pub fn parse_contents(list: &str) -> Result<Vec<Content>, ServiceError> {
    let mut out = vec![];
    for word in list.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let c: Content = word.parse().map_err(|_| {
            ServiceError::Usage(format!(
                "\"{}\" is not a kind of content; use {}",
                word.chars().take(40).collect::<String>(),
                Content::ALL.map(|c| c.wire_name()).join(", ")
            ))
        })?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out)
}

impl Session {
    /// The keyring, as the exchange layer wants it.
    pub(crate) fn keyring(&self) -> Result<Keyring, ServiceError> {
        let partners = self
            .vault
            .scan::<Partner>(Tree::KEYRING)
            .map(|item| item.map(|(_, p)| p))
            .collect::<Result<Vec<_>, _>>()?;
        Keyring::new(partners)
            .map_err(|e| ServiceError::Invalid(format!("the keyring is damaged: {e}")))
    }

    /// Checks a partner's keys and name as an admin entered them.
    fn check_partner(&self, partner: &Partner) -> Result<(), ServiceError> {
        partner.validate().map_err(ServiceError::invalid)?;
        if partner.station == self.station {
            return Err(ServiceError::Invalid(
                "a station cannot be its own partner".into(),
            ));
        }
        if partner.name.trim().is_empty() || partner.name.chars().count() > 200 {
            return Err(ServiceError::Invalid(
                "a partner's name is 1 to 200 characters".into(),
            ));
        }
        Ok(())
    }

    fn stored_partner(&self, station: &StationId) -> Result<Option<Partner>, ServiceError> {
        Ok(self
            .vault
            .get::<Partner>(Tree::KEYRING, station.as_str().as_bytes())?)
    }

    /// `ercms keys add` (admin): proposes a new partner, after its fingerprint was confirmed. A partner
    /// in the keyring already is never overwritten: its keys change by `keys rotate`.
    pub fn add_partner(
        &mut self,
        partner: Partner,
        now: DateTime<Utc>,
    ) -> Result<(PartnerSummary, Guarded), ServiceError> {
        self.allow(Permission::ManageKeys)?;
        self.check_partner(&partner)?;
        if self.stored_partner(&partner.station)?.is_some() {
            return Err(ServiceError::Invalid(format!(
                "{} is in the keyring already; new keys for it go through `keys rotate`, a new \
                 list of contents through `keys allow`",
                partner.station
            )));
        }
        let summary = PartnerSummary::from(&partner);
        let draft = Draft {
            kind: ProposalKind::PartnerAdd,
            subject: partner.station.to_string(),
            subject_role: None,
            before: None,
            after: Some(describe_partner(&summary)),
            reason: None,
            payload: partner_payload(&partner)?,
        };
        let outcome = self.guard(draft, true, now)?;
        Ok((summary, outcome))
    }

    /// `ercms keys rotate` (admin): proposes new keys for a partner; the proposal shows the old and
    /// the new fingerprint side by side.
    pub fn rotate_partner(
        &mut self,
        partner: Partner,
        now: DateTime<Utc>,
    ) -> Result<(PartnerSummary, Guarded), ServiceError> {
        self.allow(Permission::ManageKeys)?;
        self.check_partner(&partner)?;
        let old = self.partner(&partner.station)?;
        if old.fingerprint() == partner.fingerprint() {
            return Err(ServiceError::Invalid(format!(
                "{} has these keys already",
                partner.station
            )));
        }
        let summary = PartnerSummary::from(&partner);
        let draft = Draft {
            kind: ProposalKind::PartnerRotate,
            subject: partner.station.to_string(),
            subject_role: None,
            before: Some(format!("fingerprint {}", old.fingerprint())),
            after: Some(format!("fingerprint {}", summary.fingerprint)),
            reason: None,
            payload: partner_payload(&partner)?,
        };
        let outcome = self.guard(draft, false, now)?;
        Ok((summary, outcome))
    }

    /// `ercms keys allow STATION LIST` (admin): proposes a new list of what a partner may send.
    pub fn set_partner_contents(
        &mut self,
        station: &StationId,
        may_send: Vec<Content>,
        now: DateTime<Utc>,
    ) -> Result<Guarded, ServiceError> {
        self.allow(Permission::ManageKeys)?;
        let old = self.partner(station)?;
        let mut new = old.clone();
        new.may_send = may_send;
        let words = |p: &Partner| PartnerSummary::from(p).may_send.join(",");
        if words(&old) == words(&new) {
            return Err(ServiceError::Invalid(format!(
                "{station} may send exactly these already"
            )));
        }
        let draft = Draft {
            kind: ProposalKind::PartnerPermissions,
            subject: station.to_string(),
            subject_role: None,
            before: Some(format!("may send {}", words(&old))),
            after: Some(format!("may send {}", words(&new))),
            reason: None,
            payload: partner_payload(&new)?,
        };
        self.guard(draft, false, now)
    }

    /// `ercms keys revoke STATION --reason TEXT` (admin): proposes that a partner's bundles be refused
    /// from now on.
    pub fn revoke_partner(
        &mut self,
        station: &StationId,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Guarded, ServiceError> {
        self.allow(Permission::ManageKeys)?;
        let old = self.partner(station)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ServiceError::Invalid(
                "a revocation needs its reason".into(),
            ));
        }
        let draft = Draft {
            kind: ProposalKind::PartnerRevoke,
            subject: station.to_string(),
            subject_role: None,
            before: Some(format!("trusted, fingerprint {}", old.fingerprint())),
            after: Some("revoked: its bundles are refused".into()),
            reason: Some(reason.chars().take(500).collect()),
            payload: partner_payload(&old)?,
        };
        self.guard(draft, false, now)
    }

    /// Applies an approved keyring proposal (see `proposals`).
    pub(crate) fn apply_partner_change(
        &self,
        txn: &mut Txn,
        p: &Proposal,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let partner: Partner = serde_json::from_value(p.payload.clone()).map_err(|_| {
            ServiceError::Invalid("a stored proposal is damaged and cannot be applied".into())
        })?;
        let key = partner.station.as_str().as_bytes().to_vec();
        let stored = self.stored_partner(&partner.station)?;
        match (p.kind, stored) {
            (ProposalKind::PartnerAdd, Some(_)) => {
                return Err(ServiceError::Invalid(format!(
                    "{} was added to the keyring since this was proposed",
                    partner.station
                )))
            }
            (ProposalKind::PartnerAdd, None) => {
                let mut revoked = self.revoked_partners()?;
                revoked.retain(|r| r.station != partner.station);
                self.vault.put(txn, Tree::STATION, REVOKED, &revoked)?;
                self.vault.put(txn, Tree::KEYRING, &key, &partner)?;
            }
            (_, None) => {
                return Err(ServiceError::NotFound(format!(
                    "{} is not in this station's keyring any more",
                    partner.station
                )))
            }
            (ProposalKind::PartnerRevoke, Some(old)) => {
                let mut revoked = self.revoked_partners()?;
                revoked.push(Revoked {
                    station: old.station.clone(),
                    fingerprint: old.fingerprint(),
                    at: now,
                });
                self.vault.put(txn, Tree::STATION, REVOKED, &revoked)?;
                txn.delete(Tree::KEYRING, &key);
            }
            (_, Some(_)) => self.vault.put(txn, Tree::KEYRING, &key, &partner)?,
        }
        Ok(())
    }

    /// Partners whose keys were revoked: their bundles are refused with a sentence that says so.
    pub(crate) fn revoked_partners(&self) -> Result<Vec<Revoked>, ServiceError> {
        Ok(self.vault.get(Tree::STATION, REVOKED)?.unwrap_or_default())
    }

    /// The sentence for a bundle from `sender` when it is not in the keyring because it was revoked.
    pub(crate) fn revoked_sentence(
        &self,
        sender: &StationId,
    ) -> Result<Option<String>, ServiceError> {
        Ok(self
            .revoked_partners()?
            .into_iter()
            .find(|r| &r.station == sender)
            .map(|r| {
                format!(
                    "bundles from {sender} are refused: its keys were revoked on {}",
                    r.at.format("%Y-%m-%d")
                )
            }))
    }

    /// `ercms keys list`.
    pub fn list_partners(&self) -> Result<Vec<PartnerSummary>, ServiceError> {
        if !self.may(Permission::ViewKeys) {
            self.allow(Permission::ManageKeys)?;
        }
        Ok(self
            .keyring()?
            .partners()
            .iter()
            .map(PartnerSummary::from)
            .collect())
    }

    pub(crate) fn partner(&self, station: &StationId) -> Result<Partner, ServiceError> {
        self.vault
            .get::<Partner>(Tree::KEYRING, station.as_str().as_bytes())?
            .ok_or_else(|| {
                ServiceError::NotFound(format!("{station} is not in this station's keyring"))
            })
    }
}
