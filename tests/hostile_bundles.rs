//! The hostile-bundle corpus (issue 18), through the real binary on the demo ministry: huge age
//! headers, stanza floods, escape and bidi payloads, duplicate keys, CRLF, tar anomalies, sequence
//! overflow and look-alike references. Each kind exits with its code and its sentence, prints no
//! control or bidi character, and leaves the station byte for byte as it was (but for the bounded
//! record of the rejection). How long each refusal takes is printed (`--nocapture`), and measured by
//! tests/perf/measure-hostile.sh: a timing is never asserted here.

mod common;

use common::bundles::*;
use common::{stdout_json, TestStation};
use ercms::exchange::Content;
use ercms::vault::LockedVault;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

const CLERK: (&str, &str) = ("clerk", "demo-clerk-pass");
/// What a rejection may change: its log entry, its audit entry and the audit head.
// `state_log` is the audit trail's record of what each entry wrote.
const MAY_CHANGE: [&str; 4] = ["exchange_log", "audit", "state_log", "station"];
const ESCAPES: &str = "\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{202e}";

/// `text` as a JSON string, quotes included (controls as `\u001b`, the bidi override raw).
fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn clerk(s: &TestStation) -> assert_cmd::Command {
    s.cmd_as(CLERK.0, CLERK.1)
}

fn snapshot(s: &TestStation) -> Vec<common::Entry> {
    let vault = LockedVault::open(&s.data()).unwrap();
    common::sealed_entries(&vault, &MAY_CHANGE)
}

/// One application line with `id` as its reference and `state` as its requesting state.
fn app_line(id: &str, state: &str) -> String {
    application(900).replace("DE-2026-000900", id).replace(
        "\"requesting_state\":\"DE\"",
        &format!("\"requesting_state\":\"{state}\""),
    ) + "\n"
}

/// Members from the requesting state with this manifest text, signed.
fn signed(manifest: Vec<u8>, recs: &[u8]) -> Vec<Member> {
    let sig = demo(BAMF).sign(&manifest, "t").unwrap();
    vec![
        member("manifest.json", &manifest),
        member("manifest.json.minisig", sig.as_bytes()),
        member("records.jsonl", recs),
    ]
}

/// The manifest of `recs` from the requesting state, as JSON text to be edited.
fn manifest_text(recs: &[u8]) -> String {
    let m = manifest(BAMF, &[MOMD], Content::ReadmissionApplications, recs, &[]);
    serde_json::to_string_pretty(&m).unwrap()
}

fn with_sequence(recs: &[u8], sequence: u64) -> Vec<u8> {
    let mut m = manifest(BAMF, &[MOMD], Content::ReadmissionApplications, recs, &[]);
    m.sequence = sequence;
    good(signed(serde_json::to_vec(&m).unwrap(), recs))
}

/// A good bundle's age file with `junk` inserted as extra lines after the version line.
fn age_with_header_junk(junk: &[u8]) -> Vec<u8> {
    let file = good(applications(&records_from(950, 1)));
    let first = file.iter().position(|b| *b == b'\n').unwrap() + 1;
    let mut out = file[..first].to_vec();
    out.extend_from_slice(junk);
    out.extend_from_slice(&file[first..]);
    out
}

/// One stanza line and a body of `bytes` base64 characters in 64-column lines.
fn junk_stanza(bytes: usize) -> Vec<u8> {
    let mut s = b"-> X25519 junk\n".to_vec();
    let mut left = bytes;
    while left > 0 {
        let n = left.min(64);
        s.extend(std::iter::repeat_n(b'A', n));
        s.push(b'\n');
        left -= n;
    }
    if bytes % 64 == 0 {
        s.push(b'\n');
    }
    s
}

fn armor(binary: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut w =
        age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor).unwrap();
    w.write_all(binary).unwrap();
    w.finish().unwrap();
    out
}

/// A ustar archive of good members whose `i`-th header is changed by `edit` (checksum redone).
fn tar_with_header(members: &[Member], i: usize, edit: impl Fn(&mut [u8; 512])) -> Vec<u8> {
    let mut tar = ustar(members);
    let mut offset = 0;
    for m in &members[..i] {
        offset += 512 + m.data.len().div_ceil(512) * 512;
    }
    let header: &mut [u8; 512] = (&mut tar[offset..offset + 512]).try_into().unwrap();
    edit(header);
    header[148..156].copy_from_slice(b"        ");
    let sum: u32 = header.iter().map(|b| *b as u32).sum();
    header[148..156].copy_from_slice(format!("{sum:06o}\0 ").as_bytes());
    tar
}

struct Kind {
    name: &'static str,
    bytes: Vec<u8>,
    code: i32,
    sentence: &'static str,
}

fn kind(name: &'static str, bytes: Vec<u8>, sentence: &'static str) -> Kind {
    Kind {
        name,
        bytes,
        code: 3,
        sentence,
    }
}

fn corpus() -> Vec<Kind> {
    let recs = records_from(960, 2);
    let mut out = vec![
        kind(
            "header-1mib-stanza",
            age_with_header_junk(&junk_stanza(1 << 20)),
            "the bundle's age header is larger than the limit of 65536 bytes",
        ),
        kind(
            "header-just-over-64kib",
            age_with_header_junk(&junk_stanza(65 * 1024)),
            "the bundle's age header is larger than the limit of 65536 bytes",
        ),
        kind(
            "header-8mib-no-newline",
            age_with_header_junk(&vec![b'A'; 8 << 20]),
            "the bundle's age header is larger than the limit of 65536 bytes",
        ),
        kind(
            "armored-huge-header",
            armor(&age_with_header_junk(&junk_stanza(2 << 20))),
            "the bundle's age header is larger than the limit of 65536 bytes",
        ),
        kind(
            "stanza-flood",
            age_with_header_junk(&b"-> X25519 x\n\n".repeat(200)),
            "the bundle's age header names more than 32 recipients",
        ),
        kind(
            "armored-stanza-flood",
            armor(&age_with_header_junk(&b"-> scrypt x 20\n\n".repeat(40))),
            "the bundle's age header names more than 32 recipients",
        ),
    ];
    // Unsigned manifests carrying escapes: refused by the parser, which never quotes them.
    let escaped_key = manifest_text(&recs).replacen(
        "\"format\"",
        &format!("{}: 1, \"format\"", json(ESCAPES)),
        1,
    );
    let garbage_sig = |m: String| {
        good(vec![
            member("manifest.json", m.as_bytes()),
            member("manifest.json.minisig", b"untrusted comment: x\nAAAA\n"),
            member("records.jsonl", &recs),
        ])
    };
    out.push(kind(
        "manifest-key-with-escapes",
        garbage_sig(escaped_key),
        "is not part of the format",
    ));
    let escaped_sender = manifest_text(&recs).replace(&format!("\"{BAMF}\""), &json(ESCAPES));
    out.push(kind(
        "manifest-sender-with-escapes",
        garbage_sig(escaped_sender),
        "field `sender` is not a station id",
    ));
    let megabyte_value = manifest_text(&recs).replacen(
        "\"format\": \"ercms-bundle\"",
        &format!("\"format\": \"{}\"", "\\u001b[2J".repeat(80_000)),
        1,
    );
    out.push(kind(
        "manifest-with-1mib-value",
        garbage_sig(megabyte_value),
        "its format is not `ercms-bundle` version 1",
    ));
    out.push(kind(
        "manifest-not-json",
        garbage_sig("{\"format\": ".into()),
        "it is not one JSON object",
    ));
    out.push(kind(
        "manifest-duplicate-key",
        good(signed(
            manifest_text(&recs)
                .replacen(
                    "\"sender\"",
                    &format!("\"sender\": \"{PROVIDER}\", \"sender\""),
                    1,
                )
                .into_bytes(),
            &recs,
        )),
        "manifest.json is refused: it has a key twice in one object",
    ));
    out.push(kind(
        "manifest-crlf",
        good(signed(
            manifest_text(&recs)
                .replace('\n', "\r\n")
                .replace("\"format\"", "\"format\r\"")
                .into_bytes(),
            &recs,
        )),
        "manifest.json is refused",
    ));
    out.push(kind(
        "sequence-u64-max",
        with_sequence(&recs, u64::MAX),
        "its sequence number is larger than 9007199254740991",
    ));
    out.push(kind(
        "sequence-2-to-the-53",
        with_sequence(&recs, 1 << 53),
        "its sequence number is larger than 9007199254740991",
    ));
    out.push(kind(
        "sequence-negative",
        good(signed(
            manifest_text(&recs)
                .replace("\"sequence\": 1", "\"sequence\": -1")
                .into_bytes(),
            &recs,
        )),
        "field `sequence` is not valid",
    ));
    out.push(kind(
        "bad-signature-file",
        garbage_sig(manifest_text(&recs)),
        "manifest.json.minisig is not a minisign signature",
    ));
    // Records.
    let bad_records = |name: &'static str, lines: String, sentence: &'static str| {
        kind(name, good(applications(lines.as_bytes())), sentence)
    };
    out.push(bad_records(
        "record-crlf",
        app_line("DE-2026-000961", "DE").replace('\n', "\r\n"),
        "records.jsonl line 1: the line ends in CR LF",
    ));
    out.push(bad_records(
        "record-duplicate-id-key",
        app_line("DE-2026-000962", "DE").replacen(
            "\"id\":\"DE-2026-000962\"",
            "\"id\":\"DE-2026-000962\",\"id\":\"DE-2026-000963\"",
            1,
        ),
        "records.jsonl line 1: the line has a key twice in one object",
    ));
    out.push(bad_records(
        "record-duplicate-nested-key",
        app_line("DE-2026-000964", "DE").replacen(
            "\"sex\":\"M\"",
            "\"sex\":\"M\",\"sex\":\"F\"",
            1,
        ),
        "records.jsonl line 1: the line has a key twice in one object",
    ));
    out.push(kind(
        "records-empty",
        good(applications(b"")),
        "records.jsonl holds no records",
    ));
    out.push(bad_records(
        "record-blank-line",
        format!("{}\n", app_line("DE-2026-000965", "DE")),
        "records.jsonl line 2: the line is empty",
    ));
    out.push(bad_records(
        "record-not-json",
        "{\"type\": \n".into(),
        "records.jsonl line 1: the line is not one JSON object",
    ));
    out.push(bad_records(
        "record-over-1mib",
        format!("{}\n", "x".repeat((1 << 20) + 1)),
        "records.jsonl line 1: the line is longer than 1048576 bytes",
    ));
    out.push(bad_records(
        "record-key-with-escapes",
        app_line("DE-2026-000966", "DE").replacen(
            "\"evidence\":[]",
            &format!("\"evidence\":[],{}:1", json(ESCAPES)),
            1,
        ),
        "is not part of the format",
    ));
    out.push(bad_records(
        "reference-zero-width-space",
        app_line("DE-2026-\u{200b}000967", "DE"),
        "field `id` holds an invisible character",
    ));
    out.push(bad_records(
        "reference-no-break-space",
        app_line("DE-2026\u{a0}000968", "DE"),
        "field `id` holds an invisible character",
    ));
    out.push(bad_records(
        "reference-bidi-override",
        app_line("DE-2026-\u{202e}000969", "DE"),
        "field `id` holds an invisible character",
    ));
    out.push(bad_records(
        "reference-escape-sequence",
        app_line(json(ESCAPES).trim_matches('"'), "DE"),
        "field `id` holds an invisible character",
    ));
    out.push(bad_records(
        "reference-lowercase-look-alike",
        app_line("de-2026-000900", "DE"),
        "a case with the reference de-2026-000900 exists already",
    ));
    out.push(bad_records(
        "reference-full-width-look-alike",
        app_line("ＤＥ-２０２６-０００９００", "DE"),
        "exists already",
    ));
    out.push(bad_records(
        "requesting-state-not-the-signer",
        app_line("DE-2026-000970", "FR"),
        "field `requesting_state` is not the state of the station that signed the bundle",
    ));
    // Tar anomalies.
    let members = applications(&recs);
    out.push(kind(
        "tar-garbage-magic",
        seal(
            &tar_with_header(&members, 2, |h| h[257..263].copy_from_slice(b"XXXXX\0")),
            &[MOMD],
        ),
        "the archive member `records.jsonl` does not have a well-formed ustar header",
    ));
    out.push(kind(
        "tar-gnu-magic",
        seal(
            &tar_with_header(&members, 0, |h| h[257..265].copy_from_slice(b"ustar  \0")),
            &[MOMD],
        ),
        "the archive member `manifest.json` does not have a well-formed ustar header",
    ));
    out.push(kind(
        "tar-size-garbage-after-digits",
        seal(&tar_with_header(&members, 2, |h| h[135] = b'x'), &[MOMD]),
        "the bundle does not hold a well-formed tar archive",
    ));
    out.push(kind(
        "tar-size-leading-spaces",
        seal(
            &tar_with_header(&members, 2, |h| {
                let size = recs.len();
                h[124..136].copy_from_slice(format!("   {size:08o}\0").as_bytes());
            }),
            &[MOMD],
        ),
        "the archive member `records.jsonl` does not have a well-formed ustar header",
    ));
    out.push(kind(
        "tar-size-off-by-one",
        seal(
            &tar_with_header(&members, 2, |h| {
                let size = recs.len() + 1;
                h[124..136].copy_from_slice(format!("{size:011o}\0").as_bytes());
            }),
            &[MOMD],
        ),
        "`records.jsonl` has",
    ));
    let mut trailing = ustar(&members);
    trailing.extend_from_slice(b"after the end");
    out.push(kind(
        "tar-trailing-data",
        seal(&trailing, &[MOMD]),
        "the archive has data after its end",
    ));
    let mut m = applications(&recs);
    m.push(member("../x", b"x"));
    out.push(kind("tar-traversal", good(m), "climbs out of the archive"));
    let mut m = applications(&recs);
    m.push(Member {
        name: "link".into(),
        kind: tar::EntryType::Symlink,
        data: vec![],
    });
    out.push(kind("tar-symlink", good(m), "is a symbolic link"));
    let mut m = applications(&recs);
    m.push(member("notes.txt", b"x"));
    out.push(kind(
        "tar-extra-member",
        good(m),
        "which the manifest does not list",
    ));
    let mut m = applications(&recs);
    m.pop();
    out.push(kind(
        "tar-missing-member",
        good(m),
        "the archive is missing",
    ));
    // The envelope and the signature.
    out.push(kind(
        "unknown-sender",
        good(stranger_members(&recs)),
        "is not in this station's keyring",
    ));
    out.push(kind(
        "wrong-signer",
        good(good_members(
            PROVIDER,
            BAMF,
            &[MOMD],
            Content::ReadmissionApplications,
            &recs,
            &[],
        )),
        "does not verify",
    ));
    out.push(kind(
        "to-another-station",
        seal(&ustar(&members), &[PROVIDER]),
        "not encrypted to this station",
    ));
    let whole = good(applications(&records_from(970, 50)));
    out.push(kind(
        "truncated",
        whole[..whole.len() / 2].to_vec(),
        "damaged or cut short",
    ));
    let mut flipped = good(applications(&recs));
    let at = flipped.len() - 40;
    flipped[at] ^= 0x20;
    out.push(kind("bit-flip", flipped, "damaged or cut short"));
    out.push(kind(
        "not-age",
        ESCAPES.as_bytes().repeat(100),
        "the file is not an age-encrypted bundle",
    ));
    out
}

fn has_dangerous(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

#[test]
fn every_hostile_bundle_gets_its_sentence_and_changes_nothing() {
    let s = TestStation::demo();
    let media = s.path().join("media");
    std::fs::create_dir_all(&media).unwrap();
    // The case the look-alike references imitate.
    let first = media.join("first.ercms");
    std::fs::write(
        &first,
        good(applications(app_line("DE-2026-000900", "DE").as_bytes())),
    )
    .unwrap();
    clerk(&s).arg("import").arg(&first).assert().success();

    let corpus = corpus();
    assert!(corpus.len() >= 40, "{} kinds", corpus.len());
    let before = snapshot(&s);
    for k in &corpus {
        let path = media.join(format!("{}.ercms", k.name));
        std::fs::write(&path, &k.bytes).unwrap();
        let started = Instant::now();
        let out = clerk(&s).arg("import").arg(&path).output().unwrap();
        let took = started.elapsed();
        let err = String::from_utf8_lossy(&out.stderr);
        println!("{:<36} {:>7.3} s", k.name, took.as_secs_f64());
        assert_eq!(out.status.code(), Some(k.code), "{}: {err}", k.name);
        assert_eq!(err.lines().count(), 1, "{}: one sentence: {err}", k.name);
        let want = format!("ercms: {}.ercms: ", k.name);
        assert!(err.starts_with(&want), "{}: {err}", k.name);
        assert!(
            err.contains(k.sentence),
            "{}: `{err}` lacks `{}`",
            k.name,
            k.sentence
        );
        assert!(
            !has_dangerous(&err),
            "{}: raw control text: {err:?}",
            k.name
        );
        // At most a short escaped excerpt of an outside value.
        assert!(
            err.chars().count() < 400,
            "{}: a long sentence: {err}",
            k.name
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            k.bytes,
            "{}: media changed",
            k.name
        );
    }
    let after = snapshot(&s);
    let changed: Vec<String> = after
        .iter()
        .filter(|e| !before.contains(e))
        .chain(before.iter().filter(|e| !after.contains(e)))
        .map(|(tree, key, _)| format!("{tree}/{}", String::from_utf8_lossy(key)))
        .collect();
    assert!(
        changed.is_empty(),
        "a hostile bundle changed the station: {changed:?}"
    );

    // Each rejection is logged once, in a bounded record with nothing raw in it.
    let log = clerk(&s)
        .args(["exchange", "log", "--json"])
        .output()
        .unwrap();
    let log = stdout_json(&log);
    let rejected: Vec<_> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["direction"] == "rejected")
        .collect();
    assert_eq!(rejected.len(), corpus.len());
    for e in rejected {
        let text = e.to_string();
        assert!(
            text.len() < 1500,
            "an unbounded rejection record: {} bytes",
            text.len()
        );
        assert!(!has_dangerous(e["summary"].as_str().unwrap()), "{text}");
    }
    // And the clerk's table shows no raw control text either.
    let table = clerk(&s).args(["exchange", "log"]).output().unwrap();
    assert!(!has_dangerous(&String::from_utf8_lossy(&table.stdout)));
}

#[test]
fn a_file_name_with_escapes_is_shown_neutralised() {
    let s = TestStation::demo();
    let dir = s.path().join("media");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{ESCAPES}x.ercms"));
    std::fs::write(&path, b"not a bundle").unwrap();
    let out = clerk(&s).arg("import").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!has_dangerous(&err), "{err:?}");
    assert!(err.contains("\\u{1b}]0;PWNED"), "{err}");
    let _ = Path::new(&path);
}

/// A partner's application whose reference is fine but whose names carry escapes and a bidi override:
/// imported (names are free text), and every listing shows them neutralised.
#[test]
fn escapes_in_a_partners_names_never_reach_the_terminal_raw() {
    let s = TestStation::demo();
    let line = app_line("DE-2026-000977", "DE")
        .replace("\"Synthetic\"", &json(&format!("Evil{ESCAPES}")))
        .replace("\"Person 900\"", &json("\u{202e}nosreP"));
    let path = s.path().join("names.ercms");
    std::fs::write(&path, good(applications(line.as_bytes()))).unwrap();
    clerk(&s).arg("import").arg(&path).assert().success();
    for (user, args) in [
        ("officer", vec!["case", "list"]),
        ("officer", vec!["case", "show", "DE-2026-000977"]),
        ("officer", vec!["case", "list", "--json"]),
        ("clerk", vec!["exchange", "log"]),
    ] {
        let out = s
            .cmd_as(user, &format!("demo-{user}-pass"))
            .args(&args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{args:?}");
        assert!(!has_dangerous(&text), "{args:?}: {text:?}");
    }
    let list = s
        .cmd_as("officer", "demo-officer-pass")
        .args(["case", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&list.stdout).contains("Evil\\u{1b}]0;PWNED"));
}

/// The TUI draws through ratatui, which drops control characters and zero-width graphemes (bidi
/// overrides among them) before they reach the terminal: what THREAT-MODEL.md relies on.
#[test]
fn the_tui_buffer_never_holds_a_control_or_bidi_character() {
    use ratatui::{backend::TestBackend, widgets::Paragraph, Terminal};
    let mut t = Terminal::new(TestBackend::new(80, 3)).unwrap();
    t.draw(|f| {
        f.render_widget(
            Paragraph::new(format!("Surname: Evil{ESCAPES}txt.exe \u{2066}x\u{2069}")),
            f.area(),
        )
    })
    .unwrap();
    let cells: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(!has_dangerous(&cells), "{cells:?}");
    assert!(cells.contains("Surname: Evil"));
}
