//! What a handler really asks of DynamoDB: every request the store's client
//! sends, as it went over the wire, with the time it spent there and the
//! response body. The benchmarks use it for the storage floor (the same
//! requests, timed outside our code), to replay the raw requests, and to size
//! the items each operation reads and writes.

use aws_sdk_dynamodb::config::interceptors::{
    AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeDeserializationInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_types::config_bag::{Storable, StoreReplace};
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One DynamoDB request and its answer.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub operation: String,
    /// From the first byte sent to the response headers: moto's share.
    pub wire: Duration,
    pub headers: Vec<(String, String)>,
    pub request: Value,
    pub response: Value,
}

/// What the hooks keep while a request is in flight: raw bytes behind
/// `Arc`s, parsed only when the benchmark takes them, so the recording costs
/// next to nothing inside the latency it is measuring.
#[derive(Debug, Clone)]
struct InFlight {
    operation: Arc<str>,
    started: Instant,
    headers: Arc<Vec<(String, String)>>,
    request: Arc<[u8]>,
}

impl Storable for InFlight {
    type Storer = StoreReplace<Self>;
}

#[derive(Debug, Clone, Copy)]
struct WireTime(Duration);

impl Storable for WireTime {
    type Storer = StoreReplace<Self>;
}

#[derive(Debug)]
struct RawExchange {
    in_flight: InFlight,
    wire: Duration,
    response: Vec<u8>,
}

#[derive(Debug, Clone, Default)]
pub struct WireRecorder {
    exchanges: Arc<Mutex<Vec<RawExchange>>>,
}

impl WireRecorder {
    /// Everything recorded since the last call.
    pub fn take(&self) -> Vec<Exchange> {
        let raw = std::mem::take(&mut *self.exchanges.lock().expect("recorder lock"));
        raw.into_iter()
            .map(|RawExchange { in_flight, wire, response }| Exchange {
                operation: in_flight.operation.to_string(),
                wire,
                headers: in_flight.headers.as_ref().clone(),
                request: json_body(Some(&in_flight.request)),
                response: json_body(Some(&response)),
            })
            .collect()
    }
}

fn json_body(bytes: Option<&[u8]>) -> Value {
    bytes.and_then(|b| serde_json::from_slice(b).ok()).unwrap_or(Value::Null)
}

impl Intercept for WireRecorder {
    fn name(&self) -> &'static str {
        "WireRecorder"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request();
        let in_flight = InFlight {
            operation: cfg.load::<Metadata>().map(|m| m.name()).unwrap_or_default().into(),
            headers: Arc::new(request.headers().iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect()),
            request: request.body().bytes().unwrap_or_default().into(),
            started: Instant::now(),
        };
        cfg.interceptor_state().store_put(in_flight);
        Ok(())
    }

    fn read_before_deserialization(
        &self,
        _context: &BeforeDeserializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(started) = cfg.load::<InFlight>().map(|in_flight| in_flight.started) {
            cfg.interceptor_state().store_put(WireTime(started.elapsed()));
        }
        Ok(())
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(in_flight) = cfg.load::<InFlight>().cloned() {
            let wire = cfg.load::<WireTime>().map_or_else(|| in_flight.started.elapsed(), |wire| wire.0);
            let response = context.response().body().bytes().unwrap_or_default().to_vec();
            self.exchanges.lock().expect("recorder lock").push(RawExchange { in_flight, wire, response });
        }
        Ok(())
    }
}
