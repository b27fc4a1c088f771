//! Links the browser bundle without the linker's merging of identical strings (`-O0`).
//!
//! `cargo leptos build --split` moves each lazily loaded part's code, and the constants only
//! it uses, out of the main module. Merged strings are shared by parts that would otherwise
//! each have their own, and the split tool then finds the data too long to divide and keeps
//! all of it in the main module: a third of the data, some 8 kB brotli of the first load.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=-O0");
    }
}
