//! `ercms case duplicates` and `ercms case duplicate-resolve` through the real binary: candidates
//! best first with their reasons as data, a flag dismissed or linked, the refusal of a pair that is
//! not flagged, and the audit entries.

mod common;

use common::bundles::from_bamf;
use common::{stdout_json, TestStation};
use ercms::domain::application::Application;
use ercms::exchange::{Content, Record};

const OFFICER: (&str, &str) = ("officer", "demo-officer-pass");

fn application(reference: &str, given: &str, surname: &str, born: &str) -> Record {
    let json = serde_json::json!({
        "id": reference, "agreement": "EU-IQ", "requesting_state": "DE",
        "submitted_on": "2026-11-18", "procedure": "normal", "evidence": [],
        "person": {"surname": surname, "given_names": given, "sex": "M", "date_of_birth": born},
    });
    Record::ReadmissionApplication(serde_json::from_value::<Application>(json).unwrap())
}

fn officer(s: &TestStation, args: &[&str]) -> std::process::Output {
    s.cmd_as(OFFICER.0, OFFICER.1).args(args).output().unwrap()
}

#[test]
fn an_officer_sees_why_and_resolves_each_flag() {
    let s = TestStation::demo();
    let bundle = from_bamf(
        Content::ReadmissionApplications,
        3,
        &[
            application("DE-2026-940001", "Cəfər", "Məmmədov", "1984-06-07"),
            application("DE-2026-940002", "Джафар", "Мамедов", "1984"),
            application("DE-2026-940003", "Jafar", "Mammadov", "1984-06-07"),
            application("DE-2026-940004", "Hassan", "Al-Tamimi", "1984-06-07"),
            application("DE-2026-940005", "Hussein", "Al-Tamimi", "1984-06-07"),
        ],
    );
    let path = s.path().join("b.ercms");
    std::fs::write(&path, bundle).unwrap();
    let out = s
        .cmd_as("clerk", "demo-clerk-pass")
        .arg("import")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = officer(&s, &["case", "duplicates", "DE-2026-940001", "--json"]);
    assert!(out.status.success());
    let rows = stdout_json(&out);
    let refs: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reference"].as_str().unwrap())
        .collect();
    // The same day of birth scores higher than a compatible year: best first.
    assert_eq!(refs, ["DE-2026-940003", "DE-2026-940002"]);
    assert_eq!(
        rows[0]["reasons"],
        serde_json::json!(["same_names", "same_date_of_birth"])
    );
    assert_eq!(
        rows[1]["reasons"],
        serde_json::json!(["same_names", "compatible_date_of_birth"])
    );
    assert!(rows[0]["verdict"].is_null());
    // Hassan and Hussein born the same day, fathers unknown: other people, not flagged.
    let out = officer(&s, &["case", "duplicates", "DE-2026-940004", "--json"]);
    assert_eq!(stdout_json(&out), serde_json::json!([]));

    // A pair that is not flagged is refused with one sentence.
    let out = officer(
        &s,
        &[
            "case",
            "duplicate-resolve",
            "DE-2026-940001",
            "DE-2026-940004",
            "same-person",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("not flagged"), "{err}");

    let out = officer(
        &s,
        &[
            "case",
            "duplicate-resolve",
            "DE-2026-940001",
            "DE-2026-940002",
            "not-same-person",
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = officer(
        &s,
        &[
            "case",
            "duplicate-resolve",
            "DE-2026-940001",
            "DE-2026-940003",
            "same-person",
        ],
    );
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("DE-2026-940003") && text.contains("same_person"),
        "{text}"
    );
    assert!(!text.contains("DE-2026-940002"), "{text}");
    // The other side sees the link too, after its own open flags.
    let out = officer(&s, &["case", "duplicates", "DE-2026-940003", "--json"]);
    let rows = stdout_json(&out);
    let linked: Vec<_> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["verdict"] == "same_person")
        .map(|r| r["reference"].as_str().unwrap())
        .collect();
    assert_eq!(linked, ["DE-2026-940001"]);
    assert_eq!(
        rows.as_array().unwrap().last().unwrap()["verdict"],
        "same_person"
    );

    let out = s
        .cmd_as("auditor", "demo-auditor-pass")
        .args(["audit", "list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let actions: Vec<String> = stdout_json(&out)
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .filter(|a| a.ends_with("same_person"))
        .map(str::to_string)
        .collect();
    assert_eq!(actions, ["case.not_same_person", "case.same_person"]);
}
