//! The station settings file reaches the real binary: a bad value stops the TUI before the
//! terminal opens, with the catalogue's one sentence, and nothing of the station changes.

mod common;

use common::TestStation;

#[test]
fn a_bad_settings_file_stops_the_tui_with_one_sentence() {
    let s = TestStation::new();
    let settings = s.data().join("settings.toml");
    std::fs::write(&settings, "idle_lock_minutes = 0\n").expect("write settings");
    let out = s.admin().output().expect("run ercms");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let sentence = format!(
        "In {}, idle_lock_minutes must be a whole number from 1 to 240.",
        settings.display()
    );
    assert!(err.contains(&sentence), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");

    std::fs::write(&settings, "keymap = \"keys.toml\"\n").expect("write settings");
    std::fs::write(s.data().join("keys.toml"), "[queue]\nfly = [\"f\"]\n").expect("write keymap");
    let out = s.admin().output().expect("run ercms");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("the keymap names an unknown action \"fly\""),
        "{err}"
    );
    // The station still opens for the CLI.
    s.admin().args(["user", "list"]).assert().success();
}
