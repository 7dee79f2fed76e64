//! Filter-as-you-type: every word typed must be the start of one of a row's search keys. The
//! station supplies the keys (names in each script and spelling, reference, state); this only
//! matches them.

use crate::domain::names;

/// Positions of the rows matching `query`, in their order; an empty query matches all. The query
/// is folded once, the way names are (scripts, transliterations, articles), then each of its words
/// must start some key of the row. The rows' keys are read where they are, never copied.
pub fn matching<'a>(rows: impl Iterator<Item = &'a [String]>, query: &str) -> Vec<usize> {
    let query = names::query_keys(query);
    let rows: Vec<&[String]> = rows.collect();
    if rows.len() < SPLIT_FROM {
        return matching_in(&rows, 0, &query);
    }
    // A key press must redraw within a frame even with 100,000 rows: half the rows on each core.
    let (first, second) = rows.split_at(rows.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| matching_in(second, first.len(), &query));
        let mut shown = matching_in(first, 0, &query);
        match other.join() {
            Ok(more) => shown.extend(more),
            // Cannot happen (matching does not panic); the rows are then matched here instead.
            Err(_) => shown.extend(matching_in(second, first.len(), &query)),
        }
        shown
    })
}

/// From how many rows matching is split over two threads.
const SPLIT_FROM: usize = 20_000;

fn matching_in(rows: &[&[String]], offset: usize, query: &[names::QueryKey]) -> Vec<usize> {
    rows.iter()
        .enumerate()
        .filter(|(_, keys)| names::matches_keys(keys, query))
        .map(|(i, _)| offset + i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows keyed as the station keys them.
    struct Index(Vec<Vec<String>>);

    impl Index {
        fn matching(&self, query: &str) -> Vec<usize> {
            matching(self.0.iter().map(|r| r.as_slice()), query)
        }
    }

    fn index(rows: &[&[&str]]) -> Index {
        Index(
            rows.iter()
                .map(|r| r.iter().flat_map(|s| names::tokens(s)).collect())
                .collect(),
        )
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
        let idx = Index(rows);
        assert_eq!(idx.matching("").len(), 100_000);
        // name7, name70..name79, name700..name799, name7000..7999, name70000..79999
        assert_eq!(idx.matching("name7").len(), 1 + 10 + 100 + 1000 + 10_000);
        assert_eq!(idx.matching("ref-099999 iq"), vec![99_999]);
        assert!(idx.matching("name7 ref-1").is_empty());
    }
}
