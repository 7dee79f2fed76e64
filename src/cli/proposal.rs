//! `ercms proposal …`: station changes one person proposed and a second decides.

use super::args::{Common, ProposalCommand};
use super::{login, output, Outcome};
use crate::domain::proposal::{Proposal, ProposalStatus};
use chrono::Utc;

fn state(p: &Proposal) -> String {
    match &p.status {
        ProposalStatus::Pending => "waiting".into(),
        ProposalStatus::Approved { by, .. } => format!("approved by {by}"),
        ProposalStatus::Rejected { by, .. } => format!("rejected by {by}"),
    }
}

pub fn run(c: &Common, cmd: ProposalCommand) -> Outcome {
    let mut s = login(c)?;
    match cmd {
        ProposalCommand::List { all } => {
            let list = s.proposals(!all)?;
            if c.json {
                return output::json(&list);
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|p| {
                    vec![
                        p.id.to_string()[..8].to_string(),
                        p.kind.as_str().to_string(),
                        p.subject.clone(),
                        format!("{} ({})", p.proposed_by, p.proposer_role),
                        p.proposed_at.format("%Y-%m-%d %H:%M").to_string(),
                        state(p),
                    ]
                })
                .collect();
            output::table(
                &["ID", "KIND", "SUBJECT", "PROPOSED BY", "AT", "STATE"],
                &rows,
            );
        }
        ProposalCommand::Show { id } => {
            let p = s.proposal(&id)?;
            if c.json {
                return output::json(&p);
            }
            show(&p);
        }
        ProposalCommand::Approve { id } => {
            let p = s.decide_proposal(&id, true, None, Utc::now())?;
            show(&p);
            eprintln!("Approved: the change has taken effect.");
        }
        ProposalCommand::Reject { id, note } => {
            let p = s.decide_proposal(&id, false, Some(&note), Utc::now())?;
            show(&p);
            eprintln!("Rejected: nothing changed.");
        }
    }
    Ok(())
}

/// The proposal whole, so the second person sees what they approve.
fn show(p: &Proposal) {
    println!("proposal     {}", p.id);
    println!("kind         {}", p.kind.as_str());
    println!("subject      {}", p.subject);
    println!("proposed by  {} ({})", p.proposed_by, p.proposer_role);
    println!(
        "proposed at  {}",
        p.proposed_at.format("%Y-%m-%d %H:%M UTC")
    );
    println!("before       {}", p.before.as_deref().unwrap_or("-"));
    println!("after        {}", p.after.as_deref().unwrap_or("-"));
    if let Some(r) = &p.reason {
        println!("reason       {r}");
    }
    println!("state        {}", state(p));
    if let ProposalStatus::Rejected { note, .. } = &p.status {
        println!("note         {note}");
    }
}
