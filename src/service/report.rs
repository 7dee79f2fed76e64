//! Statistics for Objective 21: the report over a period, its CSV export and the `statistics_extract`
//! records sent to a partner. Only aggregates leave the station, with small counts suppressed.

use super::outbox;
use super::session::Note;
use super::{ServiceError, Session};
use crate::domain::agreement::Agreement;
use crate::domain::calendar::Calendar;
use crate::domain::case::Case;
use crate::domain::ids::StationId;
use crate::domain::nrm::{NeedDomain, ProviderId};
use crate::domain::policy::Permission;
use crate::domain::statistics::{
    compute, suppress, CaseFacts, Figure, Measure, Period, ReturneeFacts, Shown, Statistics,
};
use crate::exchange::records::{Breakdown, Indicator, Service, StatisticsExtract};
use crate::exchange::Record;
use crate::vault::{Tree, Txn};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// What a purge keeps of a case and its returnee record: facts only, no person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PurgedFacts {
    pub case: Option<CaseFacts>,
    pub returnee: Option<ReturneeFacts>,
    /// For an anonymised case: what stays visible of it.
    #[serde(default)]
    pub anonymous: Option<super::retention::AnonymousStub>,
}

impl Session {
    /// The statistical facts of every case and returnee, stored or purged.
    pub(crate) fn statistical_facts(
        &self,
    ) -> Result<(Vec<CaseFacts>, Vec<ReturneeFacts>), ServiceError> {
        let agreements: HashMap<String, Agreement> = self
            .agreements()?
            .into_iter()
            .map(|a| (a.code.clone(), a))
            .collect();
        let calendars: HashMap<String, Calendar> = self
            .calendars()?
            .into_iter()
            .map(|c| (c.code().to_string(), c))
            .collect();
        let settings = self.deadline_settings()?;
        let mut cases = Vec::new();
        for item in self.vault.scan::<Case>(Tree::CASES) {
            let (_, case) = item?;
            let agreement = agreements.get(&case.application.agreement);
            let rules = agreement.and_then(|a| Some((a, calendars.get(&a.calendar)?)));
            cases.push(CaseFacts::of(&case, rules, &settings));
        }
        let mut returnees = Vec::new();
        for record in self.nrm_records()? {
            returnees.push(ReturneeFacts::of(&record.returnee, &settings));
        }
        for item in self.vault.scan::<PurgedFacts>(Tree::PURGED_FACTS) {
            let (_, kept) = item?;
            cases.extend(kept.case);
            returnees.extend(kept.returnee);
        }
        Ok((cases, returnees))
    }

    /// `ercms report`: the exact figures over `period`, for the station's own eyes.
    pub fn report(&self, period: Period, _now: DateTime<Utc>) -> Result<Statistics, ServiceError> {
        self.allow(Permission::ViewStatistics)?;
        let (cases, returnees) = self.statistical_facts()?;
        Ok(compute(period, &cases, &returnees))
    }

    /// The providers' names, for labelling figures by provider (organisations, not people).
    pub fn provider_names(&self) -> Result<HashMap<ProviderId, String>, ServiceError> {
        self.allow(Permission::ViewStatistics)?;
        Ok(self
            .directory()?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect())
    }

    /// `ercms report --csv FILE`: the suppressed figures as CSV, audited.
    pub fn report_csv(
        &mut self,
        period: Period,
        file: &Path,
        now: DateTime<Utc>,
    ) -> Result<usize, ServiceError> {
        let stats = self.report(period, now)?;
        let figures = suppress(&stats);
        let text = csv(&figures, &self.provider_names()?);
        std::fs::write(file, text).map_err(|e| {
            ServiceError::Invalid(format!("the CSV file could not be written ({})", e.kind()))
        })?;
        let detail = format!(
            "{} to {}, {} figures",
            period.from,
            period.to,
            figures.len()
        );
        self.record(now, "report.csv", None, Some(&detail))?;
        Ok(figures.len())
    }

    /// `ercms report --send-to STATION`: queues the suppressed figures as `statistics_extract` records
    /// for `to`; the clerk's next export carries them. Returns how many records were queued.
    pub fn send_statistics(
        &mut self,
        period: Period,
        to: &str,
        now: DateTime<Utc>,
    ) -> Result<usize, ServiceError> {
        self.allow(Permission::SendStatistics)?;
        let to = StationId::parse(to).map_err(|e| ServiceError::Usage(e.to_string()))?;
        self.partner(&to)?;
        let stats = self.report(period, now)?;
        let stations: HashMap<ProviderId, StationId> = self
            .directory()?
            .into_iter()
            .filter_map(|p| Some((p.id, p.station?)))
            .collect();
        let records = extracts(&suppress(&stats), period, &stations, now);
        let mut txn = Txn::default();
        for r in &records {
            outbox::queue(
                &self.vault,
                &mut txn,
                to.as_str(),
                Record::StatisticsExtract(r.clone()),
                "statistics",
                now,
            )?;
        }
        let detail = format!(
            "{} to {}, {} figures for {to}",
            period.from,
            period.to,
            records.len()
        );
        self.commit(
            txn,
            now,
            &[Note {
                action: "report.send",
                target: Some(to.as_str()),
                detail: Some(&detail),
            }],
        )?;
        Ok(records.len())
    }
}

/// The CSV text of `figures`: one header line, one line per figure; suppressed values are `<5`.
pub fn csv(figures: &[Figure], providers: &HashMap<ProviderId, String>) -> String {
    let mut out =
        String::from("measure,requesting_state,month,governorate,service,provider,value\n");
    for f in figures {
        let provider = f.by.provider.map(|p| {
            providers
                .get(&p)
                .cloned()
                .unwrap_or_else(|| p.0.to_string())
        });
        let cells = [
            f.measure.as_str().to_string(),
            f.by.requesting_state.clone().unwrap_or_default(),
            f.by.month.clone().unwrap_or_default(),
            f.by.governorate.clone().unwrap_or_default(),
            f.by.service
                .map(|s| s.phrase().to_string())
                .unwrap_or_default(),
            provider.unwrap_or_default(),
            f.shown.to_string(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// Quotes a cell when it holds a comma, a quote or a line break; a leading `=`, `+`, `-` or `@` is
/// escaped so a spreadsheet never reads a provider's name as a formula.
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The wire indicator of a measure; the percentages are not on the wire (the receiver computes them
/// from the counts).
fn indicator(m: Measure) -> Option<Indicator> {
    use Measure::*;
    Some(match m {
        ApplicationsReceived => Indicator::ApplicationsReceived,
        RepliesSent => Indicator::RepliesSent,
        RepliesWithinLimit => Indicator::RepliesWithinLimit,
        Accepted => Indicator::Accepted,
        Refused => Indicator::Refused,
        DeemedAccepted => Indicator::DeemedAccepted,
        MedianDaysToReply => Indicator::MedianDaysToReply,
        MedianDaysToTravelDocument => Indicator::MedianDaysToTravelDocument,
        MedianDaysToTransfer => Indicator::MedianDaysToTransfer,
        Arrivals => Indicator::Arrivals,
        Referrals => Indicator::Referrals,
        ReferralsAccepted => Indicator::ReferralsAccepted,
        ReferralsDelivered => Indicator::ReferralsDelivered,
        RepliesWithinLimitPercent | ReferralAcceptancePercent | ReferralDeliveryPercent => {
            return None
        }
    })
}

fn service(d: NeedDomain) -> Service {
    match d {
        NeedDomain::Housing => Service::Housing,
        NeedDomain::Health => Service::Health,
        NeedDomain::Psychosocial => Service::Psychosocial,
        NeedDomain::Livelihood => Service::Livelihood,
        NeedDomain::Education => Service::Education,
        NeedDomain::LegalDocumentation => Service::LegalDocumentation,
        NeedDomain::Financial => Service::Financial,
        NeedDomain::Family => Service::Family,
        NeedDomain::Protection => Service::Protection,
    }
}

/// The `statistics_extract` records of `figures`. A figure by month covers that month (within the
/// period); a figure by a provider without a station is left out (the wire names providers by
/// station); figures with no data are left out.
pub fn extracts(
    figures: &[Figure],
    period: Period,
    stations: &HashMap<ProviderId, StationId>,
    now: DateTime<Utc>,
) -> Vec<StatisticsExtract> {
    let stamp = now.format("%Y%m%dT%H%M%S");
    let mut out = Vec::new();
    for f in figures {
        let Some(indicator) = indicator(f.measure) else {
            continue;
        };
        let (value, suppressed) = match f.shown {
            Shown::Count(n) => (Some(n), false),
            // Whole days on the wire, rounded half up.
            Shown::Days(d) => (Some(d.round().max(0.0) as u64), false),
            Shown::Suppressed | Shown::Withheld => (None, true),
            Shown::Percent(_) | Shown::NoData => continue,
        };
        let provider = match f.by.provider {
            Some(p) => match stations.get(&p) {
                Some(s) => Some(s.clone()),
                None => continue,
            },
            None => None,
        };
        let (period_start, period_end) = match f.by.month.as_deref().and_then(month_bounds) {
            Some((a, b)) => (a.max(period.from), b.min(period.to)),
            None => (period.from, period.to),
        };
        out.push(StatisticsExtract {
            id: format!("S-{stamp}-{}", out.len() + 1),
            indicator,
            period_start,
            period_end,
            breakdown: Breakdown {
                requesting_state: f.by.requesting_state.clone(),
                governorate: f.by.governorate.clone(),
                service: f.by.service.map(service),
                provider,
            },
            value,
            suppressed,
        });
    }
    out
}

fn month_bounds(month: &str) -> Option<(NaiveDate, NaiveDate)> {
    Period::months(month, month).map(|p| (p.from, p.to))
}

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
pub(crate) mod tests;
