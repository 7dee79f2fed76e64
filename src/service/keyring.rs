//! Partners' keys (admin, audited): who we trust, and what each may send us.

use super::session::Note;
use super::{ServiceError, Session};
use crate::domain::ids::StationId;
use crate::domain::policy::Permission;
use crate::exchange::{Content, Keyring, Partner};
use crate::vault::{Tree, Txn};
use chrono::{DateTime, Utc};
use serde::Serialize;

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

    /// `ercms keys add` (admin): adds or replaces a partner after its fingerprint was confirmed.
    pub fn add_partner(
        &mut self,
        partner: Partner,
        now: DateTime<Utc>,
    ) -> Result<PartnerSummary, ServiceError> {
        self.allow(Permission::ManageKeys)?;
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
        let replaced = self
            .vault
            .get::<Partner>(Tree::KEYRING, partner.station.as_str().as_bytes())?
            .is_some();
        let summary = PartnerSummary::from(&partner);
        let detail = format!(
            "may send {}; fingerprint {}",
            summary.may_send.join(","),
            summary.fingerprint
        );
        let mut txn = Txn::default();
        self.vault.put(
            &mut txn,
            Tree::KEYRING,
            partner.station.as_str().as_bytes(),
            &partner,
        )?;
        let action = if replaced { "keys.replace" } else { "keys.add" };
        self.commit(
            txn,
            now,
            &[Note {
                action,
                target: Some(partner.station.as_str()),
                detail: Some(&detail),
            }],
        )?;
        Ok(summary)
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
