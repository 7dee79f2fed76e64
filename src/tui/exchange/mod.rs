//! The exchange of bundles: removable media, the preview, the import job with its progress, the
//! export and the exchange log.

pub mod progress;
pub mod screen;
