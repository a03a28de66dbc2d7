//! Benches live in `[[bench]]` targets; this library is empty on purpose.
