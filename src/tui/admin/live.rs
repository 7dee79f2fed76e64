//! The administration port over the real service: users, partner keys, agreements and the audit
//! trail, answered by the same use-cases the CLI calls on the signed-in session.

use crate::domain::agreement::{Agreement, Validity};
use crate::domain::ids::StationId;
use crate::domain::role::Role;
use crate::exchange::keyring::{fingerprint, minisign_key_line};
use crate::exchange::Partner;
use crate::service::parse_contents;
use crate::tui::admin::port::AdminPort;
use crate::tui::admin::view::{AgreementRow, AuditRow, HeldCheckpointRow, PartnerRow, UserRow};
use crate::tui::live::{sentence, LiveStation};
use crate::tui::text::Text;
use crate::tui::view::Field;
use age::secrecy::SecretString;

/// What the screen says after a guarded change: done, or waiting for a second person.
fn said(text: &Text, done: String, outcome: crate::service::Guarded) -> String {
    match outcome {
        crate::service::Guarded::Applied => done,
        crate::service::Guarded::Proposed { id } => {
            let short = id.to_string().chars().take(8).collect::<String>();
            text.with("admin-proposed", &[("id", short.into())])
        }
    }
}
fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".to_string())
}

fn none_or<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "none".to_string(), |v| v.to_string())
}

/// Every rule under the name `set_agreement` takes, with its value as an admin would type it.
fn rules(a: &Agreement) -> Vec<Field> {
    let (td_validity_days, td_validity_months) = match a.td_validity {
        Some(Validity::Days(n)) => (n.to_string(), "none".to_string()),
        Some(Validity::Months(n)) => ("none".to_string(), n.to_string()),
        None => ("none".to_string(), "none".to_string()),
    };
    vec![
        Field::new("name", &a.name),
        Field::new("calendar", &a.calendar),
        Field::new("reply_days", none_or(a.reply.map(|r| r.days))),
        Field::new("reply_day_count", none_or(a.reply.map(|r| r.count))),
        Field::new("clock_start", none_or(a.reply.map(|r| r.clock_start))),
        Field::new(
            "accelerated_reply_days",
            none_or(a.reply.and_then(|r| r.accelerated_days)),
        ),
        Field::new("extension_days", none_or(a.extension_days)),
        Field::new("silence_means_consent", a.silence_means_consent.to_string()),
        Field::new("td_days", none_or(a.travel_document.map(|p| p.days))),
        Field::new("td_day_count", none_or(a.travel_document.map(|p| p.count))),
        Field::new("td_validity_days", td_validity_days),
        Field::new("td_validity_months", td_validity_months),
        Field::new(
            "transfer_notice_days",
            none_or(a.transfer_notice.map(|p| p.days)),
        ),
        Field::new(
            "transfer_notice_day_count",
            none_or(a.transfer_notice.map(|p| p.count)),
        ),
        Field::new("transfer_window_days", none_or(a.transfer_window_days)),
        Field::new("source", &a.source),
    ]
}

fn agreement_row(a: &Agreement) -> AgreementRow {
    AgreementRow {
        code: a.code.clone(),
        name: a.name.clone(),
        reply: or_dash(a.reply.map(|r| {
            let start = r.clock_start.as_str().replace('_', " ");
            format!("{} {} days from {start}", r.days, r.count)
        })),
        silence_means_consent: if a.silence_means_consent { "yes" } else { "no" }.to_string(),
        travel_document: or_dash(
            a.travel_document
                .map(|p| format!("{} {} days", p.days, p.count)),
        ),
        rules: rules(a),
    }
}

impl AdminPort for LiveStation {
    fn users(&mut self) -> Result<Vec<UserRow>, String> {
        let users = self.session()?.list_users().map_err(sentence)?;
        Ok(users
            .into_iter()
            .map(|u| UserRow {
                name: u.name,
                role: u.role.to_string(),
                locked: u.locked,
                failed_logins: u.failed_logins,
                created: u.created_at.format("%Y-%m-%d").to_string(),
            })
            .collect())
    }

    fn add_user(&mut self, name: &str, role: Role, passphrase: &str) -> Result<String, String> {
        let now = self.now();
        let secret = SecretString::from(passphrase.to_string());
        let outcome = self
            .session()?
            .add_user(name.trim(), role, &secret, now)
            .map_err(sentence)?;
        let done = self.text.with(
            "admin-user-added",
            &[
                ("user", name.trim().into()),
                ("role", role.to_string().into()),
            ],
        );
        Ok(said(&self.text, done, outcome))
    }

    fn set_user_locked(&mut self, name: &str, locked: bool) -> Result<String, String> {
        let now = self.now();
        self.session()?
            .set_user_locked(name, locked, now)
            .map_err(sentence)?;
        Ok(if locked {
            self.text
                .with("admin-user-locked", &[("user", name.into())])
        } else {
            self.text
                .with("admin-user-unlocked", &[("user", name.into())])
        })
    }

    fn reset_passphrase(&mut self, name: &str, passphrase: &str) -> Result<String, String> {
        let now = self.now();
        let secret = SecretString::from(passphrase.to_string());
        let outcome = self
            .session()?
            .change_passphrase(name, &secret, now)
            .map_err(sentence)?;
        let done = self
            .text
            .with("admin-passphrase-changed", &[("user", name.into())]);
        Ok(said(&self.text, done, outcome))
    }

    fn remove_user(&mut self, name: &str) -> Result<String, String> {
        let now = self.now();
        let outcome = self.session()?.remove_user(name, now).map_err(sentence)?;
        let done = self
            .text
            .with("admin-user-removed", &[("user", name.into())]);
        Ok(said(&self.text, done, outcome))
    }

    fn partner_keys(&mut self) -> Result<Vec<PartnerRow>, String> {
        let session = self.session()?;
        let partners = session.list_partners().map_err(sentence)?;
        let may_see_checkpoints =
            session.may(crate::domain::policy::Permission::ViewPartnerCheckpoints);
        partners
            .into_iter()
            .map(|p| {
                let checkpoint = if may_see_checkpoints {
                    session
                        .newest_partner_checkpoint(&p.station)
                        .map_err(sentence)?
                        .map(|h| HeldCheckpointRow {
                            size: h.checkpoint.size,
                            at: h.checkpoint.at.format("%Y-%m-%d %H:%M").to_string(),
                        })
                } else {
                    None
                };
                Ok(PartnerRow {
                    station: p.station,
                    name: p.name,
                    fingerprint: p.fingerprint,
                    may_send: p.may_send.join(", "),
                    checkpoint,
                })
            })
            .collect()
    }

    fn partner_fingerprint(
        &mut self,
        age_recipient: &str,
        minisign_key_text: &str,
    ) -> Result<String, String> {
        let age = age_recipient.trim();
        // Checked with the tools' own parsers, so a fingerprint is only read aloud for real keys.
        if age.parse::<age::x25519::Recipient>().is_err() {
            return Err(self.text.get("admin-bad-age-recipient"));
        }
        let key = minisign_key_line(minisign_key_text)
            .filter(|k| minisign::PublicKey::from_base64(k).is_ok())
            .ok_or_else(|| self.text.get("admin-bad-minisign-key"))?;
        Ok(fingerprint(age, key))
    }

    fn add_partner(
        &mut self,
        station: &str,
        name: &str,
        age_recipient: &str,
        minisign_key_text: &str,
        may_send_csv: &str,
    ) -> Result<String, String> {
        let now = self.now();
        let station = StationId::parse(station.trim()).map_err(sentence)?;
        let may_send = parse_contents(may_send_csv).map_err(sentence)?;
        let minisign_key = minisign_key_line(minisign_key_text)
            .ok_or_else(|| self.text.get("admin-bad-minisign-key"))?
            .to_string();
        let partner = Partner {
            station,
            name: name.trim().to_string(),
            age_recipient: age_recipient.trim().to_string(),
            minisign_key,
            may_send,
        };
        let (summary, outcome) = self
            .session()?
            .add_partner(partner, now)
            .map_err(sentence)?;
        let done = self.text.with(
            "admin-partner-trusted",
            &[
                ("partner", summary.station.to_string().into()),
                ("fingerprint", summary.fingerprint.to_string().into()),
            ],
        );
        Ok(said(&self.text, done, outcome))
    }

    fn agreements(&mut self) -> Result<Vec<AgreementRow>, String> {
        let agreements = self.session()?.agreements().map_err(sentence)?;
        Ok(agreements.iter().map(agreement_row).collect())
    }

    fn set_agreement(&mut self, code: &str, field: &str, value: &str) -> Result<String, String> {
        let now = self.now();
        let changed = self
            .session()?
            .set_agreement(code, &[(field, value.to_string())], now)
            .map_err(sentence)?;
        let now = rules(&changed)
            .into_iter()
            .find(|f| f.label == field)
            .map_or_else(|| value.to_string(), |f| f.value);
        Ok(self.text.with(
            "admin-agreement-changed",
            &[
                ("code", changed.code.to_string().into()),
                ("field", field.into()),
                ("value", now.into()),
            ],
        ))
    }

    fn audit(&mut self, filter: Option<&str>) -> Result<Vec<AuditRow>, String> {
        let entries = self.session()?.audit_list(None).map_err(sentence)?;
        let filter = filter.map(str::trim).filter(|f| !f.is_empty());
        // An action matches by its whole name or its family: "user" finds "user.add".
        let wanted = |target: Option<&str>, action: &str| match filter {
            None => true,
            Some(f) => {
                target == Some(f)
                    || action == f
                    || action.strip_prefix(f).is_some_and(|r| r.starts_with('.'))
            }
        };
        Ok(entries
            .into_iter()
            .filter(|e| wanted(e.target.as_deref(), &e.action))
            .map(|e| AuditRow {
                seq: e.seq,
                at: e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                actor: e.actor,
                action: e.action,
                target: e.target.unwrap_or_default(),
                detail: e.detail.unwrap_or_default(),
            })
            .collect())
    }

    fn verify_audit(&mut self) -> Result<String, String> {
        match self.session()?.audit_verify().map_err(sentence)? {
            Ok(head) => Ok(self.text.with(
                "admin-audit-whole",
                &[
                    ("n", head.next.into()),
                    ("head", head.last_hash.to_string().into()),
                ],
            )),
            Err(fault) => Err(sentence(fault)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::UserName;
    use crate::service::{InitOptions, Station};

    use crate::tui::session::port::SessionPort;

    const ADMIN_PASSPHRASE: &str = "admin passphrase 1";

    fn station() -> (tempfile::TempDir, LiveStation) {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = InitOptions {
            station: StationId::parse("IQ-MOMD-BGD").expect("station id"),
            admin: UserName::parse("admin").expect("user name"),
            passphrase: SecretString::from(ADMIN_PASSPHRASE.to_string()),
            work_factor: Some(10),
            keys: None,
        };
        drop(Station::init(dir.path(), options, chrono::Utc::now()).expect("init"));
        let live = LiveStation::new(Station::open(dir.path()).expect("open"));
        (dir, live)
    }

    #[test]
    fn an_admin_manages_users_agreements_and_verifies_the_audit_through_the_port() {
        let (_dir, mut live) = station();
        assert!(live.users().is_err(), "nothing before sign-in");
        live.login("admin", ADMIN_PASSPHRASE).expect("login");

        let said = live
            .add_user("amira", Role::Officer, "officer passphrase")
            .expect("add user");
        assert_eq!(said, "User amira added as officer.");
        let refused = live
            .add_user("amira", Role::Clerk, "another passphrase")
            .expect_err("a second amira is refused");
        assert_eq!(refused, "User amira exists already.");
        let short = live
            .add_user("karim", Role::Clerk, "short")
            .expect_err("a short passphrase is refused");
        assert!(short.starts_with(char::is_uppercase) && short.ends_with('.'));

        live.set_user_locked("amira", true).expect("lock");
        let users = live.users().expect("users");
        let names: Vec<&str> = users.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["admin", "amira"]);
        assert!(users[1].locked && users[1].role == "officer");
        assert!(!users[0].locked && users[0].role == "admin");

        let agreements = live.agreements().expect("agreements");
        let eu_iq = agreements
            .iter()
            .find(|a| a.code == "EU-IQ")
            .expect("EU-IQ is seeded");
        assert!(eu_iq.rules.iter().any(|f| f.label == "reply_days"));
        let said = live
            .set_agreement("EU-IQ", "reply_days", "20")
            .expect("set reply_days");
        assert_eq!(said, "Agreement EU-IQ: reply_days is now 20.");
        let after = live.agreements().expect("agreements");
        let rule = after
            .iter()
            .find(|a| a.code == "EU-IQ")
            .and_then(|a| a.rules.iter().find(|f| f.label == "reply_days"))
            .map(|f| f.value.clone());
        assert_eq!(rule.as_deref(), Some("20"));
        let refused = live
            .set_agreement("EU-IQ", "reply_days", "0")
            .expect_err("zero days are refused");
        assert_eq!(
            refused,
            "Reply_days takes a number of days from 1 to 366, or none."
        );

        let trail = live.audit(None).expect("audit");
        assert!(trail
            .iter()
            .any(|r| r.action == "user.add" && r.target == "amira"));
        let about_users = live.audit(Some("user")).expect("audit filtered");
        assert!(!about_users.is_empty());
        assert!(about_users.iter().all(|r| r.action.starts_with("user.")));
        let about_amira = live.audit(Some("amira")).expect("audit by target");
        assert_eq!(
            about_amira
                .iter()
                .map(|r| r.action.as_str())
                .collect::<Vec<_>>(),
            ["user.add", "user.lock"]
        );

        let verdict = live.verify_audit().expect("the chain is whole");
        let n = trail.len();
        assert!(
            verdict.starts_with(&format!("The audit chain is whole: {n} entries; head ")),
            "{verdict}"
        );
    }

    #[test]
    fn a_partner_is_added_with_the_fingerprint_the_form_showed() {
        let (_dir, mut live) = station();
        live.login("admin", ADMIN_PASSPHRASE).expect("login");
        let partner = crate::exchange::StationKeys::generate(
            StationId::parse("DE-BAMF").expect("station id"),
        )
        .expect("keys");
        let age = partner.age_recipient();
        let minisign = partner.minisign_public_file();
        let shown = live
            .partner_fingerprint(&age, &minisign)
            .expect("fingerprint");
        assert!(live.partner_fingerprint("age1nonsense", &minisign).is_err());
        let said = live
            .add_partner(
                "DE-BAMF",
                "BAMF",
                &age,
                &minisign,
                "readmission-applications, receipts",
            )
            .expect("add partner");
        assert!(said.contains(&shown), "{said}");
        let rows = live.partner_keys().expect("partners");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].fingerprint, shown);
        assert_eq!(rows[0].may_send, "readmission-applications, receipts");
        // Nothing has come from it yet, so no checkpoint of it is held.
        assert_eq!(rows[0].checkpoint, None);
    }
}
