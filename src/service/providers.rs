//! The service provider directory (admin, audited): who referrals may go to, where they work, what they
//! offer, and the station their bundles come from.

use super::session::Note;
use super::{ServiceError, Session};
use crate::domain::nrm::{Governorate, NrmError, Provider, ProviderId};
use crate::domain::policy::Permission;
use crate::vault::{Tree, Txn};
use chrono::{DateTime, Utc};

/// Turns a domain refusal into the service's kinds: a role or four-eyes refusal is "not allowed",
/// a missing referral "not found", everything else "invalid".
pub(crate) fn nrm_error(e: NrmError) -> ServiceError {
    match e {
        NrmError::Refused(_) | NrmError::OwnPlan | NrmError::OwnClosure => {
            ServiceError::NotAllowed(e.to_string())
        }
        NrmError::NoSuchReferral => ServiceError::NotFound(e.to_string()),
        other => ServiceError::Invalid(other.to_string()),
    }
}

impl Session {
    /// The governorates (or, for other countries, the first-level regions) of this station's country:
    /// the fixed list the station records returnees and providers' coverage in.
    pub fn regions(&self) -> Vec<Governorate> {
        Governorate::of_country(self.country())
    }

    /// The country code that starts the station's id ("IQ" for IQ-MOMD-BAGHDAD).
    fn country(&self) -> &str {
        self.station.as_str().split('-').next().unwrap_or_default()
    }

    /// Refuses a region that is not of this station's country, with the list of those that are.
    pub(crate) fn check_region(&self, g: &Governorate) -> Result<(), ServiceError> {
        Governorate::parse_for(self.country(), g.name())
            .map(|_| ())
            .map_err(nrm_error)
    }

    /// `ercms provider list`: the whole directory, active entries first, then by name.
    pub fn providers(&self) -> Result<Vec<Provider>, ServiceError> {
        self.allow(Permission::ViewProviders)?;
        let mut all = self.directory()?;
        all.sort_by(|a, b| (!a.active, &a.name).cmp(&(!b.active, &b.name)));
        Ok(all)
    }

    /// Every directory entry, unchecked: for use-cases that hold their own permission (statistics).
    pub(crate) fn directory(&self) -> Result<Vec<Provider>, ServiceError> {
        Ok(self
            .vault
            .scan::<Provider>(Tree::PROVIDERS)
            .map(|item| item.map(|(_, p)| p))
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// One directory entry by its id, or by its exact name (case-insensitive).
    pub fn provider(&self, id_or_name: &str) -> Result<Provider, ServiceError> {
        let wanted = id_or_name.trim();
        let parsed = uuid::Uuid::parse_str(wanted).ok();
        self.providers()?
            .into_iter()
            .find(|p| Some(p.id.0) == parsed || p.name.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                ServiceError::NotFound("there is no such provider in the directory".into())
            })
    }

    pub(crate) fn provider_by_id(&self, id: ProviderId) -> Result<Provider, ServiceError> {
        self.vault
            .get::<Provider>(Tree::PROVIDERS, id.0.as_bytes())?
            .ok_or_else(|| {
                ServiceError::NotFound("the referral's provider is not in the directory".into())
            })
    }

    /// `ercms provider add` (admin): a new entry; its id is chosen here.
    pub fn add_provider(
        &mut self,
        mut provider: Provider,
        now: DateTime<Utc>,
    ) -> Result<Provider, ServiceError> {
        self.allow(Permission::ManageProviders)?;
        provider.id = ProviderId(uuid::Uuid::now_v7());
        provider.active = true;
        self.put_provider(provider, "provider.add", now)
    }

    /// `ercms provider update` (admin): replaces an entry, keeping its id.
    pub fn update_provider(
        &mut self,
        provider: Provider,
        now: DateTime<Utc>,
    ) -> Result<Provider, ServiceError> {
        self.allow(Permission::ManageProviders)?;
        self.provider_by_id(provider.id)?;
        self.put_provider(provider, "provider.update", now)
    }

    /// `ercms provider deactivate` (admin): no new referral may be sent to it; its history stays.
    pub fn deactivate_provider(
        &mut self,
        id_or_name: &str,
        now: DateTime<Utc>,
    ) -> Result<Provider, ServiceError> {
        self.allow(Permission::ManageProviders)?;
        let mut provider = self.provider(id_or_name)?;
        provider.active = false;
        self.put_provider(provider, "provider.deactivate", now)
    }

    fn put_provider(
        &mut self,
        provider: Provider,
        action: &str,
        now: DateTime<Utc>,
    ) -> Result<Provider, ServiceError> {
        let provider = provider.validated().map_err(nrm_error)?;
        for g in &provider.governorates {
            self.check_region(g)?;
        }
        if let Some(station) = &provider.station {
            if station == &self.station {
                return Err(ServiceError::Invalid(
                    "a provider's station cannot be this station".into(),
                ));
            }
        }
        let mut txn = Txn::default();
        self.vault.put(
            &mut txn,
            Tree::PROVIDERS,
            provider.id.0.as_bytes(),
            &provider,
        )?;
        let target = provider.id.0.to_string();
        let detail = format!(
            "{}; {} governorate(s), {} service(s); {}",
            provider.name,
            provider.governorates.len(),
            provider.services.len(),
            if provider.active {
                "active"
            } else {
                "inactive"
            }
        );
        self.commit(
            txn,
            now,
            &[Note {
                action,
                target: Some(&target),
                detail: Some(&detail),
            }],
        )?;
        Ok(provider)
    }
}
