//! The case index: one small sealed summary per case (queue row, search keys, clock, match keys), and
//! the in-memory maps built from it after unlock. Queues and filters never open whole cases, and the
//! duplicate check at import looks only at cases sharing a name key or a document number.

use crate::domain::case::{Case, CaseStatus};
use crate::domain::date::PartialDate;
use crate::domain::deadline::ClockEvents;
use crate::domain::duplicate::match_keys;
use crate::domain::names::{person_tokens, tokens};
use crate::vault::{Bulk, Tree, Txn, Vault};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub id: Uuid,
    pub reference: String,
    pub requesting_state: String,
    pub agreement: String,
    pub status: CaseStatus,
    pub surname: String,
    pub given_names: String,
    /// The name in the person's own script, as written.
    pub native_name: Option<String>,
    pub date_of_birth: PartialDate,
    pub received_at: DateTime<Utc>,
    pub assignee: Option<String>,
    /// Who made the proposal waiting for approval (a supervisor cannot approve their own).
    pub proposed_by: Option<String>,
    pub possible_duplicates: usize,
    pub clock: ClockEvents,
    /// Word keys of every name in every script, the reference and document numbers (lowercase).
    pub search_keys: Vec<String>,
    /// Name keys and document numbers: cases sharing one are compared for duplicates.
    pub match_keys: Vec<String>,
}

impl CaseSummary {
    pub fn of(case: &Case) -> CaseSummary {
        let p = &case.application.person;
        let native_name = p.native_script.as_ref().and_then(|n| {
            let parts: Vec<&str> = [n.given_names.as_deref(), n.surname.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        });
        // Every key in the domain's name-key form, so one query folding finds names, references and
        // document numbers alike.
        let mut search_keys = person_tokens(p);
        let others = [case.reference(), case.application.requesting_state.as_str()]
            .into_iter()
            .chain(
                case.application
                    .evidence
                    .iter()
                    .filter_map(|e| e.number.as_deref()),
            );
        for k in others.flat_map(tokens) {
            if !search_keys.contains(&k) {
                search_keys.push(k);
            }
        }
        CaseSummary {
            id: case.id,
            reference: case.reference().to_string(),
            requesting_state: case.application.requesting_state.clone(),
            agreement: case.application.agreement.clone(),
            status: case.status,
            surname: p.surname.clone(),
            given_names: p.given_names.clone(),
            native_name,
            date_of_birth: p.date_of_birth,
            received_at: case.received_at,
            assignee: case.assignee.as_ref().map(|u| u.to_string()),
            proposed_by: case.proposal.as_ref().map(|pr| pr.by.to_string()),
            possible_duplicates: case.possible_duplicates.len(),
            clock: case.clock(),
            search_keys,
            match_keys: match_keys(p, &case.application.evidence),
        }
    }
}

/// The summaries of all cases, in memory while the session is unlocked.
#[derive(Default)]
pub struct CaseIndex {
    pub rows: Vec<CaseSummary>,
    by_id: HashMap<Uuid, usize>,
    by_reference: HashMap<String, Uuid>,
    /// Built at the first duplicate check (an import), not at sign-in: queues never need it.
    by_match_key: Option<HashMap<String, Vec<Uuid>>>,
}

/// How many summaries are opened together when the index loads.
const LOAD_BATCH: usize = 8_192;

impl CaseIndex {
    /// Opens every summary. Opening and decoding is most of what signing in costs on a station with
    /// many cases: a second thread reads the store and opens part of each batch while this one opens
    /// the rest and builds the maps.
    pub(crate) fn load(vault: &Vault) -> Result<CaseIndex, crate::vault::VaultError> {
        type Raw = (Vec<u8>, Vec<u8>);
        type Batch = Result<(Vec<Raw>, Vec<CaseSummary>), crate::vault::VaultError>;
        let decode = |part: &[Raw]| {
            part.iter()
                .map(|(k, v)| vault.decode::<CaseSummary>(Tree::CASE_INDEX, k, v))
                .collect::<Result<Vec<_>, _>>()
        };
        std::thread::scope(|scope| {
            let (batches, incoming) = std::sync::mpsc::sync_channel::<Batch>(2);
            scope.spawn(move || {
                let mut raw = vault.scan_raw(Tree::CASE_INDEX);
                loop {
                    let mut batch: Vec<Raw> = match raw.by_ref().take(LOAD_BATCH).collect() {
                        Ok(b) => b,
                        Err(e) => {
                            let _ = batches.send(Err(e));
                            return;
                        }
                    };
                    if batch.is_empty() {
                        return;
                    }
                    // Reading costs about as much as opening a fifth of the batch: this thread opens
                    // two fifths, the other three.
                    let mine = batch.split_off(batch.len() * 3 / 5);
                    if batches.send(decode(&mine).map(|d| (batch, d))).is_err() {
                        return;
                    }
                }
            });
            let mut index = CaseIndex::default();
            for batch in incoming {
                let (raw, opened) = batch?;
                for s in decode(&raw)?.into_iter().chain(opened) {
                    index.upsert(s);
                }
            }
            Ok(index)
        })
    }

    /// Adds or replaces a summary in memory (after its transaction committed, or while staging one).
    pub(crate) fn upsert(&mut self, s: CaseSummary) {
        if let Some(by_key) = self.by_match_key.as_mut() {
            add_match_keys(by_key, &s);
        }
        // References are compared as `reference_key` spells them: `de-1` finds `DE-1`.
        self.by_reference
            .insert(crate::domain::untrusted::reference_key(&s.reference), s.id);
        match self.by_id.get(&s.id) {
            Some(&i) => self.rows[i] = s,
            None => {
                self.by_id.insert(s.id, self.rows.len());
                self.rows.push(s);
            }
        }
    }

    pub fn get(&self, id: &Uuid) -> Option<&CaseSummary> {
        self.by_id.get(id).map(|&i| &self.rows[i])
    }

    /// A case by its internal id or the requesting state's reference.
    pub fn find(&self, case: &str) -> Option<Uuid> {
        let case = case.trim();
        if let Some(id) = self
            .by_reference
            .get(&crate::domain::untrusted::reference_key(case))
        {
            return Some(*id);
        }
        Uuid::parse_str(case)
            .ok()
            .filter(|id| self.by_id.contains_key(id))
    }

    /// Cases sharing a name key or document number with these keys.
    pub fn sharing(&mut self, keys: &[String]) -> Vec<Uuid> {
        let rows = &self.rows;
        let by_key = self.by_match_key.get_or_insert_with(|| {
            let mut by_key = HashMap::new();
            for s in rows {
                add_match_keys(&mut by_key, s);
            }
            by_key
        });
        let mut out: Vec<Uuid> = keys
            .iter()
            .filter_map(|k| by_key.get(k))
            .flatten()
            .copied()
            .collect();
        out.sort();
        out.dedup();
        out
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

fn add_match_keys(by_key: &mut HashMap<String, Vec<Uuid>>, s: &CaseSummary) {
    for k in &s.match_keys {
        let ids = by_key.entry(k.clone()).or_default();
        if !ids.contains(&s.id) {
            ids.push(s.id);
        }
    }
}

/// Puts a case and its summary into `txn`.
pub(crate) fn put_case(
    vault: &Vault,
    txn: &mut Txn,
    case: &Case,
) -> Result<CaseSummary, crate::vault::VaultError> {
    let summary = CaseSummary::of(case);
    vault.put(txn, Tree::CASES, case.id.as_bytes(), case)?;
    vault.put(txn, Tree::CASE_INDEX, case.id.as_bytes(), &summary)?;
    Ok(summary)
}

/// Puts a new case and its summary into a bulk write (an import of many cases).
pub(crate) fn put_new_case(
    vault: &Vault,
    bulk: &mut Bulk,
    case: &Case,
) -> Result<(), crate::vault::VaultError> {
    bulk.put(vault, Tree::CASES, case.id.as_bytes(), case)?;
    bulk.put(
        vault,
        Tree::CASE_INDEX,
        case.id.as_bytes(),
        &CaseSummary::of(case),
    )
}
