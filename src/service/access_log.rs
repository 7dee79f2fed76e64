//! The access log: reading personal data leaves a trace. Opening a case or a returnee record, a search,
//! a statistics report writes one audit entry (who, what, when), once per record opened, never per row
//! drawn. Entries name ids and counts, never the words searched for (they are often a person's name).

use super::{ServiceError, Session};
use crate::audit::Head;
use crate::domain::case::Case;
use crate::vault::Txn;
use chrono::{DateTime, Utc};

impl Session {
    /// Appends an access entry. Reading changes nothing a screen holds a copy of, so the change count
    /// the screens watch does not move (else opening a case would make the screen reopen it).
    fn note_access(
        &mut self,
        now: DateTime<Utc>,
        action: &str,
        target: Option<&str>,
        detail: Option<&str>,
    ) -> Result<(), ServiceError> {
        let mut txn = Txn::default();
        let mut head: Head = self.head.clone();
        super::session::append(
            &self.vault,
            &mut txn,
            &mut head,
            now,
            self.user.name.as_str(),
            &super::session::Note {
                action,
                target,
                detail,
            },
        )?;
        self.vault.commit(txn)?;
        self.head = head;
        Ok(())
    }

    /// `ercms case show CASE`, or a case opened on screen: the case, and an `access.case` entry.
    pub fn read_case(&mut self, case: &str, now: DateTime<Utc>) -> Result<Case, ServiceError> {
        let c = self.case(case)?;
        let id = c.id.to_string();
        self.note_access(now, "access.case", Some(&id), Some(c.reference()))?;
        Ok(c)
    }

    /// A returnee record opened (`returnee show`, or on screen): an `access.returnee` entry.
    pub fn read_returnee(
        &mut self,
        id: &str,
        now: DateTime<Utc>,
    ) -> Result<super::NrmRecord, ServiceError> {
        let r = self.returnee(id)?;
        let rid = r.returnee.id.to_string();
        self.note_access(now, "access.returnee", Some(&rid), Some(&r.reference))?;
        Ok(r)
    }

    /// A search over cases: an `access.search` entry with how many cases it found (not the words).
    pub fn search_cases(
        &mut self,
        filter: &super::CaseFilter,
        now: DateTime<Utc>,
    ) -> Result<Vec<super::CaseRow>, ServiceError> {
        let rows = self.cases(filter, now)?;
        if filter.find.as_deref().is_some_and(|f| !f.trim().is_empty()) {
            let detail = format!("{} cases found", rows.len());
            self.note_access(now, "access.search", None, Some(&detail))?;
        }
        Ok(rows)
    }

    /// A statistics report read on screen or printed: an `access.report` entry with its period.
    pub fn note_report_read(
        &mut self,
        period: crate::domain::statistics::Period,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        let detail = format!("{} to {}", period.from, period.to);
        self.note_access(now, "access.report", None, Some(&detail))
    }
}
