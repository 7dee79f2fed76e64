//! Reading and verifying the audit trail (auditors and admins).

use super::{ServiceError, Session};
use crate::audit::{self, AuditEntry, AuditFault, ChainFault, Head};
use crate::domain::policy::Permission;
use crate::vault::{Tree, VaultError};
use chrono::NaiveDate;
use std::collections::HashSet;

/// What the auditor looks for in the trail; every given part must match.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// A case by its reference or internal id.
    pub case: Option<String>,
    /// A person's name (any script or spelling the case index knows): the entries about their cases.
    pub person: Option<String>,
    /// The user who acted.
    pub user: Option<String>,
    /// The kind of entry: an action word or its first part (`case`, `user.add`, `proposal`).
    pub kind: Option<String>,
    /// From and to this day (UTC), both included.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Session {
    /// `ercms audit verify`: walks the whole chain, re-derives the state it describes and compares it with
    /// every stored value, then holds the chain to the station's last checkpoint; the first fault names its
    /// entry or record. On success, the head (entry count and last hash) for the auditor to note.
    pub fn audit_verify(&self) -> Result<Result<Head, AuditFault>, ServiceError> {
        self.audit_verify_against(None, None)
    }

    /// `ercms audit verify --checkpoint FILE [--key FILE]`: the same, also held to a checkpoint file's text,
    /// signed with `key` (a minisign public key file's text; default: the station's own).
    pub fn audit_verify_against(
        &self,
        checkpoint: Option<&str>,
        key: Option<&str>,
    ) -> Result<Result<Head, AuditFault>, ServiceError> {
        self.allow(Permission::ViewAudit)?;
        let against: Vec<(&str, Option<&str>)> = checkpoint.map(|c| (c, key)).into_iter().collect();
        self.verify_station(&against)
    }

    /// The chain walk itself, for checks the station makes on its own behalf (after a restore).
    pub(crate) fn walk_audit(&self) -> Result<Result<Head, ChainFault>, ServiceError> {
        let head: Head = self
            .vault
            .get(Tree::STATION, b"audit_head")?
            .ok_or(VaultError::Tampered("station"))?;
        let entries = self.vault.scan_raw(Tree::AUDIT).map(|item| {
            // A key that is not a sequence number, or a store error, counts as an unreadable entry.
            let (k, sealed) = item.map_err(|_| u64::MAX)?;
            let key = <[u8; 8]>::try_from(k.as_slice())
                .map(u64::from_be_bytes)
                .map_err(|_| u64::MAX)?;
            self.vault
                .decode::<AuditEntry>(Tree::AUDIT, &k, &sealed)
                .map(|e| (key, e))
                .map_err(|_| key)
        });
        Ok(audit::verify(entries, &head).map(|_| head.clone()))
    }

    /// `ercms audit list --case REF --person NAME --user U --kind K --from DAY --to DAY`: the entries
    /// that match every given part, in order. A case is found by its reference as well as its id; a
    /// person through the cases that carry their name.
    pub fn audit_search(&mut self, q: &AuditQuery) -> Result<Vec<AuditEntry>, ServiceError> {
        self.allow(Permission::ViewAudit)?;
        let mut targets: Option<HashSet<String>> = None;
        if let Some(case) = q.case.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            let id = self.index()?.find(case).ok_or_else(|| {
                ServiceError::NotFound(format!(
                    "there is no case {}",
                    case.chars().take(64).collect::<String>()
                ))
            })?;
            targets = Some(HashSet::from([id.to_string()]));
        }
        if let Some(name) = q.person.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            let ids: HashSet<String> = self
                .index()?
                .rows
                .iter()
                .filter(|s| crate::domain::names::matches_query(&s.search_keys, name))
                .map(|s| s.id.to_string())
                .collect();
            targets = Some(match targets {
                Some(t) => t.intersection(&ids).cloned().collect(),
                None => ids,
            });
        }
        let user = q.user.as_deref().map(str::trim).filter(|u| !u.is_empty());
        let kind = q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty());
        let mut out = vec![];
        for item in self.vault.scan::<AuditEntry>(Tree::AUDIT) {
            let (_, e) = item?;
            let day = e.at.date_naive();
            let keep = targets
                .as_ref()
                .is_none_or(|t| e.target.as_ref().is_some_and(|x| t.contains(x)))
                && user.is_none_or(|u| e.actor == u)
                && kind.is_none_or(|k| {
                    e.action == k
                        || e.action.starts_with(&format!("{k}."))
                        || e.action.ends_with(&format!(".{k}"))
                })
                && q.from.is_none_or(|f| day >= f)
                && q.to.is_none_or(|t| day <= t);
            if keep {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// The entries about one case, for its Audit tab: everyone who may open the case may read them.
    pub fn case_audit(&self, case: &uuid::Uuid) -> Result<Vec<AuditEntry>, ServiceError> {
        self.allow(Permission::ViewCaseAudit)?;
        let id = case.to_string();
        let mut out = vec![];
        for item in self.vault.scan::<AuditEntry>(Tree::AUDIT) {
            let (_, e) = item?;
            if e.target.as_deref() == Some(id.as_str()) {
                out.push(e);
            }
        }
        Ok(out)
    }

    /// `ercms audit list [--case CASE]`: entries in order, optionally those about one target.
    pub fn audit_list(&self, target: Option<&str>) -> Result<Vec<AuditEntry>, ServiceError> {
        self.allow(Permission::ViewAudit)?;
        let mut out = vec![];
        for item in self.vault.scan::<AuditEntry>(Tree::AUDIT) {
            let (_, e) = item?;
            if target.is_none() || e.target.as_deref() == target {
                out.push(e);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lifecycle::CaseAction;
    use crate::domain::role::Role;
    use crate::service::report::tests::{at, fixture_station, surname_of};
    use age::secrecy::SecretString;

    #[test]
    fn the_trail_is_found_by_case_reference_person_user_kind_and_day() {
        let dir = tempfile::tempdir().unwrap();
        let (station, mut admin) = fixture_station(dir.path());
        for (name, role) in [("officer", Role::Officer), ("aud", Role::Auditor)] {
            let p = SecretString::from(format!("{name} passphrase 1"));
            admin.add_user(name, role, &p, at(2026, 4, 1)).unwrap();
        }
        let login = |name: &str| {
            let p = SecretString::from(format!("{name} passphrase 1"));
            station.login(name, &p, at(2026, 4, 2)).unwrap()
        };
        let mut officer = login("officer");
        officer
            .act("DE-6", CaseAction::Register, at(2026, 4, 2))
            .unwrap();
        let id = officer.resolve_case("DE-6").unwrap().to_string();
        // The officer reads the case's own trail on its Audit tab, not the whole trail.
        assert!(!officer.case_audit(&id.parse().unwrap()).unwrap().is_empty());
        assert!(officer.audit_search(&AuditQuery::default()).is_err());
        drop(officer);

        let mut aud = login("aud");
        let find = |aud: &mut Session, q: AuditQuery| aud.audit_search(&q).unwrap();
        let by_ref = find(
            &mut aud,
            AuditQuery {
                case: Some("DE-6".into()),
                ..Default::default()
            },
        );
        assert!(!by_ref.is_empty());
        assert!(by_ref
            .iter()
            .all(|e| e.target.as_deref() == Some(id.as_str())));
        let by_person = find(
            &mut aud,
            AuditQuery {
                person: Some(surname_of("DE-6")),
                ..Default::default()
            },
        );
        assert_eq!(by_person, by_ref, "only DE-6 carries the name");
        let by_user_kind = find(
            &mut aud,
            AuditQuery {
                user: Some("officer".into()),
                kind: Some("case".into()),
                ..Default::default()
            },
        );
        assert_eq!(by_user_kind, by_ref);
        let before = find(
            &mut aud,
            AuditQuery {
                case: Some("DE-6".into()),
                to: chrono::NaiveDate::from_ymd_opt(2026, 4, 1),
                ..Default::default()
            },
        );
        assert!(before.is_empty());
        assert!(aud
            .audit_search(&AuditQuery {
                case: Some("XX-NOPE".into()),
                ..Default::default()
            })
            .is_err());
    }

    #[test]
    fn reading_leaves_one_entry_per_record_opened_and_searches_keep_no_words() {
        let dir = tempfile::tempdir().unwrap();
        let (station, mut admin) = fixture_station(dir.path());
        let p = SecretString::from("officer passphrase 1");
        admin
            .add_user("officer", Role::Officer, &p, at(2026, 4, 1))
            .unwrap();
        let mut officer = station.login("officer", &p, at(2026, 4, 2)).unwrap();
        let before = officer.changes();
        let case = officer.read_case("DE-2", at(2026, 4, 2)).unwrap();
        assert_eq!(
            officer.changes(),
            before,
            "reading is not a change screens reload for"
        );
        let filter = crate::service::CaseFilter {
            find: Some("ZZMARKsurname".into()),
            ..Default::default()
        };
        let found = officer.search_cases(&filter, at(2026, 4, 2)).unwrap();
        drop(officer);
        let trail = admin.audit_list(None).unwrap();
        let opened: Vec<_> = trail.iter().filter(|e| e.action == "access.case").collect();
        assert_eq!(opened.len(), 1);
        assert_eq!(opened[0].actor, "officer");
        assert_eq!(
            opened[0].target.as_deref(),
            Some(case.id.to_string().as_str())
        );
        let search: Vec<_> = trail
            .iter()
            .filter(|e| e.action == "access.search")
            .collect();
        assert_eq!(search.len(), 1);
        assert_eq!(
            search[0].detail.as_deref(),
            Some(format!("{} cases found", found.len()).as_str())
        );
        assert!(trail
            .iter()
            .all(|e| !e.detail.as_deref().unwrap_or("").contains("ZZMARK")));
    }
}
