//! Precision and recall of the duplicate check on the labelled synthetic pairs in
//! `fixtures/names/pairs.csv` (made by `fixtures/names/make_pairs.py`), at the flag threshold. The
//! figures are written to `docs/NAME-MATCHING.md`: `ERCMS_WRITE_DOCS=1 cargo test --lib
//! matching_table` rewrites them; without it the test fails when the doc says something else.

use super::tests::person;
use super::{duplicate_candidates, Candidate};
use std::collections::BTreeMap;
use uuid::Uuid;

const TABLE: &str = include_str!("../../../fixtures/names/pairs.csv");
const DOC: &str = "docs/NAME-MATCHING.md";
const BEGIN: &str = "<!-- figures: begin -->";
const END: &str = "<!-- figures: end -->";

#[derive(Default)]
struct Tally {
    true_pos: u32,
    false_pos: u32,
    false_neg: u32,
    true_neg: u32,
}

fn flagged(row: &csv::StringRecord) -> Option<Candidate> {
    let side = |at: usize| {
        let mut p = person(&row[at], &row[at + 1], &row[at + 3]);
        p.father_name = (!row[at + 2].is_empty()).then(|| row[at + 2].to_string());
        p
    };
    let (a, b) = (side(3), side(7));
    duplicate_candidates(&a, &[], [(Uuid::from_u128(1), &b, &[][..])])
        .into_iter()
        .next()
}

#[test]
fn precision_and_recall_on_the_labelled_pairs() {
    let mut reader = csv::Reader::from_reader(TABLE.as_bytes());
    let mut by_kind: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut all = Tally::default();
    let mut rows = 0;
    let mut misses = Vec::new();
    for row in reader.records() {
        let row = row.expect("the fixture is well-formed CSV");
        rows += 1;
        let same = &row[1] == "same";
        let found = flagged(&row);
        // A flagged pair shows why it matched.
        assert!(found.as_ref().is_none_or(|c| !c.reasons.is_empty()));
        let t = by_kind
            .entry((row[1].to_string(), row[2].to_string()))
            .or_default();
        for t in [t, &mut all] {
            match (same, found.is_some()) {
                (true, true) => t.true_pos += 1,
                (false, true) => t.false_pos += 1,
                (true, false) => t.false_neg += 1,
                (false, false) => t.true_neg += 1,
            }
        }
        if same != found.is_some() {
            misses.push(row[0].to_string());
        }
    }
    assert!(rows >= 300, "the table has {rows} pairs");
    let precision = f64::from(all.true_pos) / f64::from(all.true_pos + all.false_pos);
    let recall = f64::from(all.true_pos) / f64::from(all.true_pos + all.false_neg);
    let mut figures = format!(
        "{BEGIN}\n\n{rows} pairs ({} same person, {} different people); flag threshold {} points.\n\n\
         | | flagged | not flagged |\n|---|---|---|\n| same person | {} | {} |\n| different people | {} | {} |\n\n\
         **Precision {precision:.3}, recall {recall:.3}.**\n\n\
         | label | kind | pairs | flagged |\n|---|---|---|---|\n",
        all.true_pos + all.false_neg,
        all.false_pos + all.true_neg,
        super::FLAG_SCORE,
        all.true_pos,
        all.false_neg,
        all.false_pos,
        all.true_neg,
    );
    for ((label, kind), t) in &by_kind {
        let pairs = t.true_pos + t.false_pos + t.false_neg + t.true_neg;
        figures.push_str(&format!(
            "| {label} | {kind} | {pairs} | {} |\n",
            t.true_pos + t.false_pos
        ));
    }
    figures.push_str(&format!(
        "\nPairs decided wrongly (ids in the table): {}.\n\n{END}",
        if misses.is_empty() {
            "none".to_string()
        } else {
            misses.join(", ")
        }
    ));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(DOC);
    let doc = std::fs::read_to_string(&path).unwrap_or_default();
    let (Some(b), Some(e)) = (doc.find(BEGIN), doc.find(END)) else {
        panic!("{DOC} lacks its figures markers");
    };
    if std::env::var_os("ERCMS_WRITE_DOCS").is_some() {
        let new = format!("{}{figures}{}", &doc[..b], &doc[e + END.len()..]);
        std::fs::write(&path, new).expect("the doc is writable");
    } else {
        assert_eq!(
            &doc[b..e + END.len()],
            figures,
            "{DOC} is out of date: run ERCMS_WRITE_DOCS=1 cargo test --lib matching_table"
        );
    }
    assert!(recall >= 0.95, "recall {recall:.3}");
    assert!(precision >= 0.9, "precision {precision:.3}");
}
