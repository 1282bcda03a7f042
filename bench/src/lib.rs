//! `make bench`: what each operation costs (DynamoDB requests, latency
//! against the storage floor, cold starts, load, soak, exports), measured
//! from outside the product code. Not built by `cargo test`.

pub mod capacity;
pub mod page_policy;
pub mod password_time;
pub mod report;
pub mod request_counter;
pub mod virtual_participants;
pub mod wire;
