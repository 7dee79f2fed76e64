use super::args::{Common, KeysCommand};
use super::{login, output, Failure, Outcome};
use crate::domain::ids::StationId;
use crate::exchange::keyring::minisign_key_line;
use crate::exchange::Partner;
use crate::service::parse_contents;

pub fn run(c: &Common, cmd: KeysCommand) -> Outcome {
    let mut s = login(c)?;
    match cmd {
        KeysCommand::Show => {
            let k = s.keys_show()?;
            if c.json {
                return output::json(&k);
            }
            println!("station              {}", k.station);
            println!("age recipient        {}", k.age_recipient);
            println!("minisign public key  {}", k.minisign_public_key);
            println!("fingerprint          {}", k.fingerprint);
        }
        KeysCommand::Export { dir } => {
            for p in s.keys_export(&dir, chrono::Utc::now())? {
                println!("{}", p.display());
            }
        }
        KeysCommand::RecoveryNew { out } => {
            let (recipient, outcome) = s.new_recovery_key(&out, chrono::Utc::now())?;
            println!("{recipient}");
            eprintln!(
                "Recovery identity written to {}: keep it offline, in a safe.",
                out.display()
            );
            output::guarded("Later backups are also encrypted to it.", &outcome);
        }
        KeysCommand::Add {
            station,
            name,
            age_recipient,
            minisign_key,
            may_send,
        } => {
            let station = StationId::parse(&station).map_err(|e| Failure::usage(e.to_string()))?;
            let partner = Partner {
                station,
                name,
                age_recipient: age_recipient.trim().to_string(),
                minisign_key: read_minisign_key(&minisign_key)?,
                may_send: parse_contents(&may_send)?,
            };
            let (p, outcome) = s.add_partner(partner, chrono::Utc::now())?;
            if c.json {
                return output::json(&p);
            }
            println!("{}  {}", p.station, p.fingerprint);
            output::guarded(
                &format!(
                    "Partner {} added; confirm the fingerprint above with them by telephone.",
                    p.station
                ),
                &outcome,
            );
        }
        KeysCommand::Rotate {
            station,
            age_recipient,
            minisign_key,
        } => {
            let station = StationId::parse(&station).map_err(|e| Failure::usage(e.to_string()))?;
            let old = s
                .list_partners()?
                .into_iter()
                .find(|p| p.station == station.as_str())
                .ok_or_else(|| {
                    Failure::failed(format!("{station} is not in this station's keyring"))
                })?;
            let partner = Partner {
                station,
                name: old.name.clone(),
                age_recipient: age_recipient.trim().to_string(),
                minisign_key: read_minisign_key(&minisign_key)?,
                may_send: parse_contents(&old.may_send.join(","))?,
            };
            let (p, outcome) = s.rotate_partner(partner, chrono::Utc::now())?;
            println!("old  {}", old.fingerprint);
            println!("new  {}", p.fingerprint);
            output::guarded(&format!("Keys of {} replaced.", p.station), &outcome);
        }
        KeysCommand::Allow { station, may_send } => {
            let station = StationId::parse(&station).map_err(|e| Failure::usage(e.to_string()))?;
            let outcome =
                s.set_partner_contents(&station, parse_contents(&may_send)?, chrono::Utc::now())?;
            output::guarded(&format!("{station} may now send {may_send}."), &outcome);
        }
        KeysCommand::Revoke { station, reason } => {
            let station = StationId::parse(&station).map_err(|e| Failure::usage(e.to_string()))?;
            let outcome = s.revoke_partner(&station, &reason, chrono::Utc::now())?;
            output::guarded(
                &format!("{station} revoked; its bundles are refused."),
                &outcome,
            );
        }
        KeysCommand::List => {
            let partners = s.list_partners()?;
            if c.json {
                return output::json(&partners);
            }
            let rows: Vec<Vec<String>> = partners
                .iter()
                .map(|p| {
                    vec![
                        p.station.clone(),
                        p.name.clone(),
                        p.fingerprint.clone(),
                        p.may_send.join(","),
                    ]
                })
                .collect();
            output::table(&["STATION", "NAME", "FINGERPRINT", "MAY SEND"], &rows);
        }
        KeysCommand::Checkpoints { station } => {
            let held = s.partner_checkpoints(&station)?;
            if c.json {
                return output::json(&held);
            }
            if held.is_empty() {
                eprintln!("No checkpoint from {station} is held here.");
                return Ok(());
            }
            let at = |t: &chrono::DateTime<chrono::Utc>| {
                t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            };
            let rows: Vec<Vec<String>> = held
                .iter()
                .map(|h| {
                    vec![
                        h.checkpoint.size.to_string(),
                        h.checkpoint.head.chars().take(16).collect(),
                        at(&h.checkpoint.at),
                        h.checkpoint.reason.clone(),
                        at(&h.received_at),
                    ]
                })
                .collect();
            output::table(&["SIZE", "HEAD", "AT", "REASON", "RECEIVED"], &rows);
        }
        KeysCommand::Checkpoint { station, out } => {
            let held = s.write_partner_checkpoint(&station, &out)?;
            if c.json {
                return output::json(&held);
            }
            println!(
                "Checkpoint of {} ({} entries, signed {}) written to {}.",
                held.checkpoint.station,
                held.checkpoint.size,
                held.checkpoint
                    .at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                out.display()
            );
        }
        KeysCommand::RecoveryAdd { recipient } => {
            let outcome = s.add_recovery_recipient(&recipient, chrono::Utc::now())?;
            output::guarded(
                &format!("Later backups are also encrypted to {recipient}."),
                &outcome,
            );
        }
    }
    Ok(())
}

/// The `RW…` line of a minisign public key file.
fn read_minisign_key(path: &std::path::Path) -> Result<String, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::failed(format!("could not read {}: {e}", path.display())))?;
    minisign_key_line(&text).map(str::to_string).ok_or_else(|| {
        Failure::failed(format!(
            "{} is not a minisign public key file",
            path.display()
        ))
    })
}
