//! The exchange of bundles: removable media, the preview, the import job with its progress, the
//! export and the exchange log.

#[cfg(test)]
pub mod fake;
pub mod live;
pub mod port;
pub mod progress;
pub mod screen;
#[cfg(test)]
mod tests;
pub mod update;
pub mod view;
