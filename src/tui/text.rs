//! All user-facing words, from the Fluent files in `i18n/`. A key missing in the chosen language
//! falls back to English; a key missing everywhere shows itself, so a gap is visible, never a panic.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// The languages shipped, with their Fluent source. English is complete; the others follow it.
const LANGUAGES: &[(&str, &str)] = &[
    ("en", include_str!("i18n/en.ftl")),
    ("ar", include_str!("i18n/ar.ftl")),
    ("ckb", include_str!("i18n/ckb.ftl")),
    ("fr", include_str!("i18n/fr.ftl")),
    ("az", include_str!("i18n/az.ftl")),
];

pub struct Text {
    language: String,
    chosen: Option<FluentBundle<FluentResource>>,
    english: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Text")
            .field("language", &self.language)
            .finish()
    }
}

fn bundle(code: &str, source: &str) -> Option<FluentBundle<FluentResource>> {
    let lang: LanguageIdentifier = code.parse().ok()?;
    // A resource with a syntax error still yields the messages that parsed.
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    let mut bundle = FluentBundle::new(vec![lang]);
    // Terminals do not understand the Unicode isolation marks Fluent adds around arguments.
    bundle.set_use_isolating(false);
    bundle.add_resource_overriding(resource);
    Some(bundle)
}

impl Text {
    /// Text in `language` ("en", "ar", "ckb", "fr", "az"); an unknown language means English.
    pub fn new(language: &str) -> Text {
        let english = bundle("en", LANGUAGES[0].1).unwrap_or_else(|| FluentBundle::new(vec![])); // ok: "en" always parses
        let chosen = LANGUAGES
            .iter()
            .skip(1)
            .find(|(code, _)| *code == language)
            .and_then(|(code, source)| bundle(code, source));
        let language = if chosen.is_some() { language } else { "en" };
        Text {
            language: language.to_string(),
            chosen,
            english,
        }
    }

    pub fn language(&self) -> &str {
        &self.language
    }

    /// The languages a user may pick.
    pub fn languages() -> impl Iterator<Item = &'static str> {
        LANGUAGES.iter().map(|(code, _)| *code)
    }

    pub fn get(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// A message with arguments, such as `("n", 3.into())` or `("user", "amira".into())`.
    pub fn with(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.format(key, Some(&fluent_args))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        for bundle in self.chosen.iter().chain(std::iter::once(&self.english)) {
            if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                return bundle
                    .format_pattern(pattern, args, &mut errors)
                    .into_owned();
            }
        }
        key.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_bundle::FluentResource;

    /// Message ids, read the simple way: our files put each message at the start of a line.
    fn keys(source: &str) -> Vec<String> {
        assert!(
            FluentResource::try_new(source.to_string()).is_ok(),
            "ftl parses"
        );
        source
            .lines()
            .filter_map(|l| l.split_once(" ="))
            .map(|(id, _)| id.to_string())
            .filter(|id| {
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_' || c.is_ascii_digit())
            })
            .filter(|id| !id.is_empty())
            .collect()
    }

    #[test]
    fn every_language_file_parses_and_uses_only_english_keys() {
        let english = keys(LANGUAGES[0].1);
        assert!(english.len() > 50);
        for (code, source) in LANGUAGES {
            for key in keys(source) {
                assert!(english.contains(&key), "{code} has {key}, English does not");
            }
        }
    }

    #[test]
    fn a_missing_key_falls_back_to_english_then_to_itself() {
        let arabic = Text::new("ar");
        assert_eq!(arabic.language(), "ar");
        let ar_keys = keys(LANGUAGES[1].1);
        let missing = keys(LANGUAGES[0].1)
            .into_iter()
            .find(|k| !ar_keys.contains(k))
            .expect("Arabic is not yet complete");
        assert_eq!(arabic.get(&missing), Text::new("en").get(&missing));
        assert_eq!(arabic.get("no-such-key"), "no-such-key");
        assert_ne!(
            arabic.get("login-title"),
            Text::new("en").get("login-title")
        );
    }

    #[test]
    fn arguments_are_placed_without_isolation_marks() {
        let text = Text::new("en");
        let s = text.with("queue-count", &[("shown", 3.into()), ("total", 10.into())]);
        assert_eq!(s, "3 of 10 cases");
        assert!(!s.contains('\u{2068}'));
        assert_eq!(Text::new("xx").language(), "en");
    }
}
