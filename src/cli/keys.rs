use super::args::{Common, KeysCommand};
use super::{login, output, Outcome};

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
        KeysCommand::RecoveryAdd { recipient } => {
            s.add_recovery_recipient(&recipient, chrono::Utc::now())?;
            eprintln!("Later backups are also encrypted to {recipient}.");
        }
    }
    Ok(())
}
