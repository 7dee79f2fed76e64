//! Bundles: the only way data enters or leaves a station (docs BUNDLE-FORMAT.md and BUNDLE-RECORDS.md).
//!
//! The exchange layer packs and unpacks bundles and checks them; it never touches storage. The service
//! supplies the station's keys and keyring, applies the records `read_bundle` gives it, and decides about replays
//! (`bundle_id` seen before) and case references.

pub mod alongside;
pub mod attachment;
pub mod checkpoint;
#[cfg(test)]
mod checkpoint_tests;
pub mod content;
pub mod digest;
pub mod error;
pub mod instant;
pub mod keyring;
pub mod limits;
pub mod manifest;
pub mod pack;
pub mod receipt;
pub mod records;
pub mod strict_json;
pub mod unpack;

pub use alongside::read_bundle_alongside;
pub use attachment::Attachment;
pub use content::Content;
pub use error::{BundleError, BundleErrorKind};
pub use keyring::{KeyError, Keyring, Partner, StationKeys};
pub use limits::Limits;
pub use manifest::{FileEntry, Manifest};
pub use pack::{
    write_bundle, write_bundle_keeping_copy, BundleSummary, OutgoingBundle, PackError, RecordLines,
};
pub use receipt::receipt_for;
pub use records::{Record, RecordError};
pub use unpack::{
    inspect, open_bundle, open_plain_tar, read_bundle, BundlePreview, CheckedBundle, OpenedBundle,
    RecordSink,
};
