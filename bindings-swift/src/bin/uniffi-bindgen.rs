//! The workspace's uniffi-bindgen, built from the same uniffi version as the library:
//! `cargo run -p calllog-swift --features bindgen-cli --bin uniffi-bindgen -- generate ...`.
fn main() {
    uniffi::uniffi_bindgen_main()
}
