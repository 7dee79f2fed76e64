//! Filter-as-you-type: every word typed must be the start of one of a row's search keys. The
//! station supplies the keys (names in each script and spelling, reference, state); this only
//! matches them.

use crate::domain::names;

/// The rows' search keys, kept as the station gives them, so each key press only folds the query
/// once and compares prefixes.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    keys: Vec<Vec<String>>,
}

impl SearchIndex {
    /// Rows' search keys as the station gives them: already in the domain's name-key form.
    pub fn new<'a>(rows: impl Iterator<Item = &'a [String]>) -> SearchIndex {
        SearchIndex {
            keys: rows.map(|keys| keys.to_vec()).collect(),
        }
    }

    /// Positions of the rows matching `query`, in their order; an empty query matches all. The query
    /// is folded once, the way names are (scripts, transliterations, articles), then each of its words
    /// must start some key of the row.
    pub fn matching(&self, query: &str) -> Vec<usize> {
        let query = names::query_keys(query);
        self.keys
            .iter()
            .enumerate()
            .filter(|(_, keys)| names::matches_keys(keys, &query))
            .map(|(i, _)| i)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows keyed as the station keys them.
    fn index(rows: &[&[&str]]) -> SearchIndex {
        let owned: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().flat_map(|s| names::tokens(s)).collect())
            .collect();
        SearchIndex::new(owned.iter().map(|r| r.as_slice()))
    }

    #[test]
    fn every_word_must_start_some_key() {
        let idx = index(&[
            &["mohammed", "muhammad", "محمد", "al-jubouri", "de-2026-1"],
            &["ahmed", "أحمد", "hassan", "fr-2026-2"],
        ]);
        assert_eq!(idx.matching(""), vec![0, 1]);
        assert_eq!(idx.matching("MUH"), vec![0]);
        assert_eq!(idx.matching("محم"), vec![0]);
        assert_eq!(idx.matching("ahm has"), vec![1]);
        assert_eq!(idx.matching("ahm jub"), Vec::<usize>::new());
        // Matching is by sound: "hammed" sounds like Ahmed (h-m-d), never like Mohammed (m-h-m-d).
        assert_eq!(idx.matching("hammed"), vec![1]);
        assert_eq!(idx.matching("zainab"), Vec::<usize>::new());
    }

    #[test]
    fn a_hundred_thousand_rows_filter_correctly() {
        let rows: Vec<Vec<String>> = (0..100_000)
            .map(|i| {
                [
                    format!("name{i}"),
                    format!("ref-{:06}", i),
                    "iq".to_string(),
                ]
                .iter()
                .flat_map(|s| names::tokens(s))
                .collect()
            })
            .collect();
        let idx = SearchIndex::new(rows.iter().map(|r| r.as_slice()));
        assert_eq!(idx.matching("").len(), 100_000);
        // name7, name70..name79, name700..name799, name7000..7999, name70000..79999
        assert_eq!(idx.matching("name7").len(), 1 + 10 + 100 + 1000 + 10_000);
        assert_eq!(idx.matching("ref-099999 iq"), vec![99_999]);
        assert!(idx.matching("name7 ref-1").is_empty());
    }
}
