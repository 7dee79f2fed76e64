//! The logical trees of the vault. Names are fixed words, never data.

/// A logical tree: a key prefix inside the one physical store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tree(&'static str, bool);

impl Tree {
    /// Station settings in plaintext (format, station id, public keys, salts): nothing personal.
    pub const META: Tree = Tree("meta", true);
    /// Key slots: the data key wrapped per user, and the failed-login counter.
    pub const SLOTS: Tree = Tree("slots", true);
    /// Events that happen before anyone unlocks (failed logins, lockouts), age-encrypted to the station.
    pub const INTAKE: Tree = Tree("intake", true);
    /// Sealed settings and secrets of the station (its private keys, the audit head).
    pub const STATION: Tree = Tree("station", false);
    pub const USERS: Tree = Tree("users", false);
    pub const AUDIT: Tree = Tree("audit", false);
    pub const AGREEMENTS: Tree = Tree("agreements", false);
    pub const CALENDARS: Tree = Tree("calendars", false);
    pub const CASES: Tree = Tree("cases", false);
    /// A small summary per case (queue row and search keys), so queues load without opening whole cases.
    pub const CASE_INDEX: Tree = Tree("case_index", false);
    pub const KEYRING: Tree = Tree("keyring", false);
    pub const EXCHANGE_LOG: Tree = Tree("exchange_log", false);
    pub const OUTBOX: Tree = Tree("outbox", false);
    pub const RETURNEES: Tree = Tree("returnees", false);
    pub const PROVIDERS: Tree = Tree("providers", false);
    pub const REFERRALS: Tree = Tree("referrals", false);
    pub const ATTACHMENTS: Tree = Tree("attachments", false);
    /// The statistical facts of purged cases and returnees (no person in them), so figures outlive a purge.
    pub const PURGED_FACTS: Tree = Tree("purged_facts", false);
    /// Purges proposed by an officer, waiting for a supervisor.
    pub const PURGES: Tree = Tree("purges", false);
    /// What each audit entry's action wrote (tree, key, hash of the sealed value), keyed by the entry's
    /// sequence number: the chain commits to it by hash (see `audit::state`).
    pub const STATE_LOG: Tree = Tree("state_log", false);
    /// Station changes proposed by one person, waiting for (or decided by) a second.
    pub const PROPOSALS: Tree = Tree("proposals", false);
    /// Signed checkpoints received from partners in their bundles, all of them, keyed by the partner's
    /// station id, the checkpoint's size and its head.
    pub const PARTNER_CHECKPOINTS: Tree = Tree("partner_checkpoints", false);
    /// The keys written by parts of a bulk write that has not finished (see `bulk`): keys only.
    pub const PENDING: Tree = Tree("pending", true);

    pub const ALL: [Tree; 23] = [
        Tree::META,
        Tree::SLOTS,
        Tree::INTAKE,
        Tree::STATION,
        Tree::USERS,
        Tree::AUDIT,
        Tree::AGREEMENTS,
        Tree::CALENDARS,
        Tree::CASES,
        Tree::CASE_INDEX,
        Tree::KEYRING,
        Tree::EXCHANGE_LOG,
        Tree::OUTBOX,
        Tree::RETURNEES,
        Tree::PROVIDERS,
        Tree::REFERRALS,
        Tree::ATTACHMENTS,
        Tree::PURGED_FACTS,
        Tree::PURGES,
        Tree::STATE_LOG,
        Tree::PROPOSALS,
        Tree::PARTNER_CHECKPOINTS,
        Tree::PENDING,
    ];

    pub fn name(self) -> &'static str {
        self.0
    }

    /// Plaintext trees hold no personal data by construction and can be read before unlocking.
    pub fn is_plain(self) -> bool {
        self.1
    }

    /// Is the value under `key` part of the state the audit chain commits to? Every sealed value is,
    /// except the chain itself (its entries, the record of what they wrote, and its head), which
    /// commits to itself by hashes. Plaintext trees are not: slots and intake change before anyone
    /// unlocks, when no entry can be written (see docs/THREAT-MODEL.md).
    pub fn is_committed(self, key: &[u8]) -> bool {
        !self.is_plain()
            && self != Tree::AUDIT
            && self != Tree::STATE_LOG
            && !(self == Tree::STATION && key == b"audit_head")
    }

    /// Values stored in postcard rather than JSON: the case index is read whole at every sign-in, and
    /// decoding 100,000 summaries from JSON was most of the wait.
    pub fn is_compact(self) -> bool {
        self == Tree::CASE_INDEX || self == Tree::STATE_LOG
    }

    pub fn by_name(name: &str) -> Option<Tree> {
        Tree::ALL.into_iter().find(|t| t.0 == name)
    }
}
