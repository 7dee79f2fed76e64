//! The fake station's administration side: synthetic users, partners, agreements and audit
//! entries, and a journal of what the screens asked. Its refusals are fixed sentences, not rules.

use crate::domain::role::Role;
use crate::tui::admin::port::AdminPort;
use crate::tui::admin::view::{AgreementRow, AuditRow, HeldCheckpointRow, PartnerRow, UserRow};
use crate::tui::fake::FakeStation;
use crate::tui::view::Field;

/// The fingerprint the fake computes for any well-formed pair of keys.
pub const FINGERPRINT: &str = "3f2a 9c01 77be 0d41 a9c3 5e10 88f2 c6d7 1b04 e5a9";

/// What the screens asked of the administration port.
#[derive(Debug, Default)]
pub struct AdminJournal {
    /// Name, role, passphrase.
    pub added_users: Vec<(String, Role, String)>,
    pub locked: Vec<(String, bool)>,
    pub passphrases: Vec<(String, String)>,
    pub removed: Vec<String>,
    /// Station, name, age recipient, minisign key, may-send list.
    pub partners: Vec<[String; 5]>,
    pub agreement_changes: Vec<(String, String, String)>,
    pub audit_filters: Vec<Option<String>>,
}

pub struct AdminData {
    pub users: Vec<UserRow>,
    pub partners: Vec<PartnerRow>,
    pub agreements: Vec<AgreementRow>,
    pub audit: Vec<AuditRow>,
    /// When set, every list and the verification fail with this sentence.
    pub failure: Option<String>,
}

fn user(name: &str, role: &str, locked: bool, failed: u32) -> UserRow {
    UserRow {
        name: name.into(),
        role: role.into(),
        locked,
        failed_logins: failed,
        created: "2026-11-02".into(),
    }
}

fn audit_row(seq: u64, actor: &str, action: &str, target: &str, detail: &str) -> AuditRow {
    AuditRow {
        seq,
        at: format!("2026-11-{:02} 09:{:02}:00", 2 + seq / 3, seq * 7 % 60),
        actor: actor.into(),
        action: action.into(),
        target: target.into(),
        detail: detail.into(),
    }
}

fn rules(reply_days: &str) -> Vec<Field> {
    vec![
        Field::new("name", "EU–Iraq (editable default)"),
        Field::new("calendar", "IQ"),
        Field::new("reply_days", reply_days),
        Field::new("reply_day_count", "calendar"),
        Field::new("clock_start", "receipt"),
        Field::new("extension_days", "none"),
        Field::new("silence_means_consent", "false"),
        Field::new("td_days", "5"),
        Field::new("td_day_count", "working"),
    ]
}

impl Default for AdminData {
    fn default() -> Self {
        AdminData {
            users: vec![
                user("admin", "admin", false, 0),
                user("amira", "officer", false, 0),
                user("karim", "clerk", true, 5),
                user("nour", "auditor", false, 1),
                user("sara", "supervisor", false, 0),
            ],
            partners: vec![PartnerRow {
                station: "DE-BAMF".into(),
                name: "BAMF".into(),
                fingerprint: "a41c 0e9d 5b27 f3c8 6d10 92ab 4e7f c0d3 18e6 b5a2".into(),
                may_send: "readmission-applications, receipts".into(),
                checkpoint: Some(HeldCheckpointRow {
                    size: 57,
                    at: "2026-11-20 09:30".into(),
                }),
            }],
            agreements: vec![
                AgreementRow {
                    code: "EU-IQ".into(),
                    name: "EU–Iraq".into(),
                    reply: "30 calendar days from receipt".into(),
                    silence_means_consent: "no".into(),
                    travel_document: "5 working days".into(),
                    rules: rules("30"),
                },
                AgreementRow {
                    code: "CH-RU".into(),
                    name: "Switzerland–Russia".into(),
                    reply: "25 calendar days from confirmed receipt".into(),
                    silence_means_consent: "yes".into(),
                    travel_document: "—".into(),
                    rules: rules("25"),
                },
            ],
            audit: vec![
                audit_row(0, "station", "station.init", "IQ-MOMD-BGD", ""),
                audit_row(1, "admin", "login", "admin", ""),
                audit_row(2, "admin", "user.add", "amira", "officer"),
                audit_row(3, "admin", "user.add", "karim", "clerk"),
                audit_row(
                    4,
                    "admin",
                    "keys.add",
                    "DE-BAMF",
                    "may send readmission-applications",
                ),
                audit_row(5, "karim", "login", "karim", ""),
                audit_row(6, "admin", "user.lock", "karim", ""),
            ],
            failure: None,
        }
    }
}

impl FakeStation {
    /// A station with no users, partners, agreements or audit entries.
    pub fn without_admin_data(mut self) -> FakeStation {
        self.admin.users.clear();
        self.admin.partners.clear();
        self.admin.agreements.clear();
        self.admin.audit.clear();
        self
    }

    /// A station whose administration lists all fail with `sentence`.
    pub fn failing_admin(mut self, sentence: &str) -> FakeStation {
        self.admin.failure = Some(sentence.to_string());
        self
    }

    fn admin_list<T: Clone>(&self, rows: &[T]) -> Result<Vec<T>, String> {
        match &self.admin.failure {
            Some(e) => Err(e.clone()),
            None => Ok(rows.to_vec()),
        }
    }
}

impl AdminPort for FakeStation {
    fn users(&mut self) -> Result<Vec<UserRow>, String> {
        self.admin_list(&self.admin.users)
    }

    fn add_user(&mut self, name: &str, role: Role, passphrase: &str) -> Result<String, String> {
        if self.admin.users.iter().any(|u| u.name == name) {
            return Err(format!("User {name} exists already."));
        }
        self.journal.borrow_mut().admin.added_users.push((
            name.to_string(),
            role,
            passphrase.to_string(),
        ));
        self.admin.users.push(user(name, role.as_str(), false, 0));
        self.admin.users.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(format!("User {name} added as {role}."))
    }

    fn set_user_locked(&mut self, name: &str, locked: bool) -> Result<String, String> {
        if locked && name == "admin" {
            return Err("You cannot lock your own account.".into());
        }
        self.journal
            .borrow_mut()
            .admin
            .locked
            .push((name.to_string(), locked));
        for u in self.admin.users.iter_mut().filter(|u| u.name == name) {
            u.locked = locked;
        }
        Ok(format!(
            "User {name} is {}.",
            if locked { "locked" } else { "unlocked" }
        ))
    }

    fn reset_passphrase(&mut self, name: &str, passphrase: &str) -> Result<String, String> {
        self.journal
            .borrow_mut()
            .admin
            .passphrases
            .push((name.to_string(), passphrase.to_string()));
        Ok(format!("The passphrase of {name} is changed."))
    }

    fn remove_user(&mut self, name: &str) -> Result<String, String> {
        self.journal
            .borrow_mut()
            .admin
            .removed
            .push(name.to_string());
        self.admin.users.retain(|u| u.name != name);
        Ok(format!("User {name} is removed."))
    }

    fn partner_keys(&mut self) -> Result<Vec<PartnerRow>, String> {
        self.admin_list(&self.admin.partners)
    }

    fn partner_fingerprint(
        &mut self,
        age_recipient: &str,
        minisign_key_text: &str,
    ) -> Result<String, String> {
        if !age_recipient.starts_with("age1") {
            return Err("The age recipient is not a valid age1… public key.".into());
        }
        if !minisign_key_text.starts_with("RW") {
            return Err("The minisign public key is not a valid RW… key line.".into());
        }
        Ok(FINGERPRINT.to_string())
    }

    fn add_partner(
        &mut self,
        station: &str,
        name: &str,
        age_recipient: &str,
        minisign_key_text: &str,
        may_send_csv: &str,
    ) -> Result<String, String> {
        self.journal.borrow_mut().admin.partners.push(
            [
                station,
                name,
                age_recipient,
                minisign_key_text,
                may_send_csv,
            ]
            .map(String::from),
        );
        self.admin.partners.push(PartnerRow {
            station: station.into(),
            name: name.into(),
            fingerprint: FINGERPRINT.into(),
            may_send: may_send_csv.into(),
            checkpoint: None,
        });
        Ok(format!(
            "Partner {station} is trusted, with fingerprint {FINGERPRINT}."
        ))
    }

    fn agreements(&mut self) -> Result<Vec<AgreementRow>, String> {
        self.admin_list(&self.admin.agreements)
    }

    fn set_agreement(&mut self, code: &str, field: &str, value: &str) -> Result<String, String> {
        if field == "reply_days" && !value.parse::<u32>().is_ok_and(|n| (1..=366).contains(&n)) {
            return Err("Reply_days takes a number of days from 1 to 366, or none.".into());
        }
        self.journal.borrow_mut().admin.agreement_changes.push((
            code.to_string(),
            field.to_string(),
            value.to_string(),
        ));
        for a in self.admin.agreements.iter_mut().filter(|a| a.code == code) {
            for f in a.rules.iter_mut().filter(|f| f.label == field) {
                f.value = value.to_string();
            }
        }
        Ok(format!("Agreement {code}: {field} is now {value}."))
    }

    fn audit(&mut self, filter: Option<&str>) -> Result<Vec<AuditRow>, String> {
        self.journal
            .borrow_mut()
            .admin
            .audit_filters
            .push(filter.map(String::from));
        let rows = self.admin_list(&self.admin.audit)?;
        Ok(match filter {
            None => rows,
            Some(f) => rows
                .into_iter()
                .filter(|r| {
                    r.target == f || r.action == f || r.action.starts_with(&format!("{f}."))
                })
                .collect(),
        })
    }

    fn verify_audit(&mut self) -> Result<String, String> {
        match &self.admin.failure {
            Some(_) => Err("Audit entry 4 was changed: entry 5 does not follow from it.".into()),
            None => Ok(format!(
                "The audit chain is whole: {} entries; head 9f86d081884c7d65.",
                self.admin.audit.len()
            )),
        }
    }
}
