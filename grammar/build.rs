//! Generates the condition parser from `src/condition.lalrpop` into `OUT_DIR`.

fn main() {
    println!("cargo:rerun-if-changed=src/condition.lalrpop");
    lalrpop::Configuration::new()
        .use_cargo_dir_conventions()
        .process()
        .expect("lalrpop grammar should compile");
}
