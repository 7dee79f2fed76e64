//! The limits of free text and phone numbers in NRM records, checked in one place.

use super::error::NrmError;

/// Longest note, reason or address we accept: enough for a paragraph, not a document.
pub(super) const LONG: usize = 2000;
/// Longest name (of a provider, a focal point, a governorate outside Iraq).
pub(super) const SHORT: usize = 200;

/// A required text: trimmed, not empty, at most `max` characters.
pub(super) fn required(field: &'static str, value: &str, max: usize) -> Result<String, NrmError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(NrmError::Required { field });
    }
    bounded(field, v, max)
}

/// An optional text: blank becomes `None`.
pub(super) fn optional(
    field: &'static str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, NrmError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => bounded(field, v, max).map(Some),
    }
}

/// A reason that must be given to do `what` (decline, cancel, return, reopen…).
pub(super) fn reason(what: &'static str, value: &str) -> Result<String, NrmError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(NrmError::ReasonRequired { what });
    }
    bounded("reason", v, LONG)
}

/// A phone number as people write it: 6 to 20 digits, an optional leading `+`, spaces or hyphens.
pub(super) fn phone(field: &'static str, value: &str) -> Result<String, NrmError> {
    let v = value.trim();
    let body = v.strip_prefix('+').unwrap_or(v);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let ok = (6..=20).contains(&digits)
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == ' ' || c == '-');
    if ok {
        Ok(v.to_string())
    } else {
        Err(NrmError::BadPhone { field })
    }
}

fn bounded(field: &'static str, v: &str, max: usize) -> Result<String, NrmError> {
    if v.chars().count() > max {
        Err(NrmError::TooLong { field, max })
    } else {
        Ok(v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn required_text_is_trimmed_and_bounded() {
        assert_eq!(required("name", "  Tawasul  ", 10), Ok("Tawasul".into()));
        assert_eq!(
            required("name", "   ", 10).unwrap_err().to_string(),
            "the name is required"
        );
        assert_eq!(
            required("name", "abcdefghijk", 10).unwrap_err().to_string(),
            "the name may be at most 10 characters long"
        );
        assert_eq!(optional("address", Some("  "), 10), Ok(None));
    }

    #[test]
    fn phones_are_digits_with_light_punctuation() {
        for ok in ["+964 770 123 4567", "0770-123-4567", "123456"] {
            assert!(phone("phone", ok).is_ok(), "{ok}");
        }
        for bad in [
            "12345",
            "+964 (770) 1234567",
            "call me",
            "++9647701234567",
            "",
        ] {
            assert_eq!(
                phone("phone", bad).unwrap_err(),
                NrmError::BadPhone { field: "phone" },
                "{bad}"
            );
        }
        assert_eq!(
            reason("cancel a referral", " ").unwrap_err().to_string(),
            "a reason is required to cancel a referral"
        );
    }

    proptest! {
        #[test]
        fn any_text_is_either_kept_trimmed_or_refused(s in ".{0,40}") {
            if let Ok(v) = required("note", &s, 20) {
                prop_assert_eq!(v.as_str(), s.trim());
                prop_assert!(!v.is_empty() && v.chars().count() <= 20);
            }
            let _ = phone("phone", &s);
        }
    }
}
