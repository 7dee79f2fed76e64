use super::args::{AgreementCommand, Common};
use super::{login, output, Outcome};
use crate::domain::agreement::Agreement;

fn describe(a: &Agreement) -> Vec<String> {
    let reply = a
        .reply
        .as_ref()
        .map(|r| {
            format!(
                "{} {} days from {}",
                r.days,
                r.count.as_str(),
                r.clock_start.as_str()
            )
        })
        .unwrap_or_else(|| "—".into());
    vec![
        a.code.clone(),
        reply,
        a.extension_days
            .map(|d| format!("+{d}"))
            .unwrap_or_else(|| "—".into()),
        if a.silence_means_consent {
            "deemed".into()
        } else {
            "—".into()
        },
        a.travel_document
            .map(|p| format!("{} {}", p.days, p.count.as_str()))
            .unwrap_or_else(|| "—".into()),
        a.transfer_window_days
            .map(|d| d.to_string())
            .unwrap_or_else(|| "—".into()),
        a.calendar.clone(),
        a.name.clone(),
    ]
}

pub fn run(c: &Common, cmd: AgreementCommand) -> Outcome {
    let mut s = login(c)?;
    let adding = matches!(cmd, AgreementCommand::Add { .. });
    match cmd {
        AgreementCommand::List => {
            let list = s.agreements()?;
            if c.json {
                return output::json(&list);
            }
            let rows: Vec<Vec<String>> = list.iter().map(describe).collect();
            output::table(
                &[
                    "CODE",
                    "REPLY",
                    "EXT.",
                    "SILENCE",
                    "TRAVEL DOC",
                    "WINDOW",
                    "CAL.",
                    "NAME",
                ],
                &rows,
            );
        }
        AgreementCommand::Add { code, fields } | AgreementCommand::Set { code, fields } => {
            let changes = fields.changes();
            let a = if adding {
                s.add_agreement(&code, &changes, chrono::Utc::now())?
            } else {
                s.set_agreement(&code, &changes, chrono::Utc::now())?
            };
            if c.json {
                return output::json(&a);
            }
            output::table(
                &[
                    "CODE",
                    "REPLY",
                    "EXT.",
                    "SILENCE",
                    "TRAVEL DOC",
                    "WINDOW",
                    "CAL.",
                    "NAME",
                ],
                &[describe(&a)],
            );
            if adding {
                eprintln!("Agreement {} added.", a.code);
            } else {
                eprintln!("Agreement {} changed.", a.code);
            }
        }
    }
    Ok(())
}
