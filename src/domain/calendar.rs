//! A country's working calendar: its weekend days and its public holidays. Working-day time limits
//! are counted on the calendar of the country whose ministry must act.
//!
//! Holidays come in two kinds: fixed-date ones that recur every year (`annual`, e.g. 1 May) and dated
//! ones (`dated`, e.g. the Eid days of a given year, which follow the lunar calendar and must be entered
//! by the admin each year). The shipped holidays are **editable defaults**, not an official list.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// How a period of days is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayCount {
    /// Every day counts.
    Calendar,
    /// Weekend days and holidays of the calendar do not count.
    Working,
}

impl DayCount {
    pub fn as_str(self) -> &'static str {
        match self {
            DayCount::Calendar => "calendar",
            DayCount::Working => "working",
        }
    }

    pub fn parse(s: &str) -> Option<DayCount> {
        match s.trim().to_ascii_lowercase().as_str() {
            "calendar" => Some(DayCount::Calendar),
            "working" => Some(DayCount::Working),
            _ => None,
        }
    }
}

impl fmt::Display for DayCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A holiday on the same day every year, written `MM-DD` when stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AnnualHoliday {
    month: u32,
    day: u32,
}

impl AnnualHoliday {
    /// `None` unless the day exists in some year (29 February is accepted).
    pub fn new(month: u32, day: u32) -> Option<AnnualHoliday> {
        NaiveDate::from_ymd_opt(2024, month, day).map(|_| AnnualHoliday { month, day })
    }
    pub fn month(self) -> u32 {
        self.month
    }
    pub fn day(self) -> u32 {
        self.day
    }
    fn falls_on(self, date: NaiveDate) -> bool {
        date.month() == self.month && date.day() == self.day
    }
}

impl TryFrom<String> for AnnualHoliday {
    type Error = CalendarError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        let parts: Option<(u32, u32)> = s
            .split_once('-')
            .and_then(|(m, d)| Some((m.parse().ok()?, d.parse().ok()?)));
        parts
            .filter(|_| s.len() == 5)
            .and_then(|(m, d)| AnnualHoliday::new(m, d))
            .ok_or(CalendarError::AnnualHoliday)
    }
}
impl From<AnnualHoliday> for String {
    fn from(h: AnnualHoliday) -> String {
        h.to_string()
    }
}
impl fmt::Display for AnnualHoliday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.month, self.day)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("a calendar needs at least two working days a week")]
    WeekendTooLong,
    #[error("a yearly holiday is written MM-DD and must exist, for example 05-01")]
    AnnualHoliday,
    #[error("a calendar holds at most {MAX_ANNUAL} yearly and {MAX_DATED} dated holidays")]
    TooManyHolidays,
    #[error("a calendar code is 2 to 8 capital letters, for example IQ or EU")]
    Code,
    #[error("a holiday's name is 1 to 100 characters on one line")]
    HolidayName,
}

/// Bounds that keep "the next working day" a short walk whatever an admin enters: with at most five
/// weekend days and 60 yearly holidays, every year still has working days.
const MAX_ANNUAL: usize = 60;
const MAX_DATED: usize = 2000;

/// A country's calendar. Build it with [`Calendar::new`] or the defaults; stored as JSON by the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CalendarData", into = "CalendarData")]
pub struct Calendar {
    code: String,
    name: String,
    weekend: Vec<Weekday>,
    annual: BTreeSet<AnnualHoliday>,
    dated: BTreeSet<NaiveDate>,
    /// What a dated holiday is (Eid al-Fitr…), where the admin said.
    names: BTreeMap<NaiveDate, String>,
}

/// The stored shape; every load goes through [`Calendar::new`]'s checks.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarData {
    code: String,
    name: String,
    weekend: Vec<Weekday>,
    #[serde(default)]
    annual: Vec<AnnualHoliday>,
    #[serde(default)]
    dated: Vec<NaiveDate>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    names: BTreeMap<NaiveDate, String>,
}

impl TryFrom<CalendarData> for Calendar {
    type Error = CalendarError;
    fn try_from(d: CalendarData) -> Result<Self, Self::Error> {
        Calendar::new(&d.code, &d.name, &d.weekend)?
            .with_annual_holidays(d.annual)?
            .with_dated_holidays(d.dated)
            .map(|mut c| {
                c.names = d.names;
                c
            })
    }
}
impl From<Calendar> for CalendarData {
    fn from(c: Calendar) -> CalendarData {
        CalendarData {
            code: c.code,
            name: c.name,
            weekend: c.weekend,
            annual: c.annual.into_iter().collect(),
            dated: c.dated.into_iter().collect(),
            names: c.names,
        }
    }
}

/// Is `s` a calendar code (`IQ`, `EU`…)?
pub fn is_calendar_code(s: &str) -> bool {
    (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase())
}

impl Calendar {
    /// A calendar with no holidays yet.
    pub fn new(code: &str, name: &str, weekend: &[Weekday]) -> Result<Calendar, CalendarError> {
        if !is_calendar_code(code) {
            return Err(CalendarError::Code);
        }
        let mut days: Vec<Weekday> = Vec::new();
        for d in weekend {
            if !days.contains(d) {
                days.push(*d);
            }
        }
        if days.len() > 5 {
            return Err(CalendarError::WeekendTooLong);
        }
        days.sort_by_key(|d| d.num_days_from_monday());
        Ok(Calendar {
            code: code.to_string(),
            name: name.to_string(),
            weekend: days,
            annual: BTreeSet::new(),
            dated: BTreeSet::new(),
            names: BTreeMap::new(),
        })
    }

    pub fn with_annual_holidays(
        mut self,
        days: impl IntoIterator<Item = AnnualHoliday>,
    ) -> Result<Calendar, CalendarError> {
        self.annual.extend(days);
        if self.annual.len() > MAX_ANNUAL {
            return Err(CalendarError::TooManyHolidays);
        }
        Ok(self)
    }

    pub fn with_dated_holidays(
        mut self,
        days: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<Calendar, CalendarError> {
        self.dated.extend(days);
        if self.dated.len() > MAX_DATED {
            return Err(CalendarError::TooManyHolidays);
        }
        Ok(self)
    }

    /// The same calendar with one more dated holiday and its name (`calendar holiday add`).
    pub fn with_named_holiday(
        mut self,
        date: NaiveDate,
        name: &str,
    ) -> Result<Calendar, CalendarError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(CalendarError::HolidayName);
        }
        self.names.insert(date, name.to_string());
        self.with_dated_holidays([date])
    }

    /// The name given to a dated holiday.
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        self.names.get(&date).map(String::as_str)
    }

    /// From November on, a year without any dated holiday entered for next year: the moving (lunar)
    /// holidays of next year are still to be entered. `None` when nothing is missing.
    pub fn missing_next_year(&self, today: NaiveDate) -> Option<i32> {
        let next = today.year() + 1;
        let has = self.dated.iter().any(|d| d.year() == next);
        (today.month() >= 11 && !has).then_some(next)
    }

    /// The same calendar without this holiday (dated or yearly on that month and day).
    pub fn without_holiday(mut self, date: NaiveDate) -> Calendar {
        self.dated.remove(&date);
        self.annual.retain(|h| !h.falls_on(date));
        self
    }

    pub fn code(&self) -> &str {
        &self.code
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn weekend(&self) -> &[Weekday] {
        &self.weekend
    }
    pub fn annual_holidays(&self) -> impl Iterator<Item = AnnualHoliday> + '_ {
        self.annual.iter().copied()
    }
    pub fn dated_holidays(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.dated.iter().copied()
    }

    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        let annual = AnnualHoliday {
            month: date.month(),
            day: date.day(),
        };
        self.dated.contains(&date) || self.annual.contains(&annual)
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !self.weekend.contains(&date.weekday()) && !self.is_holiday(date)
    }

    /// The `n`-th working day after `start` (`start` itself never counts; `n = 0` gives `start`).
    /// Saturates at the last representable date instead of overflowing.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut date = start;
        let mut left = n;
        while left > 0 {
            match date.succ_opt() {
                Some(next) => date = next,
                None => return date,
            }
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// `start` plus `n` days counted as `count`. A calendar-day period ends on its last day even when
    /// that is a weekend day or holiday: the earlier reading is the safe one for the party that must act.
    pub fn add_days(&self, start: NaiveDate, n: u32, count: DayCount) -> NaiveDate {
        match count {
            DayCount::Calendar => start
                .checked_add_days(Days::new(u64::from(n)))
                .unwrap_or(NaiveDate::MAX),
            DayCount::Working => self.add_working_days(start, n),
        }
    }

    /// Working days from `from` to `to`: how many working days lie in `(from, to]`, negative when `to`
    /// is before `from` (then it counts `(to, from]`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let count = lo
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= hi)
            .filter(|d| self.is_working_day(*d))
            .count();
        sign * i64::try_from(count).unwrap_or(i64::MAX) // ok: a day count always fits in i64
    }
}

fn annual(days: &[(u32, u32)]) -> Vec<AnnualHoliday> {
    days.iter()
        .filter_map(|(m, d)| AnnualHoliday::new(*m, *d))
        .collect()
}

fn shipped(code: &str, name: &str, weekend: &[Weekday], holidays: &[(u32, u32)]) -> Calendar {
    // The codes and day counts below are constants that pass `new`'s checks; an impossible failure
    // falls back to a weekend-only calendar rather than panicking.
    Calendar::new(code, name, weekend)
        .and_then(|c| c.with_annual_holidays(annual(holidays)))
        .unwrap_or_else(|_| Calendar {
            code: code.to_string(),
            name: name.to_string(),
            weekend: weekend.to_vec(),
            annual: BTreeSet::new(),
            dated: BTreeSet::new(),
            names: BTreeMap::new(),
        })
}

/// The calendars a new station starts with. **Editable defaults**: only fixed-date holidays are listed,
/// and they must be checked against each country's official holiday law; lunar holidays (Eid al-Fitr,
/// Eid al-Adha, the Prophet's Birthday…) move every year and are entered by the admin as dated holidays.
/// MD, RU, AM and LK carry their weekend only, so that the shipped agreements have a calendar to count on.
pub fn default_calendars() -> Vec<Calendar> {
    use Weekday::*;
    vec![
        // Iraq (official holidays law): New Year, Army Day, Nowruz, Labour Day, 14 July, National Day,
        // Victory Day, Christmas.
        shipped(
            "IQ",
            "Iraq",
            &[Fri, Sat],
            &[
                (1, 1),
                (1, 6),
                (3, 21),
                (5, 1),
                (7, 14),
                (10, 3),
                (12, 10),
                (12, 25),
            ],
        ),
        // Azerbaijan: New Year (2 days), Women's Day, Novruz (5 days), Victory over Fascism,
        // Independence, National Salvation, Armed Forces, Flag Day, Solidarity of Azerbaijanis.
        shipped(
            "AZ",
            "Azerbaijan",
            &[Sat, Sun],
            &[
                (1, 1),
                (1, 2),
                (3, 8),
                (3, 20),
                (3, 21),
                (3, 22),
                (3, 23),
                (3, 24),
                (5, 9),
                (5, 28),
                (6, 15),
                (6, 26),
                (11, 9),
                (12, 31),
            ],
        ),
        // Côte d'Ivoire: New Year, Labour Day, Independence, Assumption, All Saints, Peace Day, Christmas.
        shipped(
            "CI",
            "Côte d'Ivoire",
            &[Sat, Sun],
            &[(1, 1), (5, 1), (8, 7), (8, 15), (11, 1), (11, 15), (12, 25)],
        ),
        // EU member states: the holidays most share; each state's own list differs.
        shipped(
            "EU",
            "EU member state (generic)",
            &[Sat, Sun],
            &[(1, 1), (5, 1), (12, 25)],
        ),
        shipped("MD", "Moldova (weekend only)", &[Sat, Sun], &[]),
        shipped("RU", "Russia (weekend only)", &[Sat, Sun], &[]),
        shipped("AM", "Armenia (weekend only)", &[Sat, Sun], &[]),
        shipped("LK", "Sri Lanka (weekend only)", &[Sat, Sun], &[]),
    ]
}

/// The shipped calendar with this code, if there is one.
pub fn default_calendar(code: &str) -> Option<Calendar> {
    default_calendars().into_iter().find(|c| c.code() == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        crate::domain::date::parse_date(s).unwrap()
    }

    fn iraq() -> Calendar {
        default_calendar("IQ").unwrap()
    }

    #[test]
    fn iraqi_weekend_is_friday_and_saturday_and_14_july_is_a_holiday() {
        let iq = iraq();
        assert!(!iq.is_working_day(d("2026-07-17"))); // Friday
        assert!(!iq.is_working_day(d("2026-07-18"))); // Saturday
        assert!(iq.is_working_day(d("2026-07-19"))); // Sunday
        assert!(!iq.is_working_day(d("2026-07-14"))); // Tuesday, Republic Day
        assert!(iq.is_working_day(d("2026-07-13")));
    }

    #[test]
    fn working_days_skip_the_weekend_and_the_holiday() {
        // Sunday 12 July 2026 + 5 Iraqi working days: Mon 13 (1), Tue 14 holiday, Wed 15 (2),
        // Thu 16 (3), Fri 17 and Sat 18 weekend, Sun 19 (4), Mon 20 (5).
        let iq = iraq();
        assert_eq!(iq.add_working_days(d("2026-07-12"), 5), d("2026-07-20"));
        assert_eq!(
            iq.add_days(d("2026-07-12"), 5, DayCount::Working),
            d("2026-07-20")
        );
        assert_eq!(
            iq.add_days(d("2026-07-12"), 5, DayCount::Calendar),
            d("2026-07-17")
        );
        assert_eq!(iq.add_working_days(d("2026-07-12"), 0), d("2026-07-12"));
        assert_eq!(iq.working_days_between(d("2026-07-12"), d("2026-07-20")), 5);
        assert_eq!(
            iq.working_days_between(d("2026-07-20"), d("2026-07-12")),
            -5
        );
    }

    #[test]
    fn the_same_span_counts_differently_in_an_eu_calendar() {
        let eu = default_calendar("EU").unwrap();
        // Sun 12 July + 5: Mon 13 … Fri 17.
        assert_eq!(eu.add_working_days(d("2026-07-12"), 5), d("2026-07-17"));
    }

    #[test]
    fn dated_holidays_can_be_added_and_removed() {
        // Eid al-Fitr moves every year: the admin enters its days as dated holidays.
        let iq = iraq()
            .with_dated_holidays([d("2026-03-19"), d("2026-03-22")])
            .unwrap();
        assert!(!iq.is_working_day(d("2026-03-22")));
        assert!(!iq.is_working_day(d("2026-03-19")));
        let iq = iq.without_holiday(d("2026-03-19"));
        assert!(iq.is_working_day(d("2026-03-19")));
        let iq = iq.without_holiday(d("2026-07-14"));
        assert!(iq.is_working_day(d("2026-07-14")));
    }

    #[test]
    fn calendars_round_trip_and_bad_ones_are_refused() {
        let iq = iraq().with_dated_holidays([d("2026-05-27")]).unwrap();
        let json = serde_json::to_string(&iq).unwrap();
        assert!(json.contains("\"Fri\"") && json.contains("\"07-14\""));
        let back: Calendar = serde_json::from_str(&json).unwrap();
        assert_eq!(back, iq);
        let all_week =
            r#"{"code":"XX","name":"x","weekend":["Mon","Tue","Wed","Thu","Fri","Sat"]}"#;
        assert!(serde_json::from_str::<Calendar>(all_week).is_err());
        let bad_day = r#"{"code":"XX","name":"x","weekend":[],"annual":["02-30"]}"#;
        assert!(serde_json::from_str::<Calendar>(bad_day).is_err());
        assert_eq!(
            Calendar::new("iq", "x", &[]).unwrap_err(),
            CalendarError::Code
        );
    }

    proptest! {
        #[test]
        fn adding_working_days_lands_on_a_working_day_and_counts_back(
            offset in 0u32..3000, n in 1u32..200, idx in 0usize..8
        ) {
            let cal = &default_calendars()[idx];
            let start = d("2020-01-01") + Days::new(u64::from(offset));
            let due = cal.add_working_days(start, n);
            prop_assert!(cal.is_working_day(due));
            prop_assert_eq!(cal.working_days_between(start, due), i64::from(n));
        }
    }
}
