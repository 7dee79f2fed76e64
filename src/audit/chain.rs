use super::entry::AuditEntry;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Where the chain stands: the next sequence number and the hash of the last entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub next: u64,
    pub last_hash: String,
}

impl Default for Head {
    fn default() -> Self {
        Head {
            next: 0,
            last_hash: GENESIS.to_string(),
        }
    }
}

impl Head {
    /// The entry that comes next, and the head after it.
    pub fn append(
        &self,
        at: DateTime<Utc>,
        actor: &str,
        action: &str,
        target: Option<&str>,
        detail: Option<&str>,
        state: Option<String>,
    ) -> (AuditEntry, Head) {
        let entry = AuditEntry {
            seq: self.next,
            at,
            actor: actor.to_string(),
            action: action.to_string(),
            target: target.map(str::to_string),
            detail: detail.map(str::to_string),
            prev: self.last_hash.clone(),
            state,
        };
        let head = Head {
            next: self.next + 1,
            last_hash: entry.hash(),
        };
        (entry, head)
    }
}

/// The first thing wrong with a chain, naming the entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "fault", rename_all = "snake_case")]
pub enum ChainFault {
    #[error("audit entry {seq} cannot be opened: it was altered, damaged or moved")]
    Unreadable { seq: u64 },
    #[error("audit entry {seq} is missing (the chain jumps to {found})")]
    Missing { seq: u64, found: u64 },
    #[error("audit entry {seq} is stored under number {key}: entries were reordered")]
    Reordered { seq: u64, key: u64 },
    #[error("audit entry {seq} was changed: entry {next} does not follow from it")]
    Changed { seq: u64, next: u64 },
    #[error("audit entries from {seq} on are missing (the chain should hold {expected})")]
    Truncated { seq: u64, expected: u64 },
    #[error("the audit chain continues past its recorded end at entry {seq}")]
    Extended { seq: u64 },
}

impl ChainFault {
    pub fn seq(&self) -> u64 {
        match self {
            ChainFault::Unreadable { seq }
            | ChainFault::Missing { seq, .. }
            | ChainFault::Reordered { seq, .. }
            | ChainFault::Changed { seq, .. }
            | ChainFault::Truncated { seq, .. }
            | ChainFault::Extended { seq } => *seq,
        }
    }
}

/// Walks the chain in storage order. Each item is `(key, entry)` or `Err(key)` where the entry would
/// not open. Returns the number of entries when the chain is whole and ends at `head`.
pub fn verify(
    entries: impl Iterator<Item = Result<(u64, AuditEntry), u64>>,
    head: &Head,
) -> Result<u64, ChainFault> {
    let mut expected = 0u64;
    let mut prev_hash = GENESIS.to_string();
    for item in entries {
        let (key, entry) = item.map_err(|key| ChainFault::Unreadable { seq: key })?;
        if key != expected {
            return Err(if key > expected {
                ChainFault::Missing {
                    seq: expected,
                    found: key,
                }
            } else {
                ChainFault::Reordered { seq: key, key }
            });
        }
        if entry.seq != key {
            return Err(ChainFault::Reordered {
                seq: entry.seq,
                key,
            });
        }
        if entry.prev != prev_hash {
            // The previous entry's content no longer matches what this one recorded.
            return Err(ChainFault::Changed {
                seq: key.saturating_sub(1),
                next: key,
            });
        }
        if key >= head.next {
            return Err(ChainFault::Extended { seq: key });
        }
        prev_hash = entry.hash();
        expected += 1;
    }
    if expected < head.next {
        return Err(ChainFault::Truncated {
            seq: expected,
            expected: head.next,
        });
    }
    if prev_hash != head.last_hash {
        return Err(ChainFault::Changed {
            seq: expected.saturating_sub(1),
            next: expected,
        });
    }
    Ok(expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chain(n: u64) -> (Vec<AuditEntry>, Head) {
        let mut head = Head::default();
        let mut out = vec![];
        for i in 0..n {
            let at = DateTime::from_timestamp(1_700_000_000 + i as i64, 0).unwrap();
            let (e, h) = head.append(at, "amal", "case.check", Some("c1"), None, None);
            out.push(e);
            head = h;
        }
        (out, head)
    }

    fn walk(entries: &[AuditEntry], head: &Head) -> Result<u64, ChainFault> {
        verify(entries.iter().map(|e| Ok((e.seq, e.clone()))), head)
    }

    #[test]
    fn a_clean_chain_verifies() {
        let (c, h) = chain(10);
        assert_eq!(walk(&c, &h), Ok(10));
        assert_eq!(walk(&[], &Head::default()), Ok(0));
    }

    #[test]
    fn a_removed_entry_is_named() {
        let (mut c, h) = chain(10);
        c.remove(4);
        assert_eq!(walk(&c, &h), Err(ChainFault::Missing { seq: 4, found: 5 }));
        let (mut c, h) = chain(10);
        c.pop();
        assert_eq!(
            walk(&c, &h),
            Err(ChainFault::Truncated {
                seq: 9,
                expected: 10
            })
        );
    }

    #[test]
    fn a_changed_entry_is_named() {
        let (mut c, h) = chain(10);
        c[3].action = "case.approve".into();
        assert_eq!(walk(&c, &h), Err(ChainFault::Changed { seq: 3, next: 4 }));
        let (mut c, h) = chain(10);
        c[9].actor = "mallory".into();
        assert_eq!(walk(&c, &h), Err(ChainFault::Changed { seq: 9, next: 10 }));
    }

    #[test]
    fn reordered_entries_are_named() {
        let (c, h) = chain(10);
        // Values swapped between keys 2 and 3.
        let items = c.iter().enumerate().map(|(i, e)| {
            let e = match i {
                2 => c[3].clone(),
                3 => c[2].clone(),
                _ => e.clone(),
            };
            Ok((i as u64, e))
        });
        assert_eq!(
            verify(items, &h),
            Err(ChainFault::Reordered { seq: 3, key: 2 })
        );
    }

    proptest! {
        #[test]
        fn any_single_change_or_removal_is_caught(n in 1u64..30, victim in any::<prop::sample::Index>(), remove in any::<bool>()) {
            let (mut c, h) = chain(n);
            let i = victim.index(c.len());
            if remove { c.remove(i); } else { c[i].detail = Some("x".into()); }
            prop_assert!(walk(&c, &h).is_err());
        }
    }
}
