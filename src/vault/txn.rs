use super::store::Op;
use super::tree::Tree;
use sha2::{Digest, Sha256};

/// One change to the committed state: a sealed value's hash, or `None` for a removal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    pub tree: Tree,
    pub key: Vec<u8>,
    pub sealed: Option<[u8; 32]>,
}

/// The writes of one action, applied all together or not at all.
#[derive(Default)]
pub struct Txn {
    ops: Vec<Op>,
    /// The committed-state changes not yet claimed by an audit entry (see `take_writes`).
    writes: Vec<Write>,
}

impl Txn {
    pub(super) fn put_raw(&mut self, tree: Tree, key: &[u8], value: Vec<u8>) {
        if tree.is_committed(key) {
            self.writes.push(Write {
                tree,
                key: key.to_vec(),
                sealed: Some(Sha256::digest(&value).into()),
            });
        }
        self.ops.push(Op::Put(tree, key.to_vec(), value));
    }

    /// The state changes so far, for the audit entry that records them; later ones start afresh.
    pub fn take_writes(&mut self) -> Vec<Write> {
        std::mem::take(&mut self.writes)
    }

    /// Changes made elsewhere (the committed parts of a bulk write) that this transaction's entry records.
    pub(super) fn add_writes(&mut self, writes: Vec<Write>) {
        self.writes.extend(writes);
    }

    /// A plaintext write: only for trees that hold nothing personal.
    pub fn put_plain(&mut self, tree: Tree, key: &[u8], value: Vec<u8>) {
        debug_assert!(tree.is_plain(), "tree {} is sealed", tree.name());
        self.ops.push(Op::Put(tree, key.to_vec(), value));
    }

    /// A sealed value copied as it is (restore): it stays bound to the same tree and key.
    pub fn put_sealed_as_is(&mut self, tree: Tree, key: &[u8], sealed: Vec<u8>) {
        self.ops.push(Op::Put(tree, key.to_vec(), sealed));
    }

    pub fn delete(&mut self, tree: Tree, key: &[u8]) {
        if tree.is_committed(key) {
            self.writes.push(Write {
                tree,
                key: key.to_vec(),
                sealed: None,
            });
        }
        self.ops.push(Op::Delete(tree, key.to_vec()));
    }

    /// Adds another transaction's writes after these.
    pub fn extend(&mut self, other: Txn) {
        self.ops.extend(other.ops);
        self.writes.extend(other.writes);
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    pub fn len(&self) -> usize {
        self.ops.len()
    }

    pub(super) fn into_ops(self) -> Vec<Op> {
        self.ops
    }
}
