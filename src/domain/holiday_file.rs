//! Dated holidays read from a file an admin brings: CSV (`date,name` per line) or iCalendar (`.ics`,
//! each all-day event a holiday, parsed by the `ical` crate). Pure: the caller reads the bytes.

use chrono::NaiveDate;

/// One holiday from a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedHoliday {
    pub date: NaiveDate,
    pub name: String,
}

/// Why a holiday file was refused (nothing of it is imported).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HolidayFileError {
    #[error("line {0} is not YYYY-MM-DD,name")]
    CsvLine(usize),
    #[error("the iCalendar file cannot be read: {0}")]
    Ical(String),
    #[error("an event of the iCalendar file has no date (DTSTART)")]
    NoDate,
    #[error("the file holds no holiday")]
    Empty,
    #[error("the file holds more than {MAX_HOLIDAYS} holidays")]
    TooMany,
}

const MAX_HOLIDAYS: usize = 500;

/// Reads `text` as iCalendar when it starts with `BEGIN:VCALENDAR`, else as CSV.
pub fn parse(text: &str) -> Result<Vec<DatedHoliday>, HolidayFileError> {
    let holidays = if text.trim_start().starts_with("BEGIN:VCALENDAR") {
        parse_ical(text)?
    } else {
        parse_csv(text)?
    };
    match holidays.len() {
        0 => Err(HolidayFileError::Empty),
        n if n > MAX_HOLIDAYS => Err(HolidayFileError::TooMany),
        _ => Ok(holidays),
    }
}

/// `2027-03-10,Eid al-Fitr` per line; blank lines, `#` comments and a `date,name` header are skipped.
fn parse_csv(text: &str) -> Result<Vec<DatedHoliday>, HolidayFileError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || (i == 0 && line.starts_with("date")) {
            continue;
        }
        let (date, name) = line.split_once(',').unwrap_or((line, ""));
        let date =
            super::date::parse_date(date.trim()).map_err(|_| HolidayFileError::CsvLine(i + 1))?;
        let name = name.trim().trim_matches('"').trim();
        if name.is_empty() {
            return Err(HolidayFileError::CsvLine(i + 1));
        }
        out.push(DatedHoliday {
            date,
            name: name.to_string(),
        });
    }
    Ok(out)
}

fn parse_ical(text: &str) -> Result<Vec<DatedHoliday>, HolidayFileError> {
    let mut out = Vec::new();
    for calendar in ical::IcalParser::new(text.as_bytes()) {
        let calendar = calendar.map_err(|e| HolidayFileError::Ical(e.to_string()))?;
        for event in calendar.events {
            let value = |name: &str| {
                event
                    .properties
                    .iter()
                    .find(|p| p.name.eq_ignore_ascii_case(name))
                    .and_then(|p| p.value.clone())
            };
            let start = value("DTSTART").ok_or(HolidayFileError::NoDate)?;
            // All-day events are YYYYMMDD; a date-time's first eight digits are its date.
            let date = start
                .get(..8)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok())
                .ok_or(HolidayFileError::NoDate)?;
            let name = value("SUMMARY").unwrap_or_else(|| "Holiday".to_string());
            out.push(DatedHoliday {
                date,
                name: name.replace("\\,", ",").trim().to_string(),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_lines_become_holidays_and_a_bad_line_is_named() {
        let h = parse(
            "date,name\n# 2027, to confirm\n2027-03-10,Eid al-Fitr\n2027-05-16, Eid al-Adha\n",
        )
        .unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(h[1].name, "Eid al-Adha");
        assert_eq!(
            parse("2027-03-10,Eid\n2027-13-01,Bad\n").unwrap_err(),
            HolidayFileError::CsvLine(2)
        );
        assert_eq!(parse("\n# nothing\n").unwrap_err(), HolidayFileError::Empty);
    }

    #[test]
    fn ical_all_day_events_become_holidays() {
        let ics =
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n\
DTSTART;VALUE=DATE:20270310\r\nSUMMARY:Eid al-Fitr\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:2\r\n\
DTSTART;VALUE=DATE:20270616\r\nSUMMARY:Islamic New Year\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let h = parse(ics).unwrap();
        assert_eq!(
            h,
            [
                DatedHoliday {
                    date: NaiveDate::from_ymd_opt(2027, 3, 10).unwrap(),
                    name: "Eid al-Fitr".into()
                },
                DatedHoliday {
                    date: NaiveDate::from_ymd_opt(2027, 6, 16).unwrap(),
                    name: "Islamic New Year".into()
                }
            ]
        );
        let no_date =
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        assert_eq!(parse(no_date).unwrap_err(), HolidayFileError::NoDate);
    }
}
