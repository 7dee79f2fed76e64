//! SHA-256 and size of the bytes that pass through a reader or a writer, so files are hashed while
//! they stream instead of being held to hash afterwards.

use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};

pub struct Digesting<T> {
    inner: T,
    hasher: Sha256,
    size: u64,
}

impl<T> Digesting<T> {
    pub fn new(inner: T) -> Self {
        Digesting {
            inner,
            hasher: Sha256::new(),
            size: 0,
        }
    }

    /// Lowercase hex SHA-256 and byte count of everything that passed.
    pub fn finish(self) -> (String, u64) {
        (hex::encode(self.hasher.finalize()), self.size)
    }

    fn note(&mut self, bytes: &[u8]) {
        self.hasher.update(bytes);
        self.size += bytes.len() as u64;
    }
}

impl<R: Read> Read for Digesting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.note(&buf[..n]);
        Ok(n)
    }
}

impl<W: Write> Write for Digesting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.note(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_and_writing_give_the_same_digest() {
        let data = b"records.jsonl line\n".repeat(100);
        let mut r = Digesting::new(&data[..]);
        io::copy(&mut r, &mut io::sink()).unwrap();
        let mut w = Digesting::new(io::sink());
        w.write_all(&data).unwrap();
        let (hash, size) = r.finish();
        assert_eq!((hash.clone(), size), w.finish());
        assert_eq!(size, data.len() as u64);
        assert_eq!(hash, hex::encode(Sha256::digest(&data)));
    }
}
