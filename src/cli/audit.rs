use super::args::{AuditCommand, Common};
use super::{login, output, Failure, Outcome};

pub fn run(c: &Common, cmd: AuditCommand) -> Outcome {
    let mut s = login(c)?;
    match cmd {
        AuditCommand::Verify => match s.audit_verify()? {
            Ok(head) => {
                if c.json {
                    return output::json(
                        &serde_json::json!({"entries": head.next, "ok": true, "head": head.last_hash}),
                    );
                }
                println!("The audit chain is whole: {} entries.", head.next);
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
        },
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
