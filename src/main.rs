// glibc's allocator spends a third of a large import in malloc and free, more so when the reading,
// sealing and committing threads hand buffers to one another; mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    ercms::cli::process::harden();
    std::process::exit(ercms::cli::run());
}
