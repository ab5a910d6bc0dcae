fn main() {
    std::process::exit(sotay::run::main());
}
