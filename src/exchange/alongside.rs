//! `read_bundle` on a second thread, its records handed to the sink on the caller's: decrypting and
//! parsing keep one core busy while the other does what the records mean (an import of 100,000
//! applications spends about as long on each).

use super::error::BundleError;
use super::keyring::{Keyring, StationKeys};
use super::limits::Limits;
use super::manifest::Manifest;
use super::records::{Record, RecordError};
use super::unpack::{read_bundle, CheckedBundle, RecordSink};
use std::io::Read;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// How many records may wait between the threads.
const WAITING: usize = 512;

enum Message {
    Begin(Manifest, String),
    Record(u64, Box<Record>),
}

/// Passes everything to the caller's thread; refuses once the caller stopped listening.
struct Relay(SyncSender<Message>);

impl RecordSink for Relay {
    fn begin(&mut self, manifest: &Manifest, manifest_sha256: &str) {
        let _ = self.0.send(Message::Begin(
            manifest.clone(),
            manifest_sha256.to_string(),
        ));
    }

    fn take(&mut self, line: u64, record: Record) -> Result<(), String> {
        self.0
            .send(Message::Record(line, Box::new(record)))
            .map_err(|_| "the records after an earlier refusal were not looked at".into())
    }
}

/// The same result as [`read_bundle`] with the same sink.
pub fn read_bundle_alongside(
    input: impl Read + Send,
    me: &StationKeys,
    keyring: &Keyring,
    limits: &Limits,
    sink: &mut dyn RecordSink,
) -> Result<CheckedBundle, BundleError> {
    let (to_sink, incoming) = sync_channel(WAITING);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut relay = Relay(to_sink);
            read_bundle(input, me, keyring, limits, &mut relay)
        });
        let refusal = hand_over(incoming, sink);
        let read = reader.join().unwrap_or(Err(BundleError::BadArchive));
        merge(read, refusal)
    })
}

/// Gives the records to the sink until it refuses one; dropping the receiver then tells the reader.
fn hand_over(incoming: Receiver<Message>, sink: &mut dyn RecordSink) -> Option<(u64, String)> {
    for message in incoming {
        match message {
            Message::Begin(manifest, sha256) => sink.begin(&manifest, &sha256),
            Message::Record(line, record) => {
                if let Err(why) = sink.take(line, *record) {
                    return Some((line, why));
                }
            }
        }
    }
    None
}

/// As the one-thread walk would report: faults of the file win; of bad records, the first line.
fn merge(
    read: Result<CheckedBundle, BundleError>,
    refusal: Option<(u64, String)>,
) -> Result<CheckedBundle, BundleError> {
    let refused = |line, why| Err(BundleError::Record(line, RecordError::Refused(why)));
    match (read, refusal) {
        (read, None) => read,
        (Ok(_), Some((line, why))) => refused(line, why),
        (Err(BundleError::Record(at, _)), Some((line, why))) if line < at => refused(line, why),
        (Err(e), Some(_)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record_fault(line: u64) -> Result<CheckedBundle, BundleError> {
        Err(BundleError::Record(line, RecordError::NotJson))
    }

    fn line_of(r: Result<CheckedBundle, BundleError>) -> (u64, String) {
        match r {
            Err(BundleError::Record(line, e)) => (line, e.to_string()),
            other => panic!("not a record fault: {other:?}"),
        }
    }

    #[test]
    fn the_first_bad_line_is_reported_whichever_thread_found_it() {
        // The station refused line 2 while the reader, not yet told, found line 5 malformed.
        let r = merge(record_fault(5), Some((2, "no such case".into())));
        assert_eq!(line_of(r), (2, "no such case".into()));
        // A malformed line before the refused one is the first fault.
        let r = merge(record_fault(1), Some((2, "no such case".into())));
        assert_eq!(line_of(r), (1, RecordError::NotJson.to_string()));
    }

    #[test]
    fn a_fault_of_the_file_wins_over_a_refused_record() {
        let r = merge(
            Err(BundleError::HashMismatch("records.jsonl".into())),
            Some((1, "no such case".into())),
        );
        assert!(matches!(r, Err(BundleError::HashMismatch(_))));
        let r = merge(Err(BundleError::Damaged), None);
        assert!(matches!(r, Err(BundleError::Damaged)));
    }
}
