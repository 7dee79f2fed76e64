//! `ercms report`: the statistics of a period on screen, as JSON, as CSV, or queued for a partner.

use super::args::Common;
use super::{login, output, Failure, Outcome};
use crate::domain::statistics::{month_of, Period, Statistics};
use chrono::{Datelike, Utc};
use std::path::PathBuf;

/// The period from `--from`/`--to`, by default January of this year to this month.
fn period(from: Option<String>, to: Option<String>) -> Result<Period, Failure> {
    let today = Utc::now().date_naive();
    let from = from.unwrap_or_else(|| format!("{:04}-01", today.year()));
    let to = to.unwrap_or_else(|| month_of(today));
    Period::months(&from, &to).ok_or_else(|| {
        Failure::usage("--from and --to are months as YYYY-MM, and --to is not before --from")
    })
}

pub fn run(
    c: &Common,
    from: Option<String>,
    to: Option<String>,
    csv: Option<PathBuf>,
    send_to: Option<String>,
) -> Outcome {
    let period = period(from, to)?;
    let mut s = login(c)?;
    let now = Utc::now();
    if let Some(file) = csv {
        let n = s.report_csv(period, &file, now)?;
        eprintln!(
            "Wrote {n} figures to {} (counts from 1 to 4 shown as <5, totals that would reveal them as x).",
            file.display()
        );
        return Ok(());
    }
    if let Some(to) = send_to {
        let n = s.send_statistics(period, &to, now)?;
        eprintln!("Queued {n} statistics records for {to}; a clerk's next export carries them.");
        return Ok(());
    }
    let stats = s.report(period, now)?;
    s.note_report_read(period, now)?;
    if c.json {
        return output::json(&stats);
    }
    print(&stats, &s.provider_names()?);
    Ok(())
}

fn print(
    s: &Statistics,
    providers: &std::collections::HashMap<crate::domain::nrm::ProviderId, String>,
) {
    println!(
        "Statistics from {} to {} (exact figures, for this station only)",
        s.period.from, s.period.to
    );
    let rows: Vec<Vec<String>> = s
        .applications
        .iter()
        .flat_map(|(state, months)| {
            months
                .iter()
                .map(move |(m, n)| vec![state.clone(), m.clone(), n.to_string()])
        })
        .collect();
    output::table(&["STATE", "MONTH", "APPLICATIONS"], &rows);
    println!("Applications received: {}", s.applications_total());
    println!("Replies sent: {}", s.replies_sent);
    println!("Replies within the limit: {}", s.replies_within_limit);
    println!(
        "Accepted / refused / deemed accepted: {} / {} / {}",
        s.accepted, s.refused, s.deemed_accepted
    );
    println!("Median days to reply: {}", s.median_days_to_reply);
    println!(
        "Median days to travel document: {}",
        s.median_days_to_travel_document
    );
    println!("Median days to transfer: {}", s.median_days_to_transfer);
    let rows: Vec<Vec<String>> = s
        .arrivals
        .iter()
        .map(|(g, n)| vec![g.clone(), n.to_string()])
        .collect();
    output::table(&["GOVERNORATE", "ARRIVALS"], &rows);
    let by_service = s
        .referrals_by_service
        .iter()
        .map(|(k, c)| (k.phrase().to_string(), *c));
    let by_provider = s.referrals_by_provider.iter().map(|(k, c)| {
        let name = providers.get(k).cloned().unwrap_or_else(|| k.0.to_string());
        (name, *c)
    });
    let rows: Vec<Vec<String>> = std::iter::once(("all".to_string(), s.referrals))
        .chain(by_service)
        .chain(by_provider)
        .map(|(label, c)| {
            vec![
                label,
                c.referrals.to_string(),
                c.acceptance().to_string(),
                c.delivery().to_string(),
            ]
        })
        .collect();
    output::table(&["REFERRALS BY", "COUNT", "ACCEPTED", "DELIVERED"], &rows);
}
