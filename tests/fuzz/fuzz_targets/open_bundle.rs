#![no_main]
//! Arbitrary bytes as a bundle file: must be refused (or opened) without panicking.

mod demo;

use ercms::exchange::{open_bundle, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (me, keyring) = demo::ministry();
    let _ = open_bundle(data, me, keyring, &Limits::default());
});
