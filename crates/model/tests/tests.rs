//! Integration tests of the model: reading and writing the service model's JSON shapes.

mod errors;
mod request;
mod response;
mod shapes;
mod snapshot;
mod snapshot_check;

/// Reads a fixture of `tests/fixtures/`.
fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}
