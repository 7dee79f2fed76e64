//! A round trip with a service provider's station made only from the standard tools: the ministry's
//! `referral` bundle decrypts with `age` and the provider's key and verifies with `minisign`; the
//! provider's `referral_update` bundle, made with `tar`, `minisign` and `age`, imports and changes the
//! referral. The ministry side is the real binary on a demo station.

use assert_cmd::Command as Bin;
use chrono::Utc;
use ercms::domain::ids::StationId;
use ercms::exchange::manifest::{FileEntry, Manifest};
use ercms::exchange::Content;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

const PROVIDER: &str = "IQ-PROVIDER-DEMO";
const MINISTRY: &str = "IQ-MOMD-DEMO";

fn key_file(what: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("keys")
        .join(format!("DEMO-{PROVIDER}.{what}"))
}

fn run(cmd: &mut Command) -> std::process::Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e} (install age, minisign and tar)"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The binary on the demo station in `data`, acting as a demo user.
fn as_user(data: &Path, user: &str) -> Bin {
    let pass = ercms::service::DEMO_USERS
        .iter()
        .find(|(n, _, _)| *n == user)
        .map(|(_, _, p)| *p)
        .unwrap();
    let mut c = Bin::new(env!("CARGO_BIN_EXE_ercms"));
    c.env_clear()
        .env("ERCMS_DATA", data)
        .env("ERCMS_USER", user)
        .env("ERCMS_PASSPHRASE", pass);
    c
}

fn ok(c: &mut Bin, args: &[&str]) -> String {
    let out = c.args(args).output().unwrap();
    assert!(
        out.status.success(),
        "ercms {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(c: &mut Bin, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.push("--json");
    serde_json::from_str(&ok(c, &all)).unwrap()
}

/// The one file in `dir` whose name ends with `suffix`.
fn file_ending(dir: &Path, suffix: &str) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(suffix))
        .unwrap_or_else(|| panic!("no *{suffix} in {}", dir.display()))
}

#[test]
fn a_referral_goes_to_a_provider_and_its_update_comes_back_through_the_standard_tools() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("station");
    let d = tmp.path();
    Bin::new(env!("CARGO_BIN_EXE_ercms"))
        .env_clear()
        .arg("--data")
        .arg(&data)
        .args(["demo", "--no-tui"])
        .assert()
        .success();

    // The ministry: a returnee arrives, is opened in the NRM, consents, is assessed, has a plan approved
    // and is referred to the demo provider.
    let transfers = data.join("media/02-transfer-notifications.ercms");
    ok(
        &mut as_user(&data, "clerk"),
        &["import", transfers.to_str().unwrap()],
    );
    let cases = json(
        &mut as_user(&data, "officer"),
        &["case", "list", "--status", "TRANSFER_NOTIFIED"],
    );
    let case = cases[0]["reference"].as_str().unwrap().to_string();
    ok(
        &mut as_user(&data, "officer"),
        &["case", "arrival", &case, "--border-point", "BGW"],
    );
    ok(
        &mut as_user(&data, "admin"),
        &[
            "provider",
            "add",
            "--name",
            "Mosul Shelter Network",
            "--kind",
            "ngo",
            "--governorates",
            "Nineveh",
            "--services",
            "housing,health",
            "--focal-name",
            "Focal point",
            "--focal-phone",
            "+964 770 000 0002",
            "--station",
            PROVIDER,
        ],
    );
    let opened = json(
        &mut as_user(&data, "officer"),
        &["returnee", "open", &case, "--governorate", "Nineveh"],
    );
    let returnee = opened["returnee"]["id"].as_str().unwrap().to_string();
    for args in [
        vec![
            "returnee",
            "consent",
            &returnee,
            "--share-data",
            "--receive-services",
        ],
        vec![
            "returnee",
            "assess",
            &returnee,
            "--flag",
            "single_parent",
            "--need",
            "housing:severe",
        ],
        vec![
            "returnee",
            "plan",
            &returnee,
            "--item",
            "housing:rent support",
        ],
    ] {
        ok(&mut as_user(&data, "officer"), &args);
    }
    ok(
        &mut as_user(&data, "supervisor"),
        &["returnee", "approve-plan", &returnee],
    );
    let due = (Utc::now().date_naive() + chrono::Duration::days(21)).to_string();
    let referral = ok(
        &mut as_user(&data, "officer"),
        &[
            "referral",
            "propose",
            &returnee,
            "--provider",
            "Mosul Shelter Network",
            "--service",
            "housing",
            "--urgency",
            "priority",
            "--due",
            &due,
        ],
    )
    .trim()
    .to_string();
    ok(
        &mut as_user(&data, "officer"),
        &["referral", "send", &referral],
    );
    let out = d.join("out");
    std::fs::create_dir(&out).unwrap();
    ok(
        &mut as_user(&data, "clerk"),
        &["export", "--to", PROVIDER, "--out", out.to_str().unwrap()],
    );
    let pubs = d.join("pubs");
    std::fs::create_dir(&pubs).unwrap();
    ok(
        &mut as_user(&data, "clerk"),
        &["keys", "export", pubs.to_str().unwrap()],
    );

    // The provider: decrypt with its age key, verify the manifest with the ministry's minisign key.
    let bundle = file_ending(&out, ".ercms");
    let got = d.join("got");
    std::fs::create_dir(&got).unwrap();
    run(Command::new("/usr/bin/age")
        .arg("-d")
        .arg("-i")
        .arg(key_file("age.key"))
        .arg("-o")
        .arg(got.join("in.tar"))
        .arg(&bundle));
    run(Command::new("/usr/bin/tar")
        .current_dir(&got)
        .args(["-xf", "in.tar"]));
    run(Command::new("/usr/bin/minisign")
        .arg("-V")
        .arg("-p")
        .arg(file_ending(&pubs, ".minisign.pub"))
        .arg("-m")
        .arg(got.join("manifest.json")));
    let manifest: Manifest =
        serde_json::from_slice(&std::fs::read(got.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest.content, Content::Referrals);
    let lines = std::fs::read_to_string(got.join("records.jsonl")).unwrap();
    let record: serde_json::Value = serde_json::from_str(lines.lines().next().unwrap()).unwrap();
    assert_eq!(record["type"], "referral");
    assert_eq!(record["id"], referral.as_str());
    assert_eq!(record["returnee"], case.as_str());
    assert_eq!(record["service"], "housing");
    assert_eq!(record["urgency"], "priority");
    assert_eq!(record["person"]["governorate"], "Nineveh");

    // Its answer: a `referral_update` bundle made with tar, minisign and age.
    let back = d.join("back");
    std::fs::create_dir(&back).unwrap();
    let today = Utc::now().date_naive().to_string();
    let records = format!(
        "{}\n",
        serde_json::json!({"type": "referral_update", "id": "RU-DEMO-0001", "referral": referral,
            "status": "delivered", "updated_on": today, "reason": null, "delivered_on": today,
            "notes": "first rent paid"})
    );
    let update = Manifest {
        format: "ercms-bundle".into(),
        version: 1,
        bundle_id: uuid::Uuid::now_v7(),
        sender: StationId::parse(PROVIDER).unwrap(),
        recipients: vec![StationId::parse(MINISTRY).unwrap()],
        created_at: Utc::now(),
        sequence: 1,
        content: Content::ReferralUpdates,
        files: vec![FileEntry {
            path: "records.jsonl".into(),
            sha256: sha(records.as_bytes()),
            size: records.len() as u64,
            records: Some(1),
        }],
    };
    std::fs::write(
        back.join("manifest.json"),
        serde_json::to_vec_pretty(&update).unwrap(),
    )
    .unwrap();
    std::fs::write(back.join("records.jsonl"), &records).unwrap();
    run(Command::new("/usr/bin/minisign")
        .args(["-S", "-s"])
        .arg(key_file("minisign.key"))
        .arg("-m")
        .arg(back.join("manifest.json")));
    run(Command::new("/usr/bin/tar").current_dir(&back).args([
        "--format=ustar",
        "-cf",
        "update.tar",
        "manifest.json",
        "manifest.json.minisig",
        "records.jsonl",
    ]));
    let recipient = std::fs::read_to_string(file_ending(&pubs, ".age.pub")).unwrap();
    run(Command::new("/usr/bin/age").current_dir(&back).args([
        "-r",
        recipient.trim(),
        "-o",
        "update.ercms",
        "update.tar",
    ]));

    // The ministry imports it; the referral is delivered.
    let imported = back.join("update.ercms");
    ok(
        &mut as_user(&data, "clerk"),
        &["import", imported.to_str().unwrap()],
    );
    let shown = json(
        &mut as_user(&data, "officer"),
        &["returnee", "show", &returnee],
    );
    let referrals = shown["returnee"]["referrals"].as_array().unwrap();
    assert_eq!(referrals.len(), 1);
    assert_eq!(referrals[0]["status"], "delivered");
    assert_eq!(referrals[0]["delivered_on"], today.as_str());
}
