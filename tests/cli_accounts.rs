//! Accounts through the real binary: exit codes, lockout that survives restarts, passphrase sources.

mod common;
use common::*;

#[test]
fn a_wrong_passphrase_exits_5_and_five_in_a_row_make_the_account_wait() {
    let st = TestStation::new();
    st.add_user("karim", "clerk", "clerk-passphrase-1");
    let said = |user: &str, pass: &str| {
        let out = st
            .cmd_as(user, pass)
            .args(["keys", "show"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(5));
        String::from_utf8(out.stderr).unwrap()
    };
    // A known name and an unknown one read exactly the same, before and after the wait begins.
    let unknown = said("nobody", "wrong-passphrase");
    assert!(
        unknown.contains("unknown user or wrong passphrase"),
        "{unknown}"
    );
    for _ in 0..5 {
        assert_eq!(said("karim", "wrong-passphrase"), unknown);
    }
    // Every command is a new process: the wait is on disk. Even the right passphrase is refused now,
    // with the same sentence.
    assert_eq!(said("karim", "clerk-passphrase-1"), unknown);
    let list = st
        .admin()
        .args(["user", "list", "--json"])
        .output()
        .unwrap();
    let users = stdout_json(&list);
    let karim = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "karim")
        .unwrap();
    assert_eq!(karim["locked"], false);
    assert!(karim["waits_until"].is_string(), "{karim}");
    assert_eq!(karim["failed_logins"], 5);

    st.admin()
        .args(["user", "unlock", "karim"])
        .assert()
        .success();
    st.cmd_as("karim", "clerk-passphrase-1")
        .args(["keys", "show"])
        .assert()
        .success();

    // Failed logins and the lockout are in the audit chain, which still verifies.
    let audit = stdout_json(
        &st.admin()
            .args(["audit", "list", "--json"])
            .output()
            .unwrap(),
    );
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions.iter().filter(|a| **a == "login.failed").count(), 6);
    assert!(
        actions.contains(&"user.locked")
            && actions.contains(&"login.refused")
            && actions.contains(&"user.unlock")
    );
    let v = stdout_json(
        &st.admin()
            .args(["audit", "verify", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(v["ok"], true);
}

#[test]
fn a_success_resets_the_count_of_wrong_passphrases() {
    let st = TestStation::new();
    st.add_user("lina", "officer", "officer-passphrase-1");
    for _ in 0..4 {
        st.cmd_as("lina", "nope-nope-nope")
            .args(["keys", "show"])
            .assert()
            .code(5);
    }
    st.cmd_as("lina", "officer-passphrase-1")
        .args(["user", "passwd", "lina"])
        .env("ERCMS_NEW_PASSPHRASE", "officer-passphrase-2")
        .assert()
        .success();
    for _ in 0..3 {
        st.cmd_as("lina", "nope-nope-nope")
            .args(["keys", "show"])
            .assert()
            .code(5);
    }
    // Seven wrong in all did not lock: the count started again at the success. The old passphrase is
    // now a wrong one (the fourth in a row), the new one works.
    st.cmd_as("lina", "officer-passphrase-1")
        .args(["user", "passwd", "lina"])
        .assert()
        .code(5);
    st.cmd_as("lina", "officer-passphrase-2")
        .args(["user", "passwd", "lina"])
        .env("ERCMS_NEW_PASSPHRASE", "officer-passphrase-3")
        .assert()
        .success();
}

#[test]
fn roles_are_checked_and_bad_input_changes_nothing() {
    let st = TestStation::new();
    st.add_user("karim", "clerk", "clerk-passphrase-1");
    // A clerk may not add users: 5, and no passphrase is even asked for.
    st.cmd_as("karim", "clerk-passphrase-1")
        .args(["user", "add", "eve", "--role", "admin"])
        .assert()
        .code(5)
        .stderr("ercms: your role (clerk) may not manage user accounts\n");
    // Usage errors exit 2: an unknown role, a bad user name, an unknown flag.
    st.admin()
        .args(["user", "add", "eve", "--role", "root"])
        .env("ERCMS_NEW_PASSPHRASE", "long-enough-pass")
        .assert()
        .code(2);
    st.admin()
        .args(["user", "list", "--frobnicate"])
        .assert()
        .code(2);
    st.admin()
        .args(["init", "--station", "bad id", "--admin", "x1"])
        .assert()
        .code(2);
    // A passphrase that is too short, an existing user, a bad name: 1, one sentence.
    st.admin()
        .args(["user", "add", "eve", "--role", "clerk"])
        .env("ERCMS_NEW_PASSPHRASE", "short")
        .assert()
        .code(1)
        .stderr("ercms: a passphrase needs at least 10 characters\n");
    st.admin()
        .args(["user", "add", "karim", "--role", "clerk"])
        .env("ERCMS_NEW_PASSPHRASE", "long-enough-pass")
        .assert()
        .code(1)
        .stderr("ercms: user karim exists already\n");
    st.admin()
        .args(["user", "add", "Eve!", "--role", "clerk"])
        .env("ERCMS_NEW_PASSPHRASE", "long-enough-pass")
        .assert()
        .code(1);
    let users = stdout_json(
        &st.admin()
            .args(["user", "list", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(users.as_array().unwrap().len(), 2, "nothing was added");
    // No user given, no station: clear sentences.
    st.admin()
        .env_remove("ERCMS_USER")
        .args(["user", "list"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("who is acting"));
    st.admin()
        .env("ERCMS_DATA", st.path().join("nowhere"))
        .args(["user", "list"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("there is no station"));
    // A second init on the same folder is refused.
    st.admin()
        .args(["init", "--station", "IQ-OTHER", "--admin", "admin"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("already exists"));
}

#[test]
fn passphrases_come_from_a_file_or_the_environment_never_an_argument() {
    let st = TestStation::new();
    let file = st.path().join("pass.txt");
    std::fs::write(&file, format!("{ADMIN_PASS}\n")).unwrap();
    st.admin()
        .env_remove("ERCMS_PASSPHRASE")
        .args(["--passphrase-file", file.to_str().unwrap(), "user", "list"])
        .assert()
        .success();
    // No terminal, no file, no environment: a usage error, not a hang.
    st.admin()
        .env_remove("ERCMS_PASSPHRASE")
        .args(["user", "list"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no Passphrase given"));
    st.admin()
        .args(["user", "list", "--passphrase", "x"])
        .assert()
        .code(2);
}

#[test]
fn keys_show_and_export_give_the_standard_public_forms() {
    let st = TestStation::new();
    let k = stdout_json(
        &st.admin()
            .args(["keys", "show", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(k["station"], "IQ-MOMD-TEST");
    assert!(k["age_recipient"].as_str().unwrap().starts_with("age1"));
    assert!(k["minisign_public_key"].as_str().unwrap().starts_with("RW"));
    let out = st.path().join("media");
    std::fs::create_dir(&out).unwrap();
    st.admin()
        .args(["keys", "export", out.to_str().unwrap()])
        .assert()
        .success();
    let age_pub = std::fs::read_to_string(out.join("IQ-MOMD-TEST.age.pub")).unwrap();
    assert_eq!(age_pub.trim(), k["age_recipient"]);
    let ms_pub = std::fs::read_to_string(out.join("IQ-MOMD-TEST.minisign.pub")).unwrap();
    assert!(ms_pub.starts_with("untrusted comment:"));
    assert_eq!(ms_pub.lines().nth(1).unwrap(), k["minisign_public_key"]);
}

#[test]
fn after_setup_an_admin_proposes_and_a_supervisor_approves_through_the_cli() {
    let st = TestStation::new();
    // The first supervisor comes at setup, when nobody could approve.
    st.add_user("sara", "supervisor", "supervisor-passphrase-1");
    let out = st
        .admin()
        .env("ERCMS_NEW_PASSPHRASE", "clerk-passphrase-1")
        .args(["user", "add", "karim", "--role", "clerk"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Proposed as"));
    st.cmd_as("karim", "clerk-passphrase-1")
        .args(["keys", "show"])
        .assert()
        .code(5);
    // The admin cannot approve their own proposal; the auditor may not queue for a partner.
    let list = stdout_json(
        &st.cmd_as("sara", "supervisor-passphrase-1")
            .args(["proposal", "list", "--json"])
            .output()
            .unwrap(),
    );
    let id = list[0]["id"].as_str().unwrap().to_string();
    assert_eq!(list[0]["kind"], "user_add");
    assert_eq!(list[0]["proposed_by"], "admin");
    st.admin()
        .args(["proposal", "approve", &id])
        .assert()
        .code(5);
    st.cmd_as("sara", "supervisor-passphrase-1")
        .args(["proposal", "approve", &id[..8]])
        .assert()
        .success();
    st.cmd_as("karim", "clerk-passphrase-1")
        .args(["keys", "show"])
        .assert()
        .success();
    st.add_user("ali", "auditor", "auditor-passphrase-1");
    st.cmd_as("ali", "auditor-passphrase-1")
        .args(["report", "--send-to", "DE-TEST"])
        .assert()
        .code(5);
}
