//! Possible duplicates of a case, and an officer's verdict on each: "not the same person" takes the
//! flag away; "same person" links the two cases, so each case's history is one step from the other's.
//! Both change the two cases and the audit trail in one transaction.

use super::case_index::put_case;
use super::session::Note;
use super::{ServiceError, Session};
use crate::domain::case::{Case, CaseStatus};
use crate::domain::date::PartialDate;
use crate::domain::duplicate::{compare, MatchProfile, MatchReason, MAX_CANDIDATES};
use crate::domain::policy::Permission;
use crate::vault::Txn;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What an officer found a flagged case to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateVerdict {
    SamePerson,
    NotSamePerson,
}

impl DuplicateVerdict {
    /// The audit trail's name of the action.
    pub fn action(self) -> &'static str {
        match self {
            DuplicateVerdict::SamePerson => "case.same_person",
            DuplicateVerdict::NotSamePerson => "case.not_same_person",
        }
    }
}

/// Another case of a case's duplicate list: an open flag, or a case linked as the same person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateRow {
    pub id: Uuid,
    pub reference: String,
    pub status: CaseStatus,
    pub surname: String,
    pub given_names: String,
    pub date_of_birth: PartialDate,
    pub received_at: DateTime<Utc>,
    /// `None` for an open flag; the verdict once an officer gave one ("same person" rows stay).
    pub verdict: Option<DuplicateVerdict>,
    /// 0–100, as the duplicate check scores the pair today.
    pub score: u32,
    /// Why it matched, as data (each reason is put in words by the screen or the CLI).
    pub reasons: Vec<MatchReason>,
}

impl Session {
    /// `ercms case duplicates CASE`: the open flags, best first (at most ten), then the cases linked
    /// as the same person, earliest first.
    pub fn duplicates(&mut self, case: &str) -> Result<Vec<DuplicateRow>, ServiceError> {
        let id = self.resolve_case(case)?;
        let case = self.load_case(&id)?;
        let mine = profile(&case);
        let mut open = Vec::new();
        for other in &case.possible_duplicates {
            open.push(self.row(&mine, other, None)?);
        }
        open.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
        open.truncate(MAX_CANDIDATES);
        let mut linked = Vec::new();
        for other in &case.same_person {
            linked.push(self.row(&mine, other, Some(DuplicateVerdict::SamePerson))?);
        }
        linked.sort_by_key(|r| r.received_at);
        open.extend(linked);
        Ok(open)
    }

    fn row(
        &self,
        mine: &MatchProfile,
        other: &Uuid,
        verdict: Option<DuplicateVerdict>,
    ) -> Result<DuplicateRow, ServiceError> {
        let other = self.load_case(other)?;
        let (score, reasons) = compare(mine, &profile(&other));
        let p = &other.application.person;
        Ok(DuplicateRow {
            id: other.id,
            reference: other.reference().to_string(),
            status: other.status,
            surname: p.surname.clone(),
            given_names: p.given_names.clone(),
            date_of_birth: p.date_of_birth,
            received_at: other.received_at,
            verdict,
            score,
            reasons,
        })
    }

    /// `ercms case duplicate-resolve CASE OTHER same-person|not-same-person`: an officer's verdict on
    /// a flag. The flag goes from both cases; "same person" links them both ways. Audited.
    pub fn resolve_duplicate(
        &mut self,
        case: &str,
        other: &str,
        verdict: DuplicateVerdict,
        now: DateTime<Utc>,
    ) -> Result<(), ServiceError> {
        self.allow(Permission::WorkCase)?;
        let a = self.resolve_case(case)?;
        let b = self.resolve_case(other)?;
        let mut first = self.load_case(&a)?;
        let mut second = self.load_case(&b)?;
        if !first.possible_duplicates.contains(&b) && !second.possible_duplicates.contains(&a) {
            return Err(ServiceError::Rejected(format!(
                "{} is not flagged as a possible duplicate of {}",
                second.reference(),
                first.reference()
            )));
        }
        for (case, other) in [(&mut first, b), (&mut second, a)] {
            case.possible_duplicates.retain(|id| *id != other);
            let list = match verdict {
                DuplicateVerdict::SamePerson => &mut case.same_person,
                DuplicateVerdict::NotSamePerson => &mut case.not_same_person,
            };
            if !list.contains(&other) {
                list.push(other);
            }
        }
        let mut txn = Txn::default();
        let summaries = [
            put_case(&self.vault, &mut txn, &first)?,
            put_case(&self.vault, &mut txn, &second)?,
        ];
        let detail = format!("{} / {}", first.reference(), second.reference());
        let target = a.to_string();
        self.commit(
            txn,
            now,
            &[Note {
                action: verdict.action(),
                target: Some(&target),
                detail: Some(&detail),
            }],
        )?;
        let index = self.index()?;
        for s in summaries {
            index.upsert(s);
        }
        Ok(())
    }
}

fn profile(case: &Case) -> MatchProfile {
    MatchProfile::of(&case.application.person, &case.application.evidence)
}
