//! A readmission agreement (or implementing protocol) as data: its time limits and how they count.
//! Agreements differ, so nothing here is hard-wired into the case rules; the admin edits them with
//! `ercms agreement set CODE --field value`, which goes through [`Agreement::with_change`].

use super::calendar::{is_calendar_code, DayCount};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which recorded event starts the reply clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockStart {
    /// The application reached the ministry (import of the bundle).
    Receipt,
    /// The ministry registered it.
    Registration,
    /// The ministry confirmed receipt to the requesting state.
    ConfirmedReceipt,
}

impl ClockStart {
    pub fn as_str(self) -> &'static str {
        match self {
            ClockStart::Receipt => "receipt",
            ClockStart::Registration => "registration",
            ClockStart::ConfirmedReceipt => "confirmed_receipt",
        }
    }
    pub fn parse(s: &str) -> Option<ClockStart> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "receipt" => Some(ClockStart::Receipt),
            "registration" => Some(ClockStart::Registration),
            "confirmed_receipt" => Some(ClockStart::ConfirmedReceipt),
            _ => None,
        }
    }
}

impl fmt::Display for ClockStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The reply time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineRule {
    pub days: u32,
    pub count: DayCount,
    pub clock_start: ClockStart,
    /// A shorter reply period for the accelerated (border) procedure, counted the same way.
    #[serde(default)]
    pub accelerated_days: Option<u32>,
}

/// A number of days counted one way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub days: u32,
    pub count: DayCount,
}

/// How long a travel document must stay valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Validity {
    Days(u32),
    Months(u32),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// As the applications cite it, e.g. `EU-IQ`.
    pub code: String,
    pub name: String,
    /// The calendar (country code) on which working days are counted: the requested state's.
    pub calendar: String,
    /// `None` where the text sets no reply limit.
    pub reply: Option<DeadlineRule>,
    /// The most days the reply limit may be extended by, in the reply rule's count.
    pub extension_days: Option<u32>,
    /// Whether no reply by the deadline counts as acceptance (an alarm, never silent).
    pub silence_means_consent: bool,
    /// Time to issue the travel document once the transfer is accepted.
    pub travel_document: Option<Period>,
    /// Minimum validity of the travel document.
    pub td_validity: Option<Validity>,
    /// How long before a transfer the requesting state must notify it.
    pub transfer_notice: Option<Period>,
    /// Calendar days after acceptance within which the transfer must happen.
    pub transfer_window_days: Option<u32>,
    /// Where the figures come from and what is still to verify.
    pub source: String,
}

/// The longest period any field accepts: more than a year is a typing error, not a time limit.
const MAX_DAYS: u32 = 366;
const MAX_MONTHS: u32 = 24;

/// Why an agreement change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgreementError {
    #[error("\"{0}\" is not an agreement field; use one of: {FIELDS}")]
    UnknownField(String),
    #[error("{field} takes {expected}")]
    BadValue {
        field: &'static str,
        expected: &'static str,
    },
    #[error("set reply_days before {0}, because there is no reply rule yet")]
    NoReplyRule(&'static str),
    #[error("the accelerated reply period must be shorter than the normal one")]
    AcceleratedNotShorter,
    #[error("this agreement does not provide for extending the reply period")]
    NoExtension,
    #[error("the extension would reach {asked} days, beyond the agreement's cap of {cap} days")]
    ExtensionTooLong { asked: u32, cap: u32 },
    #[error("{agreement} requires a travel document valid at least {rule} (td_validity); this one ends on {until}, it must be valid until {needed} at least")]
    TravelDocumentTooShort {
        agreement: String,
        rule: String,
        until: chrono::NaiveDate,
        needed: chrono::NaiveDate,
    },
    #[error("an agreement code is 2 to 16 capital letters, digits or hyphens, for example EU-CI")]
    Code,
}

/// The field names `with_change` accepts, for help texts.
pub const FIELDS: &str = "name, calendar, reply_days, reply_day_count, clock_start, \
accelerated_reply_days, extension_days, silence_means_consent, td_days, td_day_count, \
td_validity_days, td_validity_months, transfer_notice_days, transfer_notice_day_count, \
transfer_window_days, source";

const DAYS: &str = "a number of days from 1 to 366, or none";
const DAYS_REQUIRED: &str = "a number of days from 1 to 366";
const COUNT: &str = "calendar or working";

fn days(field: &'static str, value: &str, optional: bool) -> Result<Option<u32>, AgreementError> {
    let v = value.trim();
    let expected = if optional { DAYS } else { DAYS_REQUIRED };
    if optional && v.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    match v.parse::<u32>() {
        Ok(n) if (1..=MAX_DAYS).contains(&n) => Ok(Some(n)),
        _ => Err(AgreementError::BadValue { field, expected }),
    }
}

fn day_count(field: &'static str, value: &str) -> Result<DayCount, AgreementError> {
    DayCount::parse(value).ok_or(AgreementError::BadValue {
        field,
        expected: COUNT,
    })
}

impl Agreement {
    /// The same agreement with one field changed, or why the value is refused. Values are the texts an
    /// admin types: numbers of days, `calendar`/`working`, `receipt`/`registration`/`confirmed_receipt`,
    /// `true`/`false`, a calendar code, or `none` to clear an optional figure.
    pub fn with_change(&self, field: &str, value: &str) -> Result<Agreement, AgreementError> {
        let mut a = self.clone();
        let v = value.trim();
        match field
            .trim()
            .trim_start_matches("--")
            .replace('-', "_")
            .as_str()
        {
            "name" if !v.is_empty() && v.chars().count() <= 200 => a.name = v.to_string(),
            "name" => {
                return Err(AgreementError::BadValue {
                    field: "name",
                    expected: "a name of 1 to 200 characters",
                })
            }
            "source" if v.chars().count() <= 1000 => a.source = v.to_string(),
            "source" => {
                return Err(AgreementError::BadValue {
                    field: "source",
                    expected: "a note of at most 1000 characters",
                })
            }
            "calendar" if is_calendar_code(v) => a.calendar = v.to_string(),
            "calendar" => {
                return Err(AgreementError::BadValue {
                    field: "calendar",
                    expected: "a calendar code of 2 to 8 capital letters, such as IQ",
                })
            }
            "reply_days" => match days("reply_days", v, true)? {
                None => a.reply = None,
                Some(n) => {
                    let rule = a.reply.get_or_insert(DeadlineRule {
                        days: n,
                        count: DayCount::Calendar,
                        clock_start: ClockStart::Receipt,
                        accelerated_days: None,
                    });
                    rule.days = n;
                }
            },
            "reply_day_count" => {
                let count = day_count("reply_day_count", v)?;
                a.reply_mut("reply_day_count")?.count = count;
            }
            "clock_start" => {
                let start = ClockStart::parse(v).ok_or(AgreementError::BadValue {
                    field: "clock_start",
                    expected: "receipt, registration or confirmed_receipt",
                })?;
                a.reply_mut("clock_start")?.clock_start = start;
            }
            "accelerated_reply_days" => {
                let n = days("accelerated_reply_days", v, true)?;
                a.reply_mut("accelerated_reply_days")?.accelerated_days = n;
            }
            "extension_days" => a.extension_days = days("extension_days", v, true)?,
            "silence_means_consent" => {
                a.silence_means_consent = match v.to_ascii_lowercase().as_str() {
                    "true" | "yes" => true,
                    "false" | "no" => false,
                    _ => {
                        return Err(AgreementError::BadValue {
                            field: "silence_means_consent",
                            expected: "true or false",
                        })
                    }
                }
            }
            "td_days" => a.travel_document = period(a.travel_document, "td_days", v)?,
            "td_day_count" => a.travel_document = count_of(a.travel_document, "td_day_count", v)?,
            "td_validity_days" => {
                a.td_validity = days("td_validity_days", v, true)?.map(Validity::Days)
            }
            "td_validity_months" => {
                a.td_validity = match v.parse::<u32>() {
                    Ok(n) if (1..=MAX_MONTHS).contains(&n) => Some(Validity::Months(n)),
                    _ if v.eq_ignore_ascii_case("none") => None,
                    _ => {
                        return Err(AgreementError::BadValue {
                            field: "td_validity_months",
                            expected: "a number of months from 1 to 24, or none",
                        })
                    }
                }
            }
            "transfer_notice_days" => {
                a.transfer_notice = period(a.transfer_notice, "transfer_notice_days", v)?
            }
            "transfer_notice_day_count" => {
                a.transfer_notice = count_of(a.transfer_notice, "transfer_notice_day_count", v)?
            }
            "transfer_window_days" => {
                a.transfer_window_days = days("transfer_window_days", v, true)?
            }
            other => {
                return Err(AgreementError::UnknownField(
                    other.chars().take(40).collect(),
                ))
            }
        }
        a.validate()?;
        Ok(a)
    }

    fn reply_mut(&mut self, field: &'static str) -> Result<&mut DeadlineRule, AgreementError> {
        self.reply
            .as_mut()
            .ok_or(AgreementError::NoReplyRule(field))
    }

    /// The rules that tie fields together.
    pub fn validate(&self) -> Result<(), AgreementError> {
        if let Some(DeadlineRule {
            days,
            accelerated_days: Some(fast),
            ..
        }) = self.reply
        {
            if fast >= days {
                return Err(AgreementError::AcceleratedNotShorter);
            }
        }
        Ok(())
    }

    /// The minimum-validity rule: a travel document issued on `issued_on` must be valid until at
    /// least `issued_on` plus the agreement's minimum validity.
    pub fn check_td_validity(
        &self,
        issued_on: chrono::NaiveDate,
        valid_until: chrono::NaiveDate,
    ) -> Result<(), AgreementError> {
        let (needed, rule) = match self.td_validity {
            None => return Ok(()),
            Some(Validity::Days(n)) => (
                issued_on.checked_add_days(chrono::Days::new(u64::from(n))),
                if n == 1 {
                    "1 day".into()
                } else {
                    format!("{n} days")
                },
            ),
            Some(Validity::Months(n)) => (
                issued_on.checked_add_months(chrono::Months::new(n)),
                if n == 1 {
                    "1 month".into()
                } else {
                    format!("{n} months")
                },
            ),
        };
        // Valid from its issue day: the last day it must still be valid is the day before.
        let needed = needed.and_then(|d| d.pred_opt());
        match needed {
            Some(needed) if valid_until < needed => Err(AgreementError::TravelDocumentTooShort {
                agreement: self.code.clone(),
                rule,
                until: valid_until,
                needed,
            }),
            _ => Ok(()),
        }
    }

    /// A new agreement with this code and every rule empty, to be filled by `with_change`.
    pub fn new_empty(code: &str, calendar: &str) -> Result<Agreement, AgreementError> {
        let ok = (2..=16).contains(&code.len())
            && code
                .bytes()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'-');
        if !ok {
            return Err(AgreementError::Code);
        }
        Agreement {
            code: code.to_string(),
            name: code.to_string(),
            calendar: String::new(),
            reply: None,
            extension_days: None,
            silence_means_consent: false,
            travel_document: None,
            td_validity: None,
            transfer_notice: None,
            transfer_window_days: None,
            source: String::new(),
        }
        .with_change("calendar", calendar)
    }

    /// The stored value of one field as the admin would type it, for the audit's before and after.
    pub fn field_text(&self, field: &str) -> String {
        let none = || "none".to_string();
        let days = |d: Option<u32>| d.map_or_else(none, |n| n.to_string());
        let field = field.trim().trim_start_matches("--").replace('-', "_");
        match field.as_str() {
            "name" => self.name.clone(),
            "source" => self.source.clone(),
            "calendar" => self.calendar.clone(),
            "reply_days" => days(self.reply.map(|r| r.days)),
            "reply_day_count" => self.reply.map_or_else(none, |r| r.count.to_string()),
            "clock_start" => self.reply.map_or_else(none, |r| r.clock_start.to_string()),
            "accelerated_reply_days" => days(self.reply.and_then(|r| r.accelerated_days)),
            "extension_days" => days(self.extension_days),
            "silence_means_consent" => self.silence_means_consent.to_string(),
            "td_days" => days(self.travel_document.map(|p| p.days)),
            "td_day_count" => self
                .travel_document
                .map_or_else(none, |p| p.count.to_string()),
            "td_validity_days" | "td_validity_months" => match self.td_validity {
                None => none(),
                Some(Validity::Days(n)) => format!("{n} days"),
                Some(Validity::Months(n)) => format!("{n} months"),
            },
            "transfer_notice_days" => days(self.transfer_notice.map(|p| p.days)),
            "transfer_notice_day_count" => self
                .transfer_notice
                .map_or_else(none, |p| p.count.to_string()),
            "transfer_window_days" => days(self.transfer_window_days),
            _ => none(),
        }
    }

    /// May the reply period be extended to `already + more` days in total?
    pub fn check_extension(&self, already: u32, more: u32) -> Result<(), AgreementError> {
        let cap = self.extension_days.ok_or(AgreementError::NoExtension)?;
        let asked = already.saturating_add(more);
        if asked > cap {
            Err(AgreementError::ExtensionTooLong { asked, cap })
        } else {
            Ok(())
        }
    }
}

fn period(
    old: Option<Period>,
    field: &'static str,
    v: &str,
) -> Result<Option<Period>, AgreementError> {
    Ok(days(field, v, true)?.map(|n| Period {
        days: n,
        count: old.map_or(DayCount::Calendar, |p| p.count),
    }))
}

fn count_of(
    old: Option<Period>,
    field: &'static str,
    v: &str,
) -> Result<Option<Period>, AgreementError> {
    let count = day_count(field, v)?;
    match old {
        Some(p) => Ok(Some(Period { count, ..p })),
        None => Err(AgreementError::BadValue {
            field,
            expected: "a value only once the number of days is set",
        }),
    }
}

const VERIFY: &str = "Editable default: verify against the official journal before relying on it.";

/// The agreements a new station starts with: **editable defaults** taken from DOMAIN.md's table (and,
/// for `EU-IQ`, chosen as sensible defaults), each marked to be verified against the official journal.
pub fn default_agreements() -> Vec<Agreement> {
    let rule = |days, count, clock_start| {
        Some(DeadlineRule {
            days,
            count,
            clock_start,
            accelerated_days: None,
        })
    };
    let period = |days, count| Some(Period { days, count });
    use ClockStart::*;
    use DayCount::*;
    vec![
        Agreement {
            code: "EU-IQ".into(),
            name: "EU–Iraq Partnership and Cooperation Agreement (2012), readmission clause".into(),
            calendar: "IQ".into(),
            reply: Some(DeadlineRule {
                days: 15,
                count: Working,
                clock_start: Receipt,
                accelerated_days: Some(2),
            }),
            extension_days: Some(15),
            silence_means_consent: false,
            travel_document: period(5, Working),
            td_validity: Some(Validity::Months(3)),
            transfer_notice: period(3, Working),
            transfer_window_days: Some(90),
            source: format!(
                "The agreement's readmission clause sets no time limits; these are chosen defaults \
                 modelled on the EU readmission agreements. {VERIFY}"
            ),
        },
        Agreement {
            code: "EU-MD".into(),
            name: "EU–Moldova readmission agreement, Benelux implementing protocol (2013)".into(),
            calendar: "MD".into(),
            reply: None,
            extension_days: None,
            silence_means_consent: false,
            travel_document: period(3, Working),
            td_validity: Some(Validity::Months(3)),
            transfer_notice: period(3, Working),
            transfer_window_days: Some(90),
            source: format!(
                "Reply period: see Art. 10 of the agreement and enter it with reply_days; extension on \
                 request. {VERIFY}"
            ),
        },
        Agreement {
            code: "CH-RU".into(),
            name: "Switzerland–Russia readmission agreement (2009)".into(),
            calendar: "RU".into(),
            reply: rule(25, Calendar, ConfirmedReceipt),
            extension_days: Some(60),
            silence_means_consent: true,
            travel_document: None,
            td_validity: None,
            transfer_notice: None,
            transfer_window_days: Some(90),
            source: format!("Art. 12. {VERIFY}"),
        },
        Agreement {
            code: "EU-AZ".into(),
            name: "EU–Azerbaijan readmission agreement (2014)".into(),
            calendar: "AZ".into(),
            reply: rule(15, Calendar, Receipt),
            extension_days: None,
            silence_means_consent: false,
            travel_document: period(5, Working),
            td_validity: None,
            transfer_notice: None,
            transfer_window_days: None,
            source: format!("Secondary sources; calendar days assumed for the reply. {VERIFY}"),
        },
        Agreement {
            code: "EU-AM".into(),
            name: "EU–Armenia readmission agreement".into(),
            calendar: "AM".into(),
            reply: rule(12, Calendar, Receipt),
            extension_days: None,
            silence_means_consent: false,
            travel_document: None,
            td_validity: None,
            transfer_notice: None,
            transfer_window_days: None,
            source: format!("Secondary sources. {VERIFY}"),
        },
        Agreement {
            code: "EU-LK".into(),
            name: "EU–Sri Lanka readmission agreement (2005)".into(),
            calendar: "LK".into(),
            reply: None,
            extension_days: None,
            silence_means_consent: false,
            travel_document: period(14, Calendar),
            td_validity: Some(Validity::Months(6)),
            transfer_notice: None,
            transfer_window_days: None,
            source: format!(
                "Travel document within 14 and at most 30 calendar days; silence for 30 calendar days \
                 is deemed acceptance of the travel document. {VERIFY}"
            ),
        },
    ]
}

/// The shipped agreement with this code, if there is one.
pub fn default_agreement(code: &str) -> Option<Agreement> {
    default_agreements().into_iter().find(|a| a.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agreement(code: &str) -> Agreement {
        default_agreement(code).unwrap()
    }

    #[test]
    fn defaults_cover_the_table_and_say_they_are_unverified() {
        let codes: Vec<String> = default_agreements().into_iter().map(|a| a.code).collect();
        assert_eq!(
            codes,
            ["EU-IQ", "EU-MD", "CH-RU", "EU-AZ", "EU-AM", "EU-LK"]
        );
        for a in default_agreements() {
            assert!(
                a.source.contains("verify against the official journal"),
                "{}",
                a.code
            );
            assert!(a.validate().is_ok());
            let calendars = crate::domain::calendar::default_calendars();
            assert!(
                calendars.iter().any(|c| c.code() == a.calendar),
                "{}",
                a.code
            );
        }
        let ch = agreement("CH-RU");
        assert_eq!(ch.reply.unwrap().clock_start, ClockStart::ConfirmedReceipt);
        assert!(ch.silence_means_consent);
    }

    #[test]
    fn fields_change_with_validation() {
        let a = agreement("EU-AZ");
        let b = a.with_change("reply_days", "20").unwrap();
        assert_eq!(b.reply.unwrap().days, 20);
        let b = b.with_change("--reply-day-count", "working").unwrap();
        assert_eq!(b.reply.unwrap().count, DayCount::Working);
        let b = b.with_change("clock_start", "registration").unwrap();
        assert_eq!(b.reply.unwrap().clock_start, ClockStart::Registration);
        let b = b.with_change("silence_means_consent", "true").unwrap();
        assert!(b.silence_means_consent);
        let b = b.with_change("td_validity_months", "6").unwrap();
        assert_eq!(b.td_validity, Some(Validity::Months(6)));
        let b = b.with_change("transfer_window_days", "none").unwrap();
        assert_eq!(b.transfer_window_days, None);
        let b = b.with_change("calendar", "IQ").unwrap();
        assert_eq!(b.calendar, "IQ");
        // the original is untouched
        assert_eq!(a.reply.unwrap().days, 15);
    }

    #[test]
    fn bad_changes_are_refused_with_a_sentence() {
        let a = agreement("EU-AZ");
        let e = a.with_change("reply_days", "0").unwrap_err();
        assert_eq!(
            e.to_string(),
            "reply_days takes a number of days from 1 to 366, or none"
        );
        assert!(a.with_change("reply_days", "-3").is_err());
        assert!(a.with_change("reply_days", "400").is_err());
        assert!(a.with_change("reply_day_count", "weekdays").is_err());
        assert!(a.with_change("calendar", "iraq").is_err());
        assert!(a.with_change("colour", "red").is_err());
        assert_eq!(
            a.with_change("accelerated_reply_days", "15").unwrap_err(),
            AgreementError::AcceleratedNotShorter
        );
        let lk = agreement("EU-LK");
        assert_eq!(
            lk.with_change("clock_start", "receipt").unwrap_err(),
            AgreementError::NoReplyRule("clock_start")
        );
        assert!(lk
            .with_change("transfer_notice_day_count", "working")
            .is_err());
    }

    #[test]
    fn a_travel_document_below_the_minimum_validity_is_refused_with_the_rule_named() {
        let iq = agreement("EU-IQ"); // at least 3 months
        let issued = crate::domain::date::parse_date("2026-07-10").unwrap();
        let week = crate::domain::date::parse_date("2026-07-17").unwrap();
        let e = iq.check_td_validity(issued, week).unwrap_err();
        assert_eq!(
            e.to_string(),
            "EU-IQ requires a travel document valid at least 3 months (td_validity); this one ends \
             on 2026-07-17, it must be valid until 2026-10-09 at least"
        );
        let enough = crate::domain::date::parse_date("2026-10-09").unwrap();
        assert!(iq.check_td_validity(issued, enough).is_ok());
        assert!(iq
            .check_td_validity(issued, enough.pred_opt().unwrap())
            .is_err());
        // No rule, no minimum.
        assert!(agreement("EU-AM").check_td_validity(issued, week).is_ok());
    }

    #[test]
    fn field_texts_show_the_nested_rules_for_the_audit() {
        let a = agreement("EU-IQ");
        assert_eq!(a.field_text("reply_days"), "15");
        assert_eq!(a.field_text("--reply-day-count"), "working");
        assert_eq!(a.field_text("td_validity_months"), "3 months");
        let b = a.with_change("reply_days", "none").unwrap();
        assert_eq!(b.field_text("reply_days"), "none");
        assert!(Agreement::new_empty("EU-CI", "CI").is_ok());
        assert_eq!(
            Agreement::new_empty("eu ci", "CI").unwrap_err(),
            AgreementError::Code
        );
    }

    #[test]
    fn extensions_respect_the_cap() {
        let ch = agreement("CH-RU");
        assert!(ch.check_extension(0, 60).is_ok());
        assert_eq!(
            ch.check_extension(30, 31).unwrap_err(),
            AgreementError::ExtensionTooLong { asked: 61, cap: 60 }
        );
        assert_eq!(
            agreement("EU-AM").check_extension(0, 1).unwrap_err(),
            AgreementError::NoExtension
        );
    }

    #[test]
    fn agreements_round_trip_as_json() {
        for a in default_agreements() {
            let back: Agreement =
                serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
            assert_eq!(back, a);
        }
    }
}
