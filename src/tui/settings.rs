//! The station's settings file, `<data dir>/settings.toml`, read once when the TUI starts:
//! the idle-lock minutes and a keymap file laid over the built-in keys. A missing file means the
//! defaults; a bad value is refused with one sentence and the TUI does not start. The format is
//! described in docs/SETTINGS.md.

use super::keymap::Keymap;
use super::text::Text;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The settings file's name inside the data folder.
pub const FILE_NAME: &str = "settings.toml";
/// Lock after this long without a key press when the file says nothing.
pub const DEFAULT_IDLE_LOCK_MINUTES: u64 = 5;
/// Longer than four hours unattended is not a lock any more.
pub const MAX_IDLE_LOCK_MINUTES: u64 = 240;

/// What the settings file sets, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub idle_lock: Duration,
    /// The keymap file's text, already checked to parse.
    pub keymap: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            idle_lock: Duration::from_secs(DEFAULT_IDLE_LOCK_MINUTES * 60),
            keymap: None,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    idle_lock_minutes: Option<i64>,
    /// Relative paths are taken from the data folder.
    keymap: Option<PathBuf>,
}

/// Reads `<dir>/settings.toml`; the error is one sentence from the catalogue in `text`'s language.
pub fn read(dir: &Path, text: &Text) -> Result<Settings, String> {
    let path = dir.join(FILE_NAME);
    let shown = path.display().to_string();
    let content = match std::fs::read_to_string(&path) {
        Ok(content) => content,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
        Err(e) => return Err(refusal(text, "settings-unreadable", &shown, &e.to_string())),
    };
    let file: File = toml::from_str(&content)
        .map_err(|e| refusal(text, "settings-invalid", &shown, &e.to_string()))?;
    let mut settings = Settings::default();
    if let Some(minutes) = file.idle_lock_minutes {
        let minutes = u64::try_from(minutes)
            .ok()
            .filter(|m| (1..=MAX_IDLE_LOCK_MINUTES).contains(m))
            .ok_or_else(|| {
                text.with(
                    "settings-idle-lock",
                    &[
                        ("file", shown.as_str().into()),
                        ("max", MAX_IDLE_LOCK_MINUTES.into()),
                    ],
                )
            })?;
        settings.idle_lock = Duration::from_secs(minutes * 60);
    }
    if let Some(keymap) = file.keymap {
        let keymap = dir.join(keymap);
        let shown = keymap.display().to_string();
        let content = std::fs::read_to_string(&keymap)
            .map_err(|e| refusal(text, "settings-keymap-unreadable", &shown, &e.to_string()))?;
        Keymap::with_overrides(&content)
            .map_err(|e| refusal(text, "settings-keymap-invalid", &shown, &e.to_string()))?;
        settings.keymap = Some(content);
    }
    Ok(settings)
}

fn refusal(text: &Text, key: &str, file: &str, why: &str) -> String {
    // The causes come from the file system and the TOML reader; their full stop is ours.
    let why = why.trim().trim_end_matches('.');
    text.with(key, &[("file", file.into()), ("why", why.into())])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_with(content: Option<&str>, extra: &[(&str, &str)]) -> Result<Settings, String> {
        let dir = tempfile::tempdir().expect("temp dir");
        if let Some(content) = content {
            std::fs::write(dir.path().join(FILE_NAME), content).expect("write settings");
        }
        for (name, content) in extra {
            std::fs::write(dir.path().join(name), content).expect("write file");
        }
        let shown = dir.path().display().to_string();
        read(dir.path(), &Text::new("en")).map_err(|e| e.replace(&shown, "DIR"))
    }

    #[test]
    fn no_file_means_the_defaults() {
        assert_eq!(read_with(None, &[]), Ok(Settings::default()));
        assert_eq!(Settings::default().idle_lock, Duration::from_secs(300));
    }

    #[test]
    fn the_idle_lock_and_the_keymap_are_read() {
        let keymap = "[queue]\nopen = [\"o\"]\n";
        let s = read_with(
            Some("idle_lock_minutes = 15\nkeymap = \"keys.toml\"\n"),
            &[("keys.toml", keymap)],
        )
        .expect("good settings");
        assert_eq!(s.idle_lock, Duration::from_secs(15 * 60));
        assert_eq!(s.keymap.as_deref(), Some(keymap));
    }

    #[test]
    fn bad_values_are_refused_with_one_sentence() {
        for bad in [
            "idle_lock_minutes = 0",
            "idle_lock_minutes = -3",
            "idle_lock_minutes = 241",
        ] {
            assert_eq!(
                read_with(Some(bad), &[]),
                Err(
                    "In DIR/settings.toml, idle_lock_minutes must be a whole number from 1 to 240."
                        .to_string()
                ),
                "{bad}"
            );
        }
        let typo = read_with(Some("idle_lock_minute = 5"), &[]).expect_err("unknown field");
        assert!(
            typo.starts_with("The settings file DIR/settings.toml is not valid: "),
            "{typo}"
        );
        assert!(typo.ends_with('.') && !typo.ends_with(".."), "{typo}");
        let text = read_with(Some("idle_lock_minutes = \"ten\""), &[]).expect_err("a string");
        assert!(text.contains("is not valid"), "{text}");
        let missing = read_with(Some("keymap = \"nowhere.toml\""), &[]).expect_err("no file");
        assert!(
            missing.starts_with(
                "The keymap file DIR/nowhere.toml named in the settings could not be read: "
            ),
            "{missing}"
        );
        let unknown = read_with(
            Some("keymap = \"keys.toml\""),
            &[("keys.toml", "[queue]\nfly = [\"f\"]\n")],
        )
        .expect_err("an unknown action");
        assert_eq!(
            unknown,
            "The keymap file DIR/keys.toml is not valid: the keymap names an unknown action \"fly\"."
        );
    }
}
