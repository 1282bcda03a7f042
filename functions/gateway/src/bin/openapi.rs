//! Prints the API description generated from the code. `api/openapi.json`
//! is its output (`cargo run --bin openapi > api/openapi.json`); a test
//! fails when the two differ.

fn main() {
    print!("{}", gateway::openapi_json());
}
