use super::args::{AuditCommand, Common};
use super::{login, output, Failure, Outcome};

pub fn run(c: &Common, cmd: AuditCommand) -> Outcome {
    let mut s = login(c)?;
    match cmd {
        AuditCommand::Checkpoint { out } => {
            let cp = s.write_checkpoint(&out, chrono::Utc::now())?;
            if c.json {
                return output::json(&cp);
            }
            println!("{}", out.display());
            eprintln!(
                "Checkpoint of station {} signed: {} entries, head {}.",
                cp.station, cp.size, cp.head
            );
        }
        AuditCommand::Verify { checkpoint, key } => {
            let cp = checkpoint
                .as_deref()
                .map(super::backup::read_text)
                .transpose()?;
            let key = key.as_deref().map(super::backup::read_text).transpose()?;
            match s.audit_verify_against(cp.as_deref(), key.as_deref())? {
                Ok(head) => {
                    if c.json {
                        return output::json(
                            &serde_json::json!({"entries": head.next, "ok": true, "head": head.last_hash}),
                        );
                    }
                    println!(
                    "The audit chain is whole: {} entries, and every stored value is the one it last wrote.",
                    head.next
                );
                    println!("Head (note it down to compare later): {}", head.last_hash);
                }
                Err(fault) => {
                    if c.json {
                        output::json(
                            &serde_json::json!({"ok": false, "entry": fault.seq(), "fault": fault, "message": fault.to_string()}),
                        )?;
                    }
                    return Err(Failure::failed(fault.to_string()));
                }
            }
        }
        AuditCommand::List {
            case,
            person,
            user_name,
            kind,
            from,
            to,
        } => {
            let entries = s.audit_search(&crate::service::AuditQuery {
                case,
                person,
                user: user_name,
                kind,
                from,
                to,
            })?;
            if c.json {
                return output::json(&entries);
            }
            let rows: Vec<Vec<String>> = entries
                .iter()
                .map(|e| {
                    vec![
                        e.seq.to_string(),
                        e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                        e.actor.clone(),
                        e.action.clone(),
                        e.target.clone().unwrap_or_default(),
                        e.detail.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            output::table(
                &["SEQ", "AT (UTC)", "ACTOR", "ACTION", "TARGET", "DETAIL"],
                &rows,
            );
        }
    }
    Ok(())
}
