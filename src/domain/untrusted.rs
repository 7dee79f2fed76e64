//! Text that came from outside (a partner's bundle, a file name, a typed field): how it is shown and
//! compared. Every printer (CLI tables and sentences, the TUI, logs) passes such text through [`shown`],
//! so that no control character or bidi override from a stranger reaches a terminal or a log.

use finl_unicode::categories::CharacterCategories;
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// Characters that change how a terminal or a bidi renderer shows what follows: C0/C1 controls
/// (escape sequences), bidi embeddings, overrides and isolates, and line/paragraph separators.
fn is_dangerous(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
            | '\u{2028}' | '\u{2029}')
}

/// The text with every dangerous character replaced by its visible escape (`\u{1b}`); other text,
/// including Arabic and Kurdish letters and the joiners they need, is kept as it is.
pub fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_dangerous) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_dangerous(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text with every dangerous character that JSON leaves raw (bidi marks, line separators) written
/// as its `\uXXXX` escape: the same JSON value, harmless on a terminal. (serde_json escapes controls.)
pub fn json_escaped(json: &str) -> Cow<'_, str> {
    // Controls are escaped by serde_json inside strings; outside them only JSON's white space occurs.
    let raw = |c: char| is_dangerous(c) && !c.is_control();
    if !json.chars().any(raw) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if raw(c) {
            // Every such character is in the BMP, so one escape spells it.
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// At most this many characters of an outside value appear in a sentence.
pub const EXCERPT_CHARS: usize = 40;

/// A short, neutralised excerpt of an outside value, for a sentence that must point at it.
pub fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    let cut = out.len() < text.len();
    out = shown(&out).into_owned();
    if cut {
        out.push('…');
    }
    out
}

/// Does the text hold a character one cannot see (format characters such as the zero-width space,
/// controls, separators, or white space other than the plain space)? References may not: two
/// references that look the same must be the same.
pub fn has_invisible(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_format() || is_dangerous(c) || (c.is_whitespace() && c != ' '))
}

/// The form in which references are compared: NFKC, then lowercase (Unicode's full lowercase
/// mapping, which equals case folding for the letters references use), surrounding spaces trimmed.
/// `de-2026-0042` and `DE-2026-0042` are one reference, and so are full-width digits and ASCII ones.
pub fn reference_key(text: &str) -> String {
    text.trim().nfkc().collect::<String>().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_bidi_overrides_are_made_visible() {
        let hostile = "\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{202e}txt.exe";
        let out = shown(hostile);
        assert!(!out.chars().any(is_dangerous), "{out}");
        assert_eq!(out, "\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J\\u{202e}txt.exe");
        // Arabic and Kurdish text with its joiners stays as it is.
        assert_eq!(shown("کوردی\u{200c}یە"), "کوردی\u{200c}یە");
        assert!(matches!(shown("Al-Jubouri"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_its_value_and_loses_its_bidi_marks() {
        let text = serde_json::to_string_pretty(&["a\u{202e}b\u{1b}"]).unwrap();
        let safe = json_escaped(&text);
        assert!(
            !safe.chars().any(|c| is_dangerous(c) && c != '\n'),
            "{safe}"
        );
        let back: Vec<String> = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, ["a\u{202e}b\u{1b}"]);
    }

    #[test]
    fn excerpts_are_short_and_neutral() {
        let long = "\u{1b}".repeat(1000);
        let e = excerpt(&long);
        assert!(e.chars().count() < 8 * EXCERPT_CHARS, "{e}");
        assert!(e.ends_with('…'));
        assert!(!e.contains('\u{1b}'));
    }

    #[test]
    fn look_alike_references_are_one_reference_and_invisible_ones_are_caught() {
        assert_eq!(reference_key("DE-2026-0042"), reference_key("de-2026-0042"));
        assert_eq!(
            reference_key("DE-2026-0042"),
            reference_key("ＤＥ-２０２６-００４２")
        );
        assert_ne!(reference_key("DE-2026-0042"), reference_key("DE-2026-0043"));
        assert!(has_invisible("DE-2026\u{200b}-0042"));
        assert!(has_invisible("DE-2026\u{00a0}0042"));
        assert!(has_invisible("DE\u{202e}2026"));
        assert!(!has_invisible("DE-2026-0042"));
        assert!(!has_invisible("BAMF Referat 41"));
    }
}
