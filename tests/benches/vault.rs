//! Vault benchmarks: sealing and opening values, committing (insert + flush), and unwrapping a key slot.
//! Run with `cargo bench --bench vault`; `tests/perf/run.sh` writes the figures to docs/PERFORMANCE.md.

use age::secrecy::SecretString;
use divan::{black_box, Bencher};
use ercms::vault::seal::{open, seal};
use ercms::vault::slot::{Slot, DEFAULT_WORK_FACTOR};
use ercms::vault::{DataKey, LockedVault, Tree, Txn};

fn main() {
    divan::main();
}

/// A case-sized record (~1 KiB of JSON).
fn record() -> serde_json::Value {
    serde_json::json!({
        "surname": "Al-Jubouri", "given_names": "Ahmed", "father_name": "Khalid", "mother_name": "Fatima",
        "native": {"surname": "الجبوري", "given_names": "أحمد"}, "date_of_birth": "1991-03",
        "evidence": [{"kind": "passport", "number": "A12345678", "issued_on": "2014-05-02"}],
        "notes": "x".repeat(600),
    })
}

#[divan::bench(args = [256, 1024, 16384])]
fn seal_value(b: Bencher, size: usize) {
    let key = DataKey::generate();
    let data = vec![7u8; size];
    b.counter(divan::counter::BytesCount::new(size)).bench(|| {
        seal(
            &key,
            Tree::CASES,
            b"0193a4f2-6c1e-7d3a",
            1,
            black_box(&data),
        )
    });
}

#[divan::bench(args = [256, 1024, 16384])]
fn open_value(b: Bencher, size: usize) {
    let key = DataKey::generate();
    let sealed = seal(
        &key,
        Tree::CASES,
        b"0193a4f2-6c1e-7d3a",
        1,
        &vec![7u8; size],
    );
    b.counter(divan::counter::BytesCount::new(size))
        .bench(|| open(&key, Tree::CASES, b"0193a4f2-6c1e-7d3a", black_box(&sealed)));
}

/// One action's transaction: one ~1 KiB record plus an audit-sized record, applied and flushed.
#[divan::bench(sample_count = 200)]
fn commit_one_action_with_flush(b: Bencher) {
    let dir = tempfile::tempdir().unwrap();
    let vault = LockedVault::create(dir.path())
        .unwrap()
        .with_key(DataKey::generate());
    let rec = record();
    b.bench_local(|| {
        let mut txn = Txn::default();
        vault
            .put(&mut txn, Tree::CASES, uuid::Uuid::new_v4().as_bytes(), &rec)
            .unwrap();
        vault
            .put(
                &mut txn,
                Tree::AUDIT,
                uuid::Uuid::new_v4().as_bytes(),
                &"audit entry",
            )
            .unwrap();
        vault.commit(txn).unwrap();
    });
}

/// A bulk transaction (as an import does): 1,000 records in one batch, one flush.
#[divan::bench(sample_count = 20)]
fn commit_1000_records_with_flush(b: Bencher) {
    let dir = tempfile::tempdir().unwrap();
    let vault = LockedVault::create(dir.path())
        .unwrap()
        .with_key(DataKey::generate());
    let rec = record();
    b.counter(divan::counter::ItemsCount::new(1000usize))
        .bench_local(|| {
            let mut txn = Txn::default();
            for _ in 0..1000 {
                vault
                    .put(&mut txn, Tree::CASES, uuid::Uuid::new_v4().as_bytes(), &rec)
                    .unwrap();
            }
            vault.commit(txn).unwrap();
        });
}

/// Logging in: unwrapping the data key at the default scrypt work factor.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn unwrap_slot_default_work_factor(b: Bencher) {
    let pass = SecretString::from("a long enough passphrase");
    let slot = Slot::wrap(&DataKey::generate(), &pass, DEFAULT_WORK_FACTOR).unwrap();
    b.bench(|| slot.unwrap_key(&pass).unwrap());
}
