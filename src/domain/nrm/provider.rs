//! An entry of the service provider directory: who offers which services, where.

use super::assessment::NeedDomain;
use super::error::NrmError;
use super::field;
use super::governorate::Governorate;
use crate::domain::ids::StationId;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProviderId(pub Uuid);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    Government,
    LocalProvider,
    Cso,
    Ngo,
    UnAgency,
}

/// The person at the provider who receives referrals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FocalPoint {
    pub name: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub id: ProviderId,
    pub name: String,
    pub kind: ProviderKind,
    pub governorates: Vec<Governorate>,
    pub services: Vec<NeedDomain>,
    pub focal_point: FocalPoint,
    /// The provider's station, when referrals travel to it as bundles.
    pub station: Option<StationId>,
    /// Inactive providers stay in the directory (old referrals name them) but receive nothing new.
    pub active: bool,
}

impl Provider {
    /// The entry as it may be stored: names and phone trimmed and checked, at least one governorate and
    /// one service, each listed once (duplicates are dropped, order kept).
    pub fn validated(self) -> Result<Provider, NrmError> {
        let name = field::required("provider name", &self.name, field::SHORT)?;
        let focal_point = FocalPoint {
            name: field::required("focal point name", &self.focal_point.name, field::SHORT)?,
            phone: field::phone("focal point phone", &self.focal_point.phone)?,
        };
        let governorates = first_of_each(self.governorates);
        let services = first_of_each(self.services);
        if governorates.is_empty() {
            return Err(NrmError::ProviderNoGovernorates);
        }
        if services.is_empty() {
            return Err(NrmError::ProviderNoServices);
        }
        Ok(Provider {
            name,
            focal_point,
            governorates,
            services,
            ..self
        })
    }

    pub fn serves(&self, governorate: &Governorate) -> bool {
        self.governorates.contains(governorate)
    }

    pub fn offers(&self, service: NeedDomain) -> bool {
        self.services.contains(&service)
    }
}

fn first_of_each<T: PartialEq>(items: Vec<T>) -> Vec<T> {
    let mut kept = Vec::with_capacity(items.len());
    for item in items {
        if !kept.contains(&item) {
            kept.push(item);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::super::fixture;
    use super::*;

    #[test]
    fn a_valid_entry_is_trimmed_and_deduplicated() {
        let mut p = fixture::provider_in_basra();
        p.name = "  Tawasul Centre ".into();
        p.governorates.push(Governorate::Basra);
        let p = p.validated().unwrap();
        assert_eq!(p.name, "Tawasul Centre");
        assert_eq!(p.governorates, vec![Governorate::Basra]);
        assert!(p.serves(&Governorate::Basra) && !p.serves(&Governorate::Erbil));
        assert!(p.offers(NeedDomain::Housing) && !p.offers(NeedDomain::Education));
    }

    #[test]
    fn each_missing_piece_is_refused_with_its_sentence() {
        let refuse = |change: fn(&mut Provider)| {
            let mut p = fixture::provider_in_basra();
            change(&mut p);
            p.validated().unwrap_err().to_string()
        };
        assert_eq!(
            refuse(|p| p.name = " ".into()),
            "the provider name is required"
        );
        assert_eq!(
            refuse(|p| p.governorates.clear()),
            "a provider must cover at least one governorate"
        );
        assert_eq!(
            refuse(|p| p.services.clear()),
            "a provider must offer at least one service"
        );
        assert_eq!(
            refuse(|p| p.focal_point.name.clear()),
            "the focal point name is required"
        );
        assert_eq!(
            refuse(|p| p.focal_point.phone = "ask at the desk".into()),
            "the focal point phone must be 6 to 20 digits, with an optional leading +, spaces or hyphens"
        );
    }

    #[test]
    fn kinds_have_the_directory_names() {
        let json =
            serde_json::to_string(&[ProviderKind::UnAgency, ProviderKind::LocalProvider]).unwrap();
        assert_eq!(json, r#"["un_agency","local_provider"]"#);
    }
}
