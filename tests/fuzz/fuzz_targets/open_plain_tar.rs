#![no_main]
//! Arbitrary plaintext as the decrypted archive: the tar walk, manifest, signature, hashes and
//! records must refuse anything malformed without panicking.

mod demo;

use ercms::exchange::{open_plain_tar, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (me, keyring) = demo::ministry();
    let limits = Limits {
        max_bundle_bytes: 1 << 20,
        ..Limits::default()
    };
    let _ = open_plain_tar(data, me.station(), keyring, &limits);
});
