//! The `checkpoint` member of a bundle: the sender's signed checkpoint (see `domain::checkpoint`), so that
//! its partners hold copies of its chain's head where no one on the sending station can reach them.

use super::keyring::base64_decode;
use crate::domain::checkpoint::{split_file, Checkpoint};

/// A checkpoint file's text as it came, with what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCheckpoint {
    pub checkpoint: Checkpoint,
    /// The whole file: body, blank line, minisign signature.
    pub text: String,
}

/// Why a checkpoint file was not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckpointProblem {
    /// Not the checkpoint text the format describes.
    Malformed,
    /// The signature does not verify with the key.
    BadSignature,
}

/// Does `sig` (a minisign signature file's text) sign `data` under `key`? Pre-hashed signatures only
/// (what `minisign -S` writes by default), as `audit verify` asks of a checkpoint.
pub fn signs(data: &[u8], sig: &str, key: &minisign::PublicKey) -> bool {
    // minisign 0.10 panics on a global signature that is not 64 bytes (found by fuzzing).
    let global = sig.lines().nth(3).map(str::trim).and_then(base64_decode);
    if global.map(|g| g.len()) != Some(64) {
        return false;
    }
    let Ok(sig) = minisign::SignatureBox::from_string(sig) else {
        return false;
    };
    minisign::verify(key, &sig, std::io::Cursor::new(data), true, false, false).is_ok()
}

/// Reads a checkpoint file and checks its signature with `key`.
pub fn open_signed(
    text: &str,
    key: &minisign::PublicKey,
) -> Result<SignedCheckpoint, CheckpointProblem> {
    let (body, sig) = split_file(text).ok_or(CheckpointProblem::Malformed)?;
    let checkpoint = Checkpoint::parse(body).ok_or(CheckpointProblem::Malformed)?;
    if !signs(body.as_bytes(), sig, key) {
        return Err(CheckpointProblem::BadSignature);
    }
    Ok(SignedCheckpoint {
        checkpoint,
        text: text.to_string(),
    })
}
