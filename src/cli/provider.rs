//! `ercms provider …`: the service provider directory (admin maintains it; officers read it).

use super::args::Common;
use super::nrm::{governorate, word};
use super::nrm_args::{ProviderCommand, ProviderFields};
use super::{login, output, Failure, Outcome};
use crate::domain::ids::StationId;
use crate::domain::nrm::{FocalPoint, Provider, ProviderId, ProviderKind};
use chrono::Utc;

pub fn run(c: &Common, cmd: ProviderCommand) -> Outcome {
    let mut s = login(c)?;
    let now = Utc::now();
    let saved = match cmd {
        ProviderCommand::List => {
            let all = s.providers()?;
            if c.json {
                return output::json(&all);
            }
            let rows: Vec<Vec<String>> = all
                .iter()
                .map(|p| {
                    vec![
                        p.name.clone(),
                        word_of(&p.kind),
                        p.governorates
                            .iter()
                            .map(|g| g.name().to_string())
                            .collect::<Vec<_>>()
                            .join(","),
                        p.services.iter().map(word_of).collect::<Vec<_>>().join(","),
                        p.station
                            .as_ref()
                            .map(|s| s.to_string())
                            .unwrap_or_default(),
                        if p.active { "active" } else { "inactive" }.into(),
                        p.id.0.to_string(),
                    ]
                })
                .collect();
            output::table(
                &[
                    "NAME",
                    "KIND",
                    "GOVERNORATES",
                    "SERVICES",
                    "STATION",
                    "STATE",
                    "ID",
                ],
                &rows,
            );
            return Ok(());
        }
        ProviderCommand::Add { entry } => {
            let blank = Provider {
                id: ProviderId(uuid::Uuid::nil()),
                name: String::new(),
                kind: ProviderKind::Ngo,
                governorates: vec![],
                services: vec![],
                focal_point: FocalPoint {
                    name: String::new(),
                    phone: String::new(),
                },
                station: None,
                active: true,
            };
            if entry.kind.is_none() {
                return Err(Failure::usage("--kind is required"));
            }
            s.add_provider(fill(blank, entry)?, now)?
        }
        ProviderCommand::Update { provider, entry } => {
            let current = s.provider(&provider)?;
            s.update_provider(fill(current, entry)?, now)?
        }
        ProviderCommand::Deactivate { provider } => s.deactivate_provider(&provider, now)?,
    };
    if c.json {
        return output::json(&saved);
    }
    eprintln!("{} ({}) saved", saved.name, saved.id.0);
    Ok(())
}

/// The entry with the fields given on the command line replaced.
fn fill(mut p: Provider, f: ProviderFields) -> Result<Provider, Failure> {
    if let Some(name) = f.name {
        p.name = name;
    }
    if let Some(kind) = f.kind {
        p.kind = word(&kind, "provider kind")?;
    }
    if let Some(list) = f.governorates {
        p.governorates = split(&list).map(governorate).collect::<Result<_, _>>()?;
    }
    if let Some(list) = f.services {
        p.services = split(&list)
            .map(|w| word(w, "service domain"))
            .collect::<Result<_, _>>()?;
    }
    if let Some(name) = f.focal_name {
        p.focal_point.name = name;
    }
    if let Some(phone) = f.focal_phone {
        p.focal_point.phone = phone;
    }
    if let Some(station) = f.station {
        p.station = Some(StationId::parse(&station).map_err(|e| Failure::usage(e.to_string()))?);
    }
    Ok(p)
}

fn split(list: &str) -> impl Iterator<Item = &str> {
    list.split(',').map(str::trim).filter(|w| !w.is_empty())
}

fn word_of<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
