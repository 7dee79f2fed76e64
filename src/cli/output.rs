//! Printing results: one JSON document on stdout with `--json`, else text for people.

use super::Failure;
use serde::Serialize;

pub fn json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::failed(format!("could not write JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

/// A plain table: left-aligned columns wide enough for their longest cell (by display width).
pub fn table(headers: &[&str], rows: &[Vec<String>]) {
    use unicode_width::UnicodeWidthStr;
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width()).collect();
    for r in rows {
        for (i, cell) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.width());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < cells.len() {
                out.push_str(&" ".repeat(widths[i].saturating_sub(cell.width()) + 2));
            }
        }
        println!("{}", out.trim_end());
    };
    line(headers.to_vec());
    for r in rows {
        line(r.iter().map(String::as_str).collect());
    }
}

/// What became of a guarded change, for people: done, or waiting for a second person.
pub fn guarded(done: &str, outcome: &crate::service::Guarded) {
    match outcome {
        crate::service::Guarded::Applied => eprintln!("{done}"),
        crate::service::Guarded::Proposed { id } => eprintln!(
            "Proposed as {id}; it takes effect when a second person approves it \
             (`ercms proposal approve {id}`)."
        ),
    }
}
