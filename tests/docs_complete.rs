//! The project's documentation is complete inside the repository: nothing points outside it, every
//! link and every path it names leads to a file that is there, every command and flag of the command
//! line is in docs/CLI.md, and every record family a bundle can carry has its section in the bundle
//! docs.

use clap::CommandFactory;
use ercms::cli::Cli;
use ercms::exchange::Content;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// README.md and every Markdown file under docs/.
fn doc_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "md") {
                out.push(path);
            }
        }
    }
    let mut files = vec![root().join("README.md")];
    walk(&root().join("docs"), &mut files);
    files.sort();
    files
}

fn shown(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// What `check` finds wrong on each line of every doc, as `file:line: what`.
fn faults_per_line(check: impl Fn(&Path, &str) -> Vec<String>) -> Vec<String> {
    let mut faults = vec![];
    for file in doc_files() {
        for (n, line) in read(&file).lines().enumerate() {
            for fault in check(&file, line) {
                faults.push(format!("{}:{}: {fault}", shown(&file), n + 1));
            }
        }
    }
    faults
}

#[test]
fn no_doc_points_outside_the_repository() {
    let found = faults_per_line(|_, line| {
        ["../shared", "/work/shared"]
            .into_iter()
            .filter(|outside| line.contains(outside))
            .map(|outside| format!("mentions `{outside}`"))
            .collect()
    });
    assert!(
        found.is_empty(),
        "docs point outside the repository:\n{}",
        found.join("\n")
    );
}

/// The targets of Markdown links `[text](target)` on a line.
fn link_targets(line: &str) -> Vec<&str> {
    line.match_indices("](")
        .filter_map(|(at, _)| {
            let rest = &line[at + 2..];
            rest.find(')').map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn every_link_between_docs_leads_to_a_file_that_is_there() {
    let broken = faults_per_line(|file, line| {
        let dir = file.parent().unwrap_or(Path::new("."));
        link_targets(line)
            .into_iter()
            .filter(|target| !target.contains("://") && !target.starts_with("mailto:"))
            .filter(|target| {
                let path = target.split('#').next().unwrap_or_default();
                !path.is_empty() && !dir.join(path).exists()
            })
            .map(|target| format!("`{target}` does not exist"))
            .collect()
    });
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The code spans of a line that name a path of the repository (`src/exchange/unpack.rs`), leaving
/// out patterns (`kill9*.sh`, `src/cli/<area>.rs`).
fn named_paths(line: &str) -> Vec<&str> {
    line.split('`')
        .skip(1)
        .step_by(2)
        .filter(|span| {
            ["src/", "tests/", "fixtures/", "keys/", "docs/", ".ci/"]
                .iter()
                .any(|p| span.starts_with(p))
                && !span.contains(|c: char| c.is_whitespace() || "*<>…".contains(c))
        })
        .collect()
}

#[test]
fn every_path_the_docs_name_exists() {
    let missing = faults_per_line(|_, line| {
        named_paths(line)
            .into_iter()
            .filter(|path| !root().join(path.trim_end_matches('/')).exists())
            .map(|path| format!("`{path}` does not exist"))
            .collect()
    });
    assert!(
        missing.is_empty(),
        "the docs name paths that are not there:\n{}",
        missing.join("\n")
    );
}

/// Every command of the clap definition as its path (`case travel-document`), with its long flags.
fn commands() -> Vec<(String, Vec<String>)> {
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<(String, Vec<String>)>) {
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            let here = if path.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{path} {}", sub.get_name())
            };
            let flags = sub
                .get_arguments()
                .filter(|a| !a.is_global_set())
                .filter_map(|a| a.get_long().map(str::to_string))
                .collect();
            out.push((here.clone(), flags));
            walk(sub, &here, out);
        }
    }
    let mut out = vec![];
    walk(&Cli::command(), "", &mut out);
    out
}

/// Does `text` hold `word` with no letter, digit or hyphen right after it?
fn holds_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        text[at + word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'))
    })
}

#[test]
fn every_command_and_flag_is_in_cli_md() {
    let cli_md = read(&root().join("docs/CLI.md"));
    let mut missing = vec![];
    let all = commands();
    assert!(all.len() > 50, "the walk found only {} commands", all.len());
    for (path, flags) in &all {
        if !holds_word(&cli_md, &format!("ercms {path}")) {
            missing.push(format!("command `ercms {path}` is not in docs/CLI.md"));
        }
        for flag in flags {
            if !holds_word(&cli_md, &format!("--{flag}")) {
                missing.push(format!(
                    "flag `--{flag}` of `ercms {path}` is not in docs/CLI.md"
                ));
            }
        }
    }
    let root_cmd = Cli::command();
    for flag in root_cmd.get_arguments().filter_map(|a| a.get_long()) {
        if !holds_word(&cli_md, &format!("--{flag}")) {
            missing.push(format!("common flag `--{flag}` is not in docs/CLI.md"));
        }
    }
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

#[test]
fn every_record_family_has_its_section_in_the_bundle_docs() {
    let docs =
        ["docs/BUNDLE-FORMAT.md", "docs/BUNDLE-RECORDS.md"].map(|f| (f, read(&root().join(f))));
    let mut missing = vec![];
    for content in Content::ALL {
        let (family, record) = (content.wire_name(), content.record_type());
        let heading = |text: &str| {
            text.lines()
                .any(|l| l.starts_with('#') && l.contains(&format!("`{record}`")))
        };
        if !docs.iter().any(|(_, text)| heading(text)) {
            missing.push(format!(
                "record type `{record}` has no heading of its own in docs/BUNDLE-FORMAT.md or docs/BUNDLE-RECORDS.md"
            ));
        }
        if !docs
            .iter()
            .any(|(_, text)| text.contains(&format!("`{family}`")))
        {
            missing.push(format!(
                "content `{family}` is not named in docs/BUNDLE-FORMAT.md or docs/BUNDLE-RECORDS.md"
            ));
        }
    }
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

#[test]
fn the_docs_index_lists_every_doc() {
    let index = read(&root().join("docs/README.md"));
    let mut missing = vec![];
    for file in doc_files() {
        let Ok(rel) = file.strip_prefix(root().join("docs")) else {
            continue; // README.md at the top
        };
        let rel = rel.display().to_string();
        if rel != "README.md" && !index.contains(&format!("]({rel})")) {
            missing.push(format!("docs/{rel} is not linked from docs/README.md"));
        }
    }
    assert!(missing.is_empty(), "\n{}", missing.join("\n"));
}

#[test]
fn what_cli_md_calls_not_yet_a_command_is_not_one() {
    let cli_md = read(&root().join("docs/CLI.md"));
    let section = cli_md
        .split("\n## ")
        .find(|s| s.starts_with("Not yet a command"))
        .unwrap_or_default();
    let listed: Vec<&str> = section
        .lines()
        .filter(|l| l.starts_with("- "))
        .filter_map(|l| l.split('`').nth(1))
        .map(|span| span.split(';').next().unwrap_or(span))
        .collect();
    assert!(
        !listed.is_empty() || section.is_empty(),
        "the section \"Not yet a command\" of docs/CLI.md lists no `command` in its bullets"
    );
    let exists: Vec<String> = commands().into_iter().map(|(path, _)| path).collect();
    let stale: Vec<String> = listed
        .iter()
        .filter(|c| exists.iter().any(|e| e == *c))
        .map(|c| {
            format!("`ercms {c}` is a command now: move it from \"Not yet a command\" in docs/CLI.md to its section")
        })
        .collect();
    assert!(stale.is_empty(), "\n{}", stale.join("\n"));
}
