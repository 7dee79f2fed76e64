//! An attached file (scan, photo), named in the bundle by the SHA-256 of its bytes.

use sha2::{Digest, Sha256};

#[derive(Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Lowercase hex SHA-256 of `bytes`.
    pub sha256: String,
    pub bytes: Vec<u8>,
}

impl Attachment {
    pub fn new(bytes: Vec<u8>) -> Self {
        let sha256 = hex::encode(Sha256::digest(&bytes));
        Attachment { sha256, bytes }
    }

    /// Its path inside the bundle's archive.
    pub fn path(&self) -> String {
        format!("attachments/{}", self.sha256)
    }
}

// A scan is personal data: show its size, never its bytes.
impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Attachment({}, {} bytes)", self.sha256, self.bytes.len())
    }
}

/// Is `s` a SHA-256 written as 64 lowercase hex digits?
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
