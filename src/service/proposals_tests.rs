//! Four eyes on station changes, through the real service on a real encrypted store: every path by
//! which one admin alone could decide, forge a partner or read everything is tried and refused (or
//! left waiting for the second person).

use super::{Guarded, InitOptions, Session, Station};
use crate::domain::ids::StationId;
use crate::domain::role::Role;
use crate::exchange::{Content, Partner, StationKeys};
use age::secrecy::SecretString;
use chrono::{DateTime, TimeZone, Utc};
use std::path::Path;

fn at(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, h, 0, 0).unwrap()
}

fn pass(name: &str) -> SecretString {
    SecretString::from(format!("{name} passphrase 1"))
}

fn login(station: &Station, name: &str) -> Result<Session, super::ServiceError> {
    station.login(name, &pass(name), at(9))
}

/// A station past its setup: admin, one supervisor (added at setup, when nobody could approve).
fn station(dir: &Path) -> Station {
    let opts = InitOptions::for_test(pass("admin"));
    let mut admin = Station::init(dir, opts, at(8)).unwrap();
    assert_eq!(
        admin
            .add_user("sup", Role::Supervisor, &pass("sup"), at(8))
            .unwrap(),
        Guarded::Applied,
        "the first supervisor comes at setup, before anyone could approve"
    );
    Station::from_vault(admin.lock()).unwrap()
}

fn proposed(g: Guarded) -> String {
    match g {
        Guarded::Proposed { id } => id.to_string(),
        Guarded::Applied => panic!("applied by one person alone"),
    }
}

fn partner(station: &str) -> Partner {
    let keys = StationKeys::generate(StationId::parse(station).unwrap()).unwrap();
    Partner {
        station: keys.station().clone(),
        name: format!("{station} ministry"),
        age_recipient: keys.age_recipient(),
        minisign_key: keys.minisign_public_key(),
        may_send: vec![Content::Receipts],
    }
}

#[test]
fn an_account_that_approves_or_exports_cannot_act_until_a_second_person_approves_it() {
    let dir = tempfile::tempdir().unwrap();
    let station = station(dir.path());
    let mut admin = login(&station, "admin").unwrap();
    // The admin makes a second account for themselves: a supervisor, an admin, a clerk.
    let mut ids = vec![];
    for (name, role) in [
        ("sup2", Role::Supervisor),
        ("admin2", Role::Admin),
        ("clerk", Role::Clerk),
    ] {
        ids.push(proposed(
            admin.add_user(name, role, &pass(name), at(9)).unwrap(),
        ));
        assert!(
            login(&station, name).is_err(),
            "{name} signs in before approval"
        );
    }
    // Officers and auditors neither approve nor release: they are added at once.
    assert_eq!(
        admin
            .add_user("off", Role::Officer, &pass("off"), at(9))
            .unwrap(),
        Guarded::Applied
    );
    // Nobody approves their own proposal, and an officer approves nothing.
    let refused = admin
        .decide_proposal(&ids[0], true, None, at(9))
        .unwrap_err();
    assert_eq!(refused.kind(), super::ErrorKind::NotAllowed);
    let mut off = login(&station, "off").unwrap();
    assert!(off.decide_proposal(&ids[0], true, None, at(9)).is_err());
    drop((admin, off));
    // The supervisor sees what they approve, and approves.
    let mut sup = login(&station, "sup").unwrap();
    let p = sup.proposal(&ids[2]).unwrap();
    assert_eq!(p.kind.as_str(), "user.add");
    assert_eq!(p.proposed_by.as_str(), "admin");
    assert_eq!(p.after.as_deref(), Some("clerk, clerk"));
    sup.decide_proposal(&ids[2], true, None, at(10)).unwrap();
    assert!(login(&station, "clerk").is_ok());
    // A rejection needs its note and leaves nothing behind.
    assert!(sup.decide_proposal(&ids[1], false, None, at(10)).is_err());
    sup.decide_proposal(&ids[1], false, Some("no second admin needed"), at(10))
        .unwrap();
    assert!(login(&station, "admin2").is_err());
    assert!(sup.decide_proposal(&ids[1], true, None, at(10)).is_err());
}

#[test]
fn a_reset_passphrase_opens_nothing_until_approved_and_the_subject_cannot_approve_it() {
    let dir = tempfile::tempdir().unwrap();
    let station = station(dir.path());
    let mut admin = login(&station, "admin").unwrap();
    let forged = SecretString::from("the admin knows this one".to_string());
    let id = proposed(admin.change_passphrase("sup", &forged, at(9)).unwrap());
    assert!(
        station.login("sup", &forged, at(9)).is_err(),
        "the admin signs in as the supervisor"
    );
    assert!(
        login(&station, "sup").is_ok(),
        "the old passphrase works until the reset is approved"
    );
    let mut sup = login(&station, "sup").unwrap();
    assert!(sup.decide_proposal(&id, true, None, at(9)).is_err());
    // A second admin may, where a supervisor is the subject.
    proposed(
        admin
            .add_user("admin2", Role::Admin, &pass("admin2"), at(9))
            .unwrap(),
    );
    let add = sup.proposals(true).unwrap();
    let add = add.iter().find(|p| p.subject == "admin2").unwrap();
    sup.decide_proposal(&add.id.to_string(), true, None, at(9))
        .unwrap();
    let mut admin2 = login(&station, "admin2").unwrap();
    admin2.decide_proposal(&id, true, None, at(10)).unwrap();
    assert!(station.login("sup", &forged, at(11)).is_ok());
    // The admin's own passphrase is theirs to change alone.
    assert_eq!(
        admin
            .change_passphrase("admin", &pass("admin"), at(11))
            .unwrap(),
        Guarded::Applied
    );
}

#[test]
fn a_role_change_or_removal_waits_for_the_second_person() {
    let dir = tempfile::tempdir().unwrap();
    let station = station(dir.path());
    let mut admin = login(&station, "admin").unwrap();
    admin
        .add_user("off", Role::Officer, &pass("off"), at(9))
        .unwrap();
    let id = proposed(admin.change_role("off", Role::Supervisor, at(9)).unwrap());
    let mut off = login(&station, "off").unwrap();
    assert_eq!(off.user().role, Role::Officer);
    assert!(off.decide_proposal(&id, true, None, at(9)).is_err());
    proposed(admin.remove_user("sup", at(9)).unwrap());
    assert!(login(&station, "sup").is_ok(), "removed by one person");
    assert!(admin.change_role("admin", Role::Supervisor, at(9)).is_err());
    let mut sup = login(&station, "sup").unwrap();
    sup.decide_proposal(&id, true, None, at(10)).unwrap();
    assert_eq!(
        login(&station, "off").unwrap().user().role,
        Role::Supervisor
    );
}

#[test]
fn keyring_changes_never_overwrite_and_wait_for_a_supervisor() {
    let dir = tempfile::tempdir().unwrap();
    let station = station(dir.path());
    let mut admin = login(&station, "admin").unwrap();
    let de = partner("DE-TEST");
    let (_, g) = admin.add_partner(de.clone(), at(9)).unwrap();
    let add = proposed(g);
    assert!(admin.list_partners().unwrap().is_empty());
    let mut sup = login(&station, "sup").unwrap();
    sup.decide_proposal(&add, true, None, at(9)).unwrap();
    assert_eq!(admin.list_partners().unwrap().len(), 1);

    // `keys add` on a partner in the keyring is refused, whatever the keys.
    let forged = Partner {
        station: de.station.clone(),
        ..partner("DE-TEST")
    };
    let refused = admin.add_partner(forged.clone(), at(9)).unwrap_err();
    assert!(refused.to_string().contains("keys rotate"), "{refused}");
    // A rotation shows old and new fingerprints, and changes nothing until approved.
    let (_, g) = admin.rotate_partner(forged.clone(), at(9)).unwrap();
    let rotate = proposed(g);
    let p = sup.proposal(&rotate).unwrap();
    assert_eq!(
        p.before.unwrap(),
        format!("fingerprint {}", de.fingerprint())
    );
    assert_eq!(
        p.after.unwrap(),
        format!("fingerprint {}", forged.fingerprint())
    );
    assert_eq!(
        admin.list_partners().unwrap()[0].fingerprint,
        de.fingerprint()
    );
    // Widening what a partner may send waits too.
    let widen = proposed(
        admin
            .set_partner_contents(
                &de.station,
                vec![Content::Receipts, Content::ReadmissionApplications],
                at(9),
            )
            .unwrap(),
    );
    assert_eq!(
        admin.list_partners().unwrap()[0].may_send,
        vec!["receipts".to_string()]
    );
    sup.decide_proposal(&widen, true, None, at(10)).unwrap();
    assert_eq!(admin.list_partners().unwrap()[0].may_send.len(), 2);
    // A revocation takes the partner out; its bundles are then refused with a sentence.
    let revoke = proposed(
        admin
            .revoke_partner(&de.station, "keys lost", at(10))
            .unwrap(),
    );
    sup.decide_proposal(&revoke, true, None, at(11)).unwrap();
    assert!(admin.list_partners().unwrap().is_empty());
    assert_eq!(
        admin.revoked_sentence(&de.station).unwrap().as_deref(),
        Some("bundles from DE-TEST are refused: its keys were revoked on 2026-05-04")
    );
    // The rotation proposed before the revocation can no longer bring the partner back.
    assert!(sup.decide_proposal(&rotate, true, None, at(12)).is_err());
}

#[test]
fn a_recovery_key_is_registered_only_with_a_second_person() {
    let dir = tempfile::tempdir().unwrap();
    let station = station(dir.path());
    let mut admin = login(&station, "admin").unwrap();
    let key = age::x25519::Identity::generate().to_public().to_string();
    let id = proposed(admin.add_recovery_recipient(&key, at(9)).unwrap());
    assert!(admin.recovery_recipients().unwrap().is_empty());
    let mut sup = login(&station, "sup").unwrap();
    sup.decide_proposal(&id, true, None, at(10)).unwrap();
    assert_eq!(admin.recovery_recipients().unwrap(), vec![key]);
}

#[test]
fn setup_never_comes_back_once_a_supervisor_existed() {
    let dir = tempfile::tempdir().unwrap();
    let station = station(dir.path());
    let mut admin = login(&station, "admin").unwrap();
    let admin2 = proposed(
        admin
            .add_user("admin2", Role::Admin, &pass("admin2"), at(9))
            .unwrap(),
    );
    login(&station, "sup")
        .unwrap()
        .decide_proposal(&admin2, true, None, at(9))
        .unwrap();
    let gone = proposed(admin.remove_user("sup", at(9)).unwrap());
    login(&station, "admin2")
        .unwrap()
        .decide_proposal(&gone, true, None, at(10))
        .unwrap();
    assert!(login(&station, "sup").is_err());
    // No supervisor is left, yet the admin still cannot add a clerk alone.
    proposed(
        admin
            .add_user("clerk", Role::Clerk, &pass("clerk"), at(11))
            .unwrap(),
    );
}

/// One person, Mallory, holds the admin account and every account she creates or resets (she knows
/// their passphrases); Sam, the supervisor, is honest and approves nothing. Whatever Mallory does, in
/// any order, no guarded change takes effect.
mod one_person_alone {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Step {
        AddUser(u8, Role),
        Reset(u8),
        ResetSam,
        ChangeRole(u8, Role),
        RemoveSam,
        AddPartner,
        RotatePartner,
        WidenPartner,
        RevokePartner,
        AddRecoveryKey,
        /// Mallory signs in as the n-th account she knows and approves every proposal she can see.
        ApproveAs(u8),
    }

    fn role() -> impl Strategy<Value = Role> {
        prop::sample::select(Role::ALL.to_vec())
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0..4u8, role()).prop_map(|(n, r)| Step::AddUser(n, r)),
            (0..4u8).prop_map(Step::Reset),
            Just(Step::ResetSam),
            (0..4u8, role()).prop_map(|(n, r)| Step::ChangeRole(n, r)),
            Just(Step::RemoveSam),
            Just(Step::AddPartner),
            Just(Step::RotatePartner),
            Just(Step::WidenPartner),
            Just(Step::RevokePartner),
            Just(Step::AddRecoveryKey),
            (0..5u8).prop_map(Step::ApproveAs),
        ]
    }

    fn mallory_name(n: u8) -> String {
        format!("mallory{n}")
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        #[test]
        fn no_guarded_change_commits_with_one_person(steps in prop::collection::vec(step(), 1..14)) {
            let dir = tempfile::tempdir().unwrap();
            let station = station(dir.path());
            // Setup over, with one partner trusted by both; from here Mallory acts alone.
            let de = partner("DE-TEST");
            {
                let mut admin = login(&station, "admin").unwrap();
                let (_, g) = admin.add_partner(de.clone(), at(8)).unwrap();
                let id = proposed(g);
                login(&station, "sup").unwrap().decide_proposal(&id, true, None, at(8)).unwrap();
            }
            let forged = SecretString::from("mallory knows this".to_string());
            let mut known: Vec<String> = vec!["admin".into()];
            for s in steps {
                let mut admin = login(&station, "admin").unwrap();
                let _ = match s {
                    Step::AddUser(n, r) => {
                        let name = mallory_name(n);
                        let r = admin.add_user(&name, r, &pass(&name), at(9));
                        if r.is_ok() { known.push(name); }
                        r.map(|_| ())
                    }
                    Step::Reset(n) => admin.change_passphrase(&mallory_name(n), &forged, at(9)).map(|_| ()),
                    Step::ResetSam => admin.change_passphrase("sup", &forged, at(9)).map(|_| ()),
                    Step::ChangeRole(n, r) => admin.change_role(&mallory_name(n), r, at(9)).map(|_| ()),
                    Step::RemoveSam => admin.remove_user("sup", at(9)).map(|_| ()),
                    Step::AddPartner => admin.add_partner(partner("FR-TEST"), at(9)).map(|_| ()),
                    Step::RotatePartner => admin.rotate_partner(partner("DE-TEST"), at(9)).map(|_| ()),
                    Step::WidenPartner => admin
                        .set_partner_contents(&de.station, vec![Content::Receipts, Content::ReadmissionApplications], at(9))
                        .map(|_| ()),
                    Step::RevokePartner => admin.revoke_partner(&de.station, "mallory", at(9)).map(|_| ()),
                    Step::AddRecoveryKey => admin
                        .add_recovery_recipient(&age::x25519::Identity::generate().to_public().to_string(), at(9))
                        .map(|_| ()),
                    Step::ApproveAs(n) => {
                        let who = &known[n as usize % known.len()];
                        // With her own passphrase, or the one she set in a reset.
                        let session = login(&station, who).or_else(|_| station.login(who, &forged, at(9)));
                        if let Ok(mut s) = session {
                            for p in s.proposals(true).unwrap_or_default() {
                                let _ = s.decide_proposal(&p.id.to_string(), true, None, at(9));
                            }
                        }
                        Ok(())
                    }
                };
            }
            // Nothing guarded took effect: no account that approves or exports besides admin and Sam,
            // Sam's passphrase and account unchanged, the keyring and recovery keys as the two left them.
            let admin = login(&station, "admin").unwrap();
            let users = admin.list_users().unwrap();
            for u in &users {
                if u.name != "admin" && u.name != "sup" {
                    prop_assert!(matches!(u.role, Role::Officer | Role::Auditor), "{} became {}", u.name, u.role);
                }
            }
            prop_assert!(login(&station, "sup").is_ok());
            prop_assert!(station.login("sup", &forged, at(9)).is_err());
            prop_assert_eq!(login(&station, "sup").unwrap().user().role, Role::Supervisor);
            let partners = admin.list_partners().unwrap();
            prop_assert_eq!(partners.len(), 1);
            prop_assert_eq!(&partners[0].fingerprint, &de.fingerprint());
            prop_assert_eq!(partners[0].may_send.clone(), vec!["receipts".to_string()]);
            prop_assert!(admin.recovery_recipients().unwrap().is_empty());
        }
    }
}

#[test]
fn the_auditor_reads_but_cannot_queue_statistics_for_a_partner() {
    let dir = tempfile::tempdir().unwrap();
    let station = station(dir.path());
    let mut admin = login(&station, "admin").unwrap();
    admin
        .add_user("aud", Role::Auditor, &pass("aud"), at(9))
        .unwrap();
    let (_, g) = admin.add_partner(partner("DE-TEST"), at(9)).unwrap();
    login(&station, "sup")
        .unwrap()
        .decide_proposal(&proposed(g), true, None, at(9))
        .unwrap();
    let mut aud = login(&station, "aud").unwrap();
    let period = crate::domain::statistics::Period {
        from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        to: chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
    };
    assert!(aud.report(period, at(9)).is_ok());
    let refused = aud.send_statistics(period, "DE-TEST", at(9)).unwrap_err();
    assert_eq!(refused.kind(), super::ErrorKind::NotAllowed);
    assert_eq!(
        refused.to_string(),
        "your role (auditor) may not queue statistics for a partner"
    );
}

#[test]
fn a_backup_without_a_recovery_key_is_refused_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let station = station(dir.path());
    let mut admin = login(&station, "admin").unwrap();
    let out = dir.path().join("station.backup");
    let refused = admin.backup(&out, at(9), &mut |_, _| {}).unwrap_err();
    assert!(refused.to_string().contains("no recovery key"), "{refused}");
    assert!(!out.exists());
    admin
        .backup_without_recovery_key(&out, at(9), &mut |_, _| {})
        .unwrap();
    assert!(out.exists());
}
