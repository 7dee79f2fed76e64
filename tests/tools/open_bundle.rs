//! Opens a bundle as the DEMO ministry station and reports what it found and how long it took, for
//! measuring the read path: `/usr/bin/time -v target/release/examples/open-bundle FILE`.

#[path = "demo_stations.rs"]
mod demo_stations;

use ercms::exchange::{open_bundle, Limits};
use std::io::BufReader;
use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: open-bundle FILE.ercms");
        std::process::exit(2);
    };
    let me = demo_stations::keys(demo_stations::MOMD);
    let keyring = demo_stations::ministry_keyring();
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let started = Instant::now();
    match open_bundle(BufReader::new(file), &me, &keyring, &Limits::default()) {
        Ok(opened) => println!(
            "{path}: {} records, {} attachments, from {} (sequence {}), opened in {:.2?}",
            opened.records.len(),
            opened.attachments.len(),
            opened.manifest.sender,
            opened.manifest.sequence,
            started.elapsed()
        ),
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(3);
        }
    }
}
