use super::args::Common;
use super::{data_dir, login, Failure, Outcome};
use crate::service::{read_identities, Station};
use std::io::IsTerminal;
use std::path::Path;

/// Progress on stderr, only for a person watching a terminal.
fn progress_line(label: &'static str) -> impl FnMut(u64, u64) {
    let show = std::io::stderr().is_terminal();
    move |done, total| {
        if show && total > 0 {
            eprint!("\r{label}: {:>3}%", done.saturating_mul(100) / total);
        }
    }
}

/// `ercms backup --out FILE`.
pub fn backup(c: &Common, out: &Path, without_recovery_key: bool) -> Outcome {
    let mut s = login(c)?;
    let mut progress = progress_line("Backing up");
    let now = chrono::Utc::now();
    let m = if without_recovery_key {
        if s.recovery_recipients()?.is_empty() {
            eprintln!(
                "No recovery key is registered: this backup opens only with the station key \
                 inside it."
            );
        }
        s.backup_without_recovery_key(out, now, &mut progress)?
    } else {
        s.backup(out, now, &mut progress)?
    };
    if std::io::stderr().is_terminal() {
        eprintln!();
    }
    if c.json {
        return super::output::json(&m);
    }
    println!("{}", out.display());
    eprintln!(
        "Its signed checkpoint is also in {}: carry it off the station.",
        crate::service::checkpoint_beside(out).display()
    );
    eprintln!(
        "Backup of {} written and read back: {} entries, audit chain at {} entries (head {}).",
        m.station, m.entries, m.audit_head.next, m.audit_head.last_hash
    );
    Ok(())
}

/// A file given on the command line, as text.
pub(super) fn read_text(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("could not read {}: {e}", path.display())))
}

/// `ercms upgrade` (admin).
pub fn upgrade(c: &Common) -> Outcome {
    let mut s = login(c)?;
    let n = s.upgrade(chrono::Utc::now())?;
    if c.json {
        return super::output::json(&serde_json::json!({"resealed": n, "ok": true}));
    }
    println!("The station's state is bound to its audit chain: {n} values re-sealed with their version and committed.");
    Ok(())
}

/// `ercms restore FILE --data DIR --identity KEYFILE [--checkpoint FILE] [--key FILE]`, then a login and
/// a full check.
pub fn restore(
    c: &Common,
    file: &Path,
    identity: &Path,
    checkpoint: Option<&Path>,
    key: Option<&Path>,
) -> Outcome {
    let dir = data_dir(c)?;
    let ids = read_identities(identity)?;
    let checkpoint = checkpoint.map(read_text).transpose()?;
    let key = key.map(read_text).transpose()?;
    let (station, manifest) = Station::restore(file, &dir, &ids, &mut |n| {
        if std::io::stderr().is_terminal() {
            eprint!("\rRestoring: {n} entries");
        }
    })?;
    drop(station);
    let check = login(c)
        .and_then(|s| Ok(s.verify_restored(&manifest, checkpoint.as_deref(), key.as_deref())?));
    match check {
        Ok(opened) => {
            eprintln!(
                "Station {} restored into {}: {} entries; the audit chain verifies, every value is the one it last wrote, and all {opened} sealed values open.",
                manifest.station,
                dir.display(),
                manifest.entries
            );
            Ok(())
        }
        Err(f) => {
            let _ = std::fs::remove_dir_all(dir.join("vault"));
            crate::service::forget_notes(&dir);
            Err(Failure {
                code: f.code,
                message: format!("the restore was undone: {}", f.message),
            })
        }
    }
}
