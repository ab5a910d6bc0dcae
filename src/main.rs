fn main() {
    std::process::exit(sotay::main());
}
