fn main() {
    std::process::exit(ercms::cli::run());
}
