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
        "Backup of {} written and read back: {} entries, audit chain at {} entries (head {}).",
        m.station, m.entries, m.audit_head.next, m.audit_head.last_hash
    );
    Ok(())
}

/// `ercms restore FILE --data DIR --identity KEYFILE`, then a login and a full check.
pub fn restore(c: &Common, file: &Path, identity: &Path) -> Outcome {
    let dir = data_dir(c)?;
    let ids = read_identities(identity)?;
    let (station, manifest) = Station::restore(file, &dir, &ids, &mut |n| {
        if std::io::stderr().is_terminal() {
            eprint!("\rRestoring: {n} entries");
        }
    })?;
    drop(station);
    let check = login(c).and_then(|s| Ok(s.verify_restored(&manifest)?));
    match check {
        Ok(opened) => {
            eprintln!(
                "Station {} restored into {}: {} entries; the audit chain verifies and all {opened} sealed values open.",
                manifest.station,
                dir.display(),
                manifest.entries
            );
            Ok(())
        }
        Err(f) => {
            let _ = std::fs::remove_dir_all(dir.join("vault"));
            Err(Failure {
                code: f.code,
                message: format!("the restore was undone: {}", f.message),
            })
        }
    }
}
