//! The whole store as one byte stream (for backups) and back. Sealed values are copied as they are, so
//! a restored vault opens with the same data key and the same passphrases.
//!
//! Frame per entry: tree name length (u8), tree name, key length (u32 BE), key, value length (u32 BE), value.

use super::error::VaultError;
use super::store::Record;
use super::tree::Tree;
use super::{LockedVault, Txn};
use std::io::{self, Read};

fn frame(tree: Tree, key: &[u8], value: &[u8], out: &mut Vec<u8>) {
    out.push(tree.name().len() as u8);
    out.extend_from_slice(tree.name().as_bytes());
    out.extend_from_slice(&(key.len() as u32).to_be_bytes());
    out.extend_from_slice(key);
    out.extend_from_slice(&(value.len() as u32).to_be_bytes());
    out.extend_from_slice(value);
}

/// Reads every entry of every tree, in a fixed order, as frames.
pub struct DumpReader<'a> {
    entries: Box<dyn Iterator<Item = (Tree, Result<Record, VaultError>)> + 'a>,
    buf: Vec<u8>,
    pos: usize,
    pub count: u64,
}

impl LockedVault {
    pub fn dump(&self) -> DumpReader<'_> {
        let entries = Tree::ALL
            .into_iter()
            .flat_map(move |t| self.store.scan(t).map(move |r| (t, r)));
        DumpReader {
            entries: Box::new(entries),
            buf: Vec::new(),
            pos: 0,
            count: 0,
        }
    }

    /// Writes dumped frames into this (new, empty) vault, in batches; returns the number of entries.
    pub fn load(
        &self,
        mut input: impl Read,
        progress: &mut dyn FnMut(u64),
    ) -> Result<u64, VaultError> {
        let bad = || VaultError::io("read the backup", "its contents are malformed");
        let mut txn = Txn::default();
        let mut count = 0u64;
        loop {
            let mut len = [0u8; 1];
            match input.read(&mut len) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => return Err(VaultError::io("read the backup", e)),
            }
            let mut name = vec![0u8; len[0] as usize];
            input.read_exact(&mut name).map_err(|_| bad())?;
            let tree = std::str::from_utf8(&name)
                .ok()
                .and_then(Tree::by_name)
                .ok_or_else(bad)?;
            let key = read_chunk(&mut input, 4096).map_err(|_| bad())?;
            let value = read_chunk(&mut input, 64 << 20).map_err(|_| bad())?;
            txn.put_sealed_as_is(tree, &key, value);
            count += 1;
            if txn.len() >= 5000 {
                self.commit(std::mem::take(&mut txn))?;
                progress(count);
            }
        }
        self.commit(txn)?;
        progress(count);
        Ok(count)
    }
}

fn read_chunk(input: &mut impl Read, max: usize) -> io::Result<Vec<u8>> {
    let mut len = [0u8; 4];
    input.read_exact(&mut len)?;
    let n = u32::from_be_bytes(len) as usize;
    if n > max {
        return Err(io::Error::other("too long"));
    }
    let mut v = vec![0u8; n];
    input.read_exact(&mut v)?;
    Ok(v)
}

impl Read for DumpReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.buf.len() {
            match self.entries.next() {
                None => return Ok(0),
                Some((_, Err(e))) => return Err(io::Error::other(e.to_string())),
                Some((tree, Ok((k, v)))) => {
                    self.buf.clear();
                    self.pos = 0;
                    frame(tree, &k, &v, &mut self.buf);
                    self.count += 1;
                }
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}
