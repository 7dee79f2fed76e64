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
            let recipient = s.new_recovery_key(&out, chrono::Utc::now())?;
            println!("{recipient}");
            eprintln!(
                "Recovery identity written to {}: keep it offline, in a safe.",
                out.display()
            );
        }
        KeysCommand::Add {
            station,
            name,
            age_recipient,
            minisign_key,
            may_send,
        } => {
            let station = StationId::parse(&station).map_err(|e| Failure::usage(e.to_string()))?;
            let text = std::fs::read_to_string(&minisign_key).map_err(|e| {
                Failure::failed(format!("could not read {}: {e}", minisign_key.display()))
            })?;
            let key = minisign_key_line(&text).ok_or_else(|| {
                Failure::failed(format!(
                    "{} is not a minisign public key file",
                    minisign_key.display()
                ))
            })?;
            let partner = Partner {
                station,
                name,
                age_recipient: age_recipient.trim().to_string(),
                minisign_key: key.to_string(),
                may_send: parse_contents(&may_send)?,
            };
            let p = s.add_partner(partner, chrono::Utc::now())?;
            if c.json {
                return output::json(&p);
            }
            println!("{}  {}", p.station, p.fingerprint);
            eprintln!(
                "Partner {} added; confirm the fingerprint above with them by telephone.",
                p.station
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
        KeysCommand::RecoveryAdd { recipient } => {
            s.add_recovery_recipient(&recipient, chrono::Utc::now())?;
            eprintln!("Later backups are also encrypted to {recipient}.");
        }
    }
    Ok(())
}
