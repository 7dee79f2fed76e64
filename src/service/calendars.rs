//! Country calendars a ministry keeps itself: dated holidays entered by hand or imported from a CSV or
//! iCalendar file (admin, audited), and the warning that next year's moving holidays are missing.

use super::session::Note;
use super::{ServiceError, Session};
use crate::domain::calendar::Calendar;
use crate::domain::holiday_file;
use crate::domain::policy::Permission;
use crate::vault::{Tree, Txn};
use chrono::{DateTime, NaiveDate, Utc};
use std::path::Path;

/// The largest holiday file read (a year of holidays is a few kilobytes).
const MAX_FILE: u64 = 1 << 20;

impl Session {
    /// `ercms calendar show COUNTRY`.
    pub fn calendar(&self, code: &str) -> Result<Calendar, ServiceError> {
        self.vault
            .get::<Calendar>(Tree::CALENDARS, code.trim().as_bytes())?
            .ok_or_else(|| {
                ServiceError::NotFound(format!(
                    "there is no calendar {}",
                    code.chars().take(12).collect::<String>()
                ))
            })
    }

    /// The calendars in use whose next year has no dated holiday, from November on (the dashboard's
    /// and `calendar list`'s warning).
    pub fn calendars_missing_next_year(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<(String, i32)>, ServiceError> {
        let today = self.deadline_settings()?.local_date(now);
        let used: Vec<String> = self.agreements()?.into_iter().map(|a| a.calendar).collect();
        Ok(self
            .calendars()?
            .into_iter()
            .filter(|c| used.iter().any(|u| u == c.code()))
            .filter_map(|c| Some((c.code().to_string(), c.missing_next_year(today)?)))
            .collect())
    }

    /// `ercms calendar holiday add COUNTRY DATE --name TEXT` (admin).
    pub fn add_holiday(
        &mut self,
        code: &str,
        date: NaiveDate,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Calendar, ServiceError> {
        self.put_holidays(
            code,
            &[(date, name.to_string())],
            "calendar.holiday_add",
            now,
        )
    }

    /// `ercms calendar import COUNTRY FILE` (admin): every holiday of the file, or none.
    pub fn import_holidays(
        &mut self,
        code: &str,
        file: &Path,
        now: DateTime<Utc>,
    ) -> Result<Calendar, ServiceError> {
        self.allow(Permission::ManageAgreements)?;
        let unreadable = || ServiceError::Invalid("the holiday file cannot be read".into());
        let meta = std::fs::metadata(file).map_err(|_| unreadable())?;
        if meta.len() > MAX_FILE {
            return Err(ServiceError::Invalid(
                "the holiday file is larger than 1 MiB".into(),
            ));
        }
        let bytes = std::fs::read(file).map_err(|_| unreadable())?;
        let text = String::from_utf8(bytes)
            .map_err(|_| ServiceError::Invalid("the holiday file is not UTF-8 text".into()))?;
        let holidays: Vec<(NaiveDate, String)> = holiday_file::parse(&text)
            .map_err(ServiceError::invalid)?
            .into_iter()
            .map(|h| (h.date, h.name))
            .collect();
        self.put_holidays(code, &holidays, "calendar.import", now)
    }

    fn put_holidays(
        &mut self,
        code: &str,
        holidays: &[(NaiveDate, String)],
        action: &str,
        now: DateTime<Utc>,
    ) -> Result<Calendar, ServiceError> {
        self.allow(Permission::ManageAgreements)?;
        let old = self.calendar(code)?;
        let mut new = old.clone();
        for (date, name) in holidays {
            new = new
                .with_named_holiday(*date, name)
                .map_err(ServiceError::invalid)?;
        }
        let detail = holidays
            .iter()
            .map(|(date, name)| {
                let before = old
                    .holiday_name(*date)
                    .map(str::to_string)
                    .unwrap_or_else(|| {
                        if old.is_holiday(*date) {
                            "holiday".into()
                        } else {
                            "none".into()
                        }
                    });
                format!("{date}: {before} -> {name}")
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut txn = Txn::default();
        self.vault
            .put(&mut txn, Tree::CALENDARS, new.code().as_bytes(), &new)?;
        let target = new.code().to_string();
        self.commit(
            txn,
            now,
            &[Note {
                action,
                target: Some(&target),
                detail: Some(&detail),
            }],
        )?;
        Ok(new)
    }
}
