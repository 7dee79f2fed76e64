//! Name keys for search and duplicate detection. Names arrive in many Latin transliterations and in
//! Arabic script; the key of each name word is a **Latin consonant skeleton** so that "Mohammed",
//! "Muhammad", "Mohamad" and "محمد" all become `mhmd`.
//!
//! Steps, per word: Unicode NFKC; lower case; Latin diacritics stripped (via NFD); Arabic folded
//! (alef forms → ا, ta marbuta → ه, alef maqsura → ي, hamza seats → their letter, tatweel and harakat
//! removed); the article dropped (`al-`, `el-`, `ال`, and the assimilated `ar-`, `as-`, `ash-`…); then
//! both scripts are mapped to one consonant skeleton: Latin digraphs fold (`kh`→k, `sh`/`ch`→s, `th`→t,
//! `dh`→d, `gh`→g, `ph`→f, `dj`→j, `q`/`c`→k), Arabic letters map to the same consonants, vowels and
//! the semi-vowels `w`/`y` (و/ي, ع, ء) are dropped, doubled letters collapse and a final `h` is dropped
//! (ta marbuta: "Fatima" = "Fatimah" = "فاطمة"). A word made only of vowels keys as `a`.
//!
//! The skeleton is deliberately coarse: it finds variants at the price of some unrelated names sharing
//! a key, which is why duplicate detection also needs a compatible date of birth.

use super::application::Person;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The key of a whole name: its word keys joined by spaces.
pub fn name_key(name: &str) -> String {
    tokens(name).join(" ")
}

/// The keys of the words of `name`, in order, articles left out. A word with a digit in it (a
/// reference, a document number) is kept whole: a consonant skeleton would merge its digits.
pub fn tokens(name: &str) -> Vec<String> {
    words(name)
        .into_iter()
        .map(|w| {
            if w.chars().any(|c| c.is_ascii_digit()) {
                return w;
            }
            let s = skeleton(&w);
            if s.is_empty() {
                "a".to_string()
            } else {
                s
            }
        })
        .collect()
}

/// Every word key of a person's names (Latin, native script, aliases, parents'), for the queue filter.
pub fn person_tokens(p: &Person) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let native = p.native_script.as_ref();
    let names = [
        Some(p.surname.as_str()),
        Some(p.given_names.as_str()),
        p.father_name.as_deref(),
        p.grandfather_name.as_deref(),
        p.mother_name.as_deref(),
        p.maiden_name.as_deref(),
        native.and_then(|n| n.surname.as_deref()),
        native.and_then(|n| n.given_names.as_deref()),
        native.and_then(|n| n.father_name.as_deref()),
        native.and_then(|n| n.mother_name.as_deref()),
    ];
    for name in names
        .into_iter()
        .flatten()
        .chain(p.aliases.iter().map(String::as_str))
    {
        for t in tokens(name) {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// Does every word of `query` start some key in `haystack_keys`? Words of the query that key to
/// nothing (a lone vowel) are ignored; an empty query matches everything.
pub fn matches_query(haystack_keys: &[String], query: &str) -> bool {
    matches_keys(haystack_keys, &query_keys(query))
}

/// One word of a query, folded for matching keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryKey {
    /// The skeleton as typed so far (a final "h" kept: "muh" is the start of "mhmd", not of "mr").
    prefix: String,
    /// The word's full key (a final "h" dropped, as keys drop it: "fatimah" is "ftm").
    whole: String,
}

/// The keys of a query's words, folded once for filtering many rows.
pub fn query_keys(query: &str) -> Vec<QueryKey> {
    words(query)
        .into_iter()
        .filter_map(|w| {
            let (prefix, whole) = if w.chars().any(|c| c.is_ascii_digit()) {
                (w.clone(), w)
            } else {
                (skeleton_with(&w, false), skeleton(&w))
            };
            (!prefix.is_empty()).then_some(QueryKey { prefix, whole })
        })
        .collect()
}

/// `matches_query` with the query already folded by `query_keys`.
pub fn matches_keys(haystack_keys: &[String], query: &[QueryKey]) -> bool {
    query.iter().all(|q| {
        haystack_keys
            .iter()
            .any(|k| k.starts_with(q.prefix.as_str()) || *k == q.whole)
    })
}

/// Articles written as their own word or joined by a hyphen.
const ARTICLES: &[&str] = &[
    "al", "el", "ul", "ar", "as", "ash", "ad", "an", "at", "az", "ath", "adh", "ال",
];

/// Normalised words of a name, with articles removed.
fn words(name: &str) -> Vec<String> {
    let folded = fold(name);
    let mut out = Vec::new();
    for part in folded.split(|c: char| c.is_whitespace()) {
        let mut pieces: Vec<&str> = part
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .collect();
        // "al-Jubouri", "ash-Shammari": the hyphenated article goes.
        if pieces.len() > 1 && ARTICLES.contains(&pieces[0]) {
            pieces.remove(0);
        }
        for p in pieces {
            if p == "al" || p == "el" || p == "ال" {
                continue;
            }
            out.push(strip_joined_article(p).to_string());
        }
    }
    out
}

/// "Aljaburi" → "jaburi", "الجبوري" → "جبوري"; but "Ali", "Alawi" and "Alexander" keep their "al".
fn strip_joined_article(word: &str) -> &str {
    if let Some(rest) = word.strip_prefix("ال") {
        if rest.chars().count() >= 2 {
            return rest;
        }
    }
    for article in ["al", "el"] {
        if let Some(rest) = word.strip_prefix(article) {
            let starts_with_consonant = rest
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() && !"aeiouy".contains(c));
            if rest.len() >= 3 && starts_with_consonant {
                return rest;
            }
        }
    }
    word
}

/// NFKC, lower case, Latin diacritics and Arabic harakat removed, Arabic letter forms folded.
fn fold(s: &str) -> String {
    // Plain ASCII is its own NFKC, NFD and NFC and has no marks or letters to fold: only the case
    // changes. Most Latin names take this path, which an import of many thousand names feels.
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let lower: String = s.nfkc().collect::<String>().to_lowercase();
    // NFD splits "é" into "e" + accent and "أ" into "ا" + hamza: dropping the marks folds both.
    lower
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .filter_map(|c| match c {
            'ٱ' => Some('ا'),
            'ة' => Some('ه'),
            'ى' | 'ی' => Some('ي'),
            'ک' => Some('ك'),
            'ـ' | 'ء' => None, // tatweel, lone hamza
            'ß' => Some('s'),
            'ı' => Some('i'),
            'ø' => Some('o'),
            'æ' => Some('a'),
            'đ' => Some('d'),
            'ł' => Some('l'),
            other => Some(other),
        })
        .nfc()
        .collect()
}

/// The consonant skeleton of one folded word (a final "h" dropped: Fatimah = Fatima).
fn skeleton(word: &str) -> String {
    skeleton_with(word, true)
}

fn skeleton_with(word: &str, drop_final_h: bool) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut mapped: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let digraph = match (c, next) {
            ('k', Some('h')) => Some('k'),
            ('s' | 'c', Some('h')) => Some('s'),
            ('t', Some('h')) => Some('t'),
            ('d', Some('h')) => Some('d'),
            ('g', Some('h')) => Some('g'),
            ('p', Some('h')) => Some('f'),
            ('d', Some('j')) => Some('j'),
            _ => None,
        };
        if let Some(d) = digraph {
            mapped.push(d);
            i += 2;
            continue;
        }
        if let Some(m) = consonant(c) {
            mapped.push(m);
        }
        i += 1;
    }
    mapped.dedup();
    if drop_final_h && mapped.len() > 1 && mapped.last() == Some(&'h') {
        mapped.pop();
    }
    mapped.into_iter().collect()
}

/// The skeleton consonant of one letter, `None` for vowels and letters the skeleton ignores.
fn consonant(c: char) -> Option<char> {
    Some(match c {
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'w' => return None,
        'q' | 'c' => 'k',
        'v' => 'f',
        'p' => 'b',
        // Arabic, with Persian and Kurdish letters folded to their nearest Arabic sound.
        'ا' | 'و' | 'ي' | 'ع' | 'ؤ' | 'ئ' | 'ۆ' | 'ێ' | 'ە' => return None,
        'ب' | 'پ' => 'b',
        'ت' | 'ث' | 'ط' => 't',
        'ج' => 'j',
        'چ' => 's',
        'ح' | 'ه' | 'ھ' => 'h',
        'خ' | 'ق' | 'ك' => 'k',
        'د' | 'ذ' | 'ض' => 'd',
        'ر' | 'ڕ' => 'r',
        'ز' | 'ظ' | 'ژ' => 'z',
        'س' | 'ش' | 'ص' => 's',
        'غ' | 'گ' => 'g',
        'ف' | 'ڤ' => 'f',
        'ل' | 'ڵ' => 'l',
        'م' => 'm',
        'ن' => 'n',
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Each row: spellings of one name that must share a key.
    const SAME: &[&[&str]] = &[
        &[
            "Mohammed",
            "Muhammad",
            "Mohamad",
            "Mohamed",
            "Muhammed",
            "MOHAMMED",
            "محمد",
            "مُحَمَّد",
            "Moḥammad",
        ],
        &["Ahmed", "Ahmad", "أحمد", "احمد", "Aḥmad"],
        &["Hussein", "Husain", "Hussain", "Hossein", "حسين"],
        &[
            "Al-Jubouri",
            "Aljaburi",
            "Al Jabouri",
            "al-Juburi",
            "الجبوري",
            "El Jabouri",
        ],
        &["Fatima", "Fatimah", "Fatma", "فاطمة"],
        &["Abdullah", "Abdallah", "Abdulla", "عبدالله"],
        &["Khalid", "Khaled", "Kalid", "خالد"],
        &["Ali", "Aly", "علي", "عليّ"],
        &["Yousef", "Yusuf", "Youssef", "يوسف"],
        &["Al-Shammari", "Ash-Shammari", "Alshammari", "الشمري"],
        &["Sharif", "Chérif", "Cherif", "شريف"],
        &["Hashem", "Hashim", "هاشم"],
        &["Zainab", "Zeinab", "Zaynab", "زينب"],
    ];

    #[test]
    fn variants_share_a_key() {
        for row in SAME {
            let want = name_key(row[0]);
            assert!(!want.is_empty());
            for variant in *row {
                assert_eq!(name_key(variant), want, "{variant} vs {}", row[0]);
            }
        }
    }

    #[test]
    fn different_names_keep_different_keys() {
        let names = [
            "Mohammed", "Ahmed", "Hussein", "Jubouri", "Fatima", "Khalid", "Ali", "Yousef",
            "Hashem", "Zainab", "Karim", "Omar",
        ];
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                assert_ne!(name_key(a), name_key(b), "{a} and {b}");
            }
        }
        // The skeleton is coarse on purpose: short vowels are not written in Arabic script, so
        // Hassan (حسن) and Hussein (حسين) share a key; duplicates also need the date of birth.
        assert_eq!(name_key("Hassan"), name_key("Hussein"));
        // the article is only dropped where it is one
        assert_eq!(name_key("Ali"), "l");
        assert_eq!(name_key("Alexander"), name_key("alexander"));
        assert_ne!(name_key("Alexander"), name_key("xander"));
    }

    #[test]
    fn tokens_split_words_and_drop_articles() {
        assert_eq!(tokens("Ahmed  Al-Jubouri"), ["hmd", "jbr"]);
        assert_eq!(tokens("أحمد الجبوري"), ["hmd", "jbr"]);
        assert_eq!(tokens("Mohammed-Ali"), ["mhmd", "l"]);
        assert_eq!(tokens("Aya"), ["a"]);
        assert!(tokens("  - ").is_empty());
        assert_eq!(tokens("ﻣﺤﻤﺪ"), ["mhmd"]); // presentation forms fold under NFKC
        assert_eq!(tokens("محـــمد"), ["mhmd"]); // tatweel
    }

    #[test]
    fn the_queue_filter_matches_prefixes_across_scripts() {
        let keys = tokens("Mohammed Ahmed Al-Jubouri");
        for q in [
            "moh",
            "Muhammad",
            "محمد",
            "jub",
            "الجبوري",
            "ahmad jab",
            "mu al-jab",
            "",
            "a",
        ] {
            assert!(matches_query(&keys, q), "{q}");
        }
        for q in ["hussein", "moh hussein", "karim"] {
            assert!(!matches_query(&keys, q), "{q}");
        }
    }

    proptest! {
        #[test]
        fn keys_never_panic_and_are_stable(s in "\\PC{0,40}") {
            let keys = tokens(&s);
            prop_assert!(keys.iter().all(|k| !k.is_empty() && !k.contains(' ')));
            prop_assert_eq!(name_key(&s), keys.join(" "));
        }

        #[test]
        fn a_name_matches_itself(s in "[A-Za-z\u{0621}-\u{064A} -]{0,30}") {
            prop_assert!(matches_query(&tokens(&s), &s));
        }
    }
}

#[cfg(test)]
mod query_tests {
    use super::*;

    #[test]
    fn references_and_document_numbers_keep_their_digits() {
        assert_eq!(tokens("DE-2026-000005"), vec!["d", "2026", "000005"]);
        assert!(matches_query(&tokens("DE-2026-000005"), "de-2026-000005"));
        assert!(!matches_query(&tokens("DE-2026-000005"), "de-2026-000050"));
        assert!(matches_query(&tokens("A12345678"), "a123"));
    }

    #[test]
    fn a_query_is_folded_like_the_names_it_searches() {
        let keys = tokens("Mohammed Al-Jubouri محمد الجبوري");
        for q in ["muhammad", "MOHAMAD aljaburi", "محمد", "جبوري", "moh jub"] {
            assert!(matches_query(&keys, q), "{q}");
        }
        assert!(!matches_query(&keys, "karim"));
        // A half-typed word keeps its final "h": "muh" starts Muhammad, not Omar.
        assert!(matches_query(&keys, "muh"));
        assert!(!matches_query(&tokens("Omar"), "muh"));
        assert!(matches_query(&tokens("Fatima"), "fatimah"));
        assert!(
            matches_query(&keys, "a"),
            "a lone vowel keys to nothing and is ignored"
        );
    }
}
