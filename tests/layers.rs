//! The layers import only downwards: `domain` ← `vault`, `audit`, `exchange` ← `service` ← `tui`,
//! `cli`. A TUI screen (state, update, drawing, view models, ports) sees only view models: only a
//! feature's live adapter (`live.rs`), its test fake (`fake.rs`) and its tests reach the service or
//! the domain. This test reads the source and fails on an import that goes the wrong way.

use std::fs;
use std::path::{Path, PathBuf};

/// The top-level modules, lowest first; a module may use those of a lower rank.
fn rank(module: &str) -> Option<u8> {
    Some(match module {
        "domain" => 0,
        "vault" | "audit" | "exchange" => 1,
        "service" => 2,
        "tui" | "cli" => 3,
        _ => return None,
    })
}

/// Imports that cross a layer sideways or are not yet gone, each with the reason it stands.
/// Anything else going the wrong way fails the test.
const KNOWN: &[(&str, &str)] = &[
    // The CLI's `station` command starts the terminal UI: an entry point, not a dependency.
    ("src/cli/station.rs", "tui"),
];

/// TUI files that still reach below the port. Each is a debt with a reason; none may be added.
const TUI_DEBT: &[(&str, &str)] = &[
    // The signed-in role (`domain::role::Role`) and the policy table (`allows`) decide what the
    // dashboard and the screens offer; a port answer listing the offers would replace them.
    ("src/tui/view.rs", "domain"),
    ("src/tui/admin/port.rs", "domain"),
    ("src/tui/admin/update.rs", "domain"),
    ("src/tui/exchange/update.rs", "domain"),
    ("src/tui/reports/update.rs", "domain"),
    ("src/tui/session/update.rs", "domain"),
    // The queue filter matches names with the domain's folding of scripts and spellings.
    ("src/tui/components/filter.rs", "domain"),
    // The NRM screens still draw domain and service types and build domain actions (issue 12
    // puts them behind view models and typed outcomes like the other features).
    ("src/tui/components/form.rs", "domain"),
    ("src/tui/nrm/port.rs", "domain"),
    ("src/tui/nrm/port.rs", "service"),
    ("src/tui/nrm/providers.rs", "domain"),
    ("src/tui/nrm/returnee.rs", "domain"),
    ("src/tui/nrm/returnee.rs", "service"),
    ("src/tui/nrm/update.rs", "domain"),
    ("src/tui/nrm/update.rs", "service"),
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules named as `crate::X` in the code of `text`, outside comments and `mod tests`.
fn imports(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        // Unit tests sit at the end of a file; what they import is test code.
        if code.starts_with("mod tests") {
            break;
        }
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push((n + 1, name));
        }
    }
    found
}

/// A TUI file that may reach the service: adapters, fakes, tests, the entry point.
fn tui_adapter(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    matches!(file, "live.rs" | "fake.rs" | "tests.rs") || path == "src/tui/mod.rs"
}

#[test]
fn no_layer_imports_a_higher_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    files(&root.join("src"), &mut all);
    let mut wrong = Vec::new();
    for path in all {
        let rel = path
            .strip_prefix(root)
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        let Some(layer) = rel.strip_prefix("src/").and_then(|r| r.split('/').next()) else {
            continue;
        };
        let layer = layer.trim_end_matches(".rs");
        let Some(mine) = rank(layer) else { continue };
        let text = fs::read_to_string(&path).expect("read source");
        for (line, module) in imports(&text) {
            let Some(theirs) = rank(&module) else {
                continue;
            };
            let sideways = theirs == mine && module != layer;
            let known = KNOWN.iter().any(|(f, m)| *f == rel && *m == module);
            if (theirs > mine || sideways) && !known {
                wrong.push(format!("{rel}:{line}: {layer} uses {module}"));
            }
            let below_port = layer == "tui" && module != "tui" && !tui_adapter(&rel);
            let debt = TUI_DEBT.iter().any(|(f, m)| *f == rel && *m == module);
            if below_port && !debt {
                wrong.push(format!("{rel}:{line}: a TUI screen uses {module}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_sees_a_wrong_import() {
    let found = imports(
        "use crate::service::Session;\n// use crate::tui::x;\nmod tests {\n use crate::cli;\n}",
    );
    assert_eq!(found, vec![(1, "service".to_string())]);
    assert!(rank("service") > rank("domain"));
    assert!(tui_adapter("src/tui/cases/live.rs") && !tui_adapter("src/tui/cases/queue.rs"));
}
