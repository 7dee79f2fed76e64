//! `ercms calendar list|show|holiday add|import`.

use super::args::{CalendarCommand, Common, HolidayCommand};
use super::{login, output, Failure, Outcome};
use crate::domain::calendar::Calendar;
use crate::domain::date::parse_date;
use chrono::Utc;

fn weekend(c: &Calendar) -> String {
    c.weekend()
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn json(c: &Calendar) -> serde_json::Value {
    serde_json::json!({
        "code": c.code(),
        "name": c.name(),
        "weekend": weekend(c),
        "annual": c.annual_holidays().map(|h| h.to_string()).collect::<Vec<_>>(),
        "dated": c.dated_holidays().map(|d| serde_json::json!({
            "date": d, "name": c.holiday_name(d),
        })).collect::<Vec<_>>(),
    })
}

fn show(c: &Calendar) {
    println!("{}  {}", c.code(), c.name());
    println!("weekend  {}", weekend(c));
    let annual: Vec<String> = c.annual_holidays().map(|h| h.to_string()).collect();
    println!("yearly   {}", annual.join(" "));
    let rows: Vec<Vec<String>> = c
        .dated_holidays()
        .map(|d| vec![d.to_string(), c.holiday_name(d).unwrap_or("—").to_string()])
        .collect();
    output::table(&["DATE", "HOLIDAY"], &rows);
}

pub fn run(c: &Common, cmd: CalendarCommand) -> Outcome {
    let mut s = login(c)?;
    let now = Utc::now();
    match cmd {
        CalendarCommand::List => {
            let list = s.calendars()?;
            let missing = s.calendars_missing_next_year(now)?;
            for (code, year) in &missing {
                eprintln!(
                    "Warning: calendar {code} has no dated holidays for {year}; enter next year's moving holidays (calendar holiday add or calendar import)."
                );
            }
            if c.json {
                return output::json(&list.iter().map(json).collect::<Vec<_>>());
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|k| {
                    vec![
                        k.code().to_string(),
                        weekend(k),
                        k.annual_holidays().count().to_string(),
                        k.dated_holidays().count().to_string(),
                        k.name().to_string(),
                    ]
                })
                .collect();
            output::table(&["CODE", "WEEKEND", "YEARLY", "DATED", "NAME"], &rows);
        }
        CalendarCommand::Show { country } => {
            let k = s.calendar(&country)?;
            if c.json {
                return output::json(&json(&k));
            }
            show(&k);
        }
        CalendarCommand::Holiday(HolidayCommand::Add {
            country,
            date,
            name,
        }) => {
            let date = parse_date(&date).map_err(|e| Failure::usage(e.to_string()))?;
            let k = s.add_holiday(&country, date, &name, now)?;
            eprintln!("Holiday {date} added to calendar {}.", k.code());
            if c.json {
                return output::json(&json(&k));
            }
        }
        CalendarCommand::Import { country, file } => {
            let before = s.calendar(&country)?.dated_holidays().count();
            let k = s.import_holidays(&country, &file, now)?;
            eprintln!(
                "{} dated holiday(s) imported into calendar {}.",
                k.dated_holidays().count().saturating_sub(before),
                k.code()
            );
            if c.json {
                return output::json(&json(&k));
            }
        }
    }
    Ok(())
}
