use super::store::Op;
use super::tree::Tree;

/// The writes of one action, applied all together or not at all.
#[derive(Default)]
pub struct Txn {
    ops: Vec<Op>,
}

impl Txn {
    pub(super) fn put_raw(&mut self, tree: Tree, key: &[u8], value: Vec<u8>) {
        self.ops.push(Op::Put(tree, key.to_vec(), value));
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
        self.ops.push(Op::Delete(tree, key.to_vec()));
    }

    /// Adds another transaction's writes after these.
    pub fn extend(&mut self, other: Txn) {
        self.ops.extend(other.ops);
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
