//! Test fixtures shared by the NRM tests: people, providers, a registered returnee, fixed times.

use super::assessment::NeedDomain;
use super::governorate::Governorate;
use super::lifecycle::{register, NrmActor};
use super::provider::{FocalPoint, Provider, ProviderId, ProviderKind};
use super::returnee::{Contact, Returnee};
use crate::domain::ids::UserName;
use crate::domain::role::Role;
use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

pub fn actor(name: &str, role: Role) -> NrmActor {
    NrmActor {
        name: UserName::parse(name).unwrap(),
        role,
    }
}

pub fn officer() -> NrmActor {
    actor("amal", Role::Officer)
}

pub fn supervisor() -> NrmActor {
    actor("salma", Role::Supervisor)
}

/// `hours` after 1 March 2026, 08:00 UTC, the day of arrival.
pub fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap() + chrono::Duration::hours(hours)
}

/// `n` days after 1 March 2026 (negative: before).
pub fn day(n: i64) -> NaiveDate {
    let base = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    if n >= 0 {
        base.checked_add_days(Days::new(n as u64)).unwrap()
    } else {
        base.checked_sub_days(Days::new(n.unsigned_abs())).unwrap()
    }
}

pub fn provider_in_basra() -> Provider {
    Provider {
        id: ProviderId(Uuid::from_u128(101)),
        name: "Basra Reintegration Centre".into(),
        kind: ProviderKind::Government,
        governorates: vec![Governorate::Basra],
        services: vec![NeedDomain::Housing, NeedDomain::Health],
        focal_point: FocalPoint {
            name: "Focal Point".into(),
            phone: "+964 780 000 0001".into(),
        },
        station: None,
        active: true,
    }
}

pub fn provider_in_erbil() -> Provider {
    Provider {
        id: ProviderId(Uuid::from_u128(102)),
        name: "Kurdistan Health Outreach".into(),
        kind: ProviderKind::Ngo,
        governorates: vec![Governorate::Erbil, Governorate::Duhok],
        services: vec![NeedDomain::Health, NeedDomain::Psychosocial],
        focal_point: FocalPoint {
            name: "Focal Point".into(),
            phone: "+964 750 000 0002".into(),
        },
        station: None,
        active: true,
    }
}

/// A returnee who arrived in Basra on `day(0)`, just registered by `officer()`.
pub fn registered() -> Returnee {
    register(
        Uuid::from_u128(1),
        Some(Uuid::from_u128(2)),
        Governorate::Basra,
        Contact::default(),
        day(0),
        &officer(),
        at(0),
    )
    .unwrap()
}
