use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::BehaviorVersion;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::{Intercept, SharedInterceptor};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Where the data lives. Read from the environment so the same binaries run
/// against moto locally and against AWS.
#[derive(Debug, Clone)]
pub struct StoreConfig {
    pub table_name: String,
    pub exports_bucket: String,
}

impl StoreConfig {
    pub fn from_env() -> Self {
        Self {
            table_name: std::env::var("TABLE_NAME").unwrap_or_else(|_| "contest".to_owned()),
            exports_bucket: std::env::var("EXPORTS_BUCKET").unwrap_or_else(|_| "contest-exports".to_owned()),
        }
    }
}

/// Bounds on every store call. The defaults keep a participant's request
/// well inside API Gateway's 30 s limit: three attempts of at most 3 s each,
/// 8 s in all, then a retryable 503.
#[derive(Debug, Clone, Copy)]
pub struct StoreTimeouts {
    pub connect: Duration,
    pub attempt: Duration,
    pub operation: Duration,
}

impl Default for StoreTimeouts {
    fn default() -> Self {
        Self { connect: Duration::from_secs(2), attempt: Duration::from_secs(3), operation: Duration::from_secs(8) }
    }
}

/// Counts the HTTP requests each SDK client sends, per operation, retries
/// included: the honest cost of a handler, used by the benchmarks.
#[derive(Debug, Clone, Default)]
pub struct RequestCounter {
    counts: Arc<Mutex<BTreeMap<String, u64>>>,
}

impl RequestCounter {
    pub fn snapshot(&self) -> BTreeMap<String, u64> {
        self.counts.lock().expect("counter lock").clone()
    }

    pub fn total(&self) -> u64 {
        self.counts.lock().expect("counter lock").values().sum()
    }

    pub fn reset(&self) {
        self.counts.lock().expect("counter lock").clear();
    }
}

impl Intercept for RequestCounter {
    fn name(&self) -> &'static str {
        "RequestCounter"
    }

    fn read_before_transmit(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let operation = cfg.load::<Metadata>().map(|m| m.name().to_owned()).unwrap_or_default();
        *self.counts.lock().expect("counter lock").entry(operation).or_default() += 1;
        Ok(())
    }
}

#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) dynamo: aws_sdk_dynamodb::Client,
    pub(crate) s3: aws_sdk_s3::Client,
    pub(crate) config: StoreConfig,
    counter: RequestCounter,
}

impl Store {
    /// Builds the clients from the standard AWS environment (`AWS_REGION`,
    /// `AWS_ENDPOINT_URL`, credentials). Timeouts and retries are explicit:
    /// the SDK defaults would let a stalled connection hold a participant's
    /// request far longer than API Gateway's own 30 s limit.
    pub async fn from_env(config: StoreConfig) -> Self {
        Self::from_sdk_config(&Self::sdk_loader().load().await, config)
    }

    /// The AWS configuration loader with this project's timeouts and retries,
    /// for callers that need to adjust it (tests point it at their emulator).
    pub fn sdk_loader() -> aws_config::ConfigLoader {
        Self::sdk_loader_with(StoreTimeouts::default())
    }

    pub fn sdk_loader_with(timeouts: StoreTimeouts) -> aws_config::ConfigLoader {
        aws_config::defaults(BehaviorVersion::latest())
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(timeouts.connect)
                    .operation_attempt_timeout(timeouts.attempt)
                    .operation_timeout(timeouts.operation)
                    .build(),
            )
            .retry_config(RetryConfig::standard().with_max_attempts(3))
    }

    pub fn from_sdk_config(sdk_config: &aws_config::SdkConfig, config: StoreConfig) -> Self {
        Self::build(sdk_config, config, None)
    }

    /// Like [`Store::from_sdk_config`], with one more DynamoDB interceptor
    /// watching every request: the benchmarks time the wire and size items.
    pub fn from_sdk_config_observed(
        sdk_config: &aws_config::SdkConfig,
        config: StoreConfig,
        observer: impl Intercept + 'static,
    ) -> Self {
        Self::build(sdk_config, config, Some(SharedInterceptor::new(observer)))
    }

    fn build(sdk_config: &aws_config::SdkConfig, config: StoreConfig, observer: Option<SharedInterceptor>) -> Self {
        let counter = RequestCounter::default();
        let mut dynamo_config = aws_sdk_dynamodb::config::Builder::from(sdk_config).interceptor(counter.clone());
        if let Some(observer) = observer {
            dynamo_config.push_interceptor(observer);
        }
        let dynamo_config = dynamo_config.build();
        // moto and other emulators serve buckets by path, not by virtual host.
        let s3_config = aws_sdk_s3::config::Builder::from(sdk_config)
            .force_path_style(sdk_config.endpoint_url().is_some())
            .build();
        Self {
            dynamo: aws_sdk_dynamodb::Client::from_conf(dynamo_config),
            s3: aws_sdk_s3::Client::from_conf(s3_config),
            config,
            counter,
        }
    }

    pub fn table_name(&self) -> &str {
        &self.config.table_name
    }

    pub fn requests(&self) -> &RequestCounter {
        &self.counter
    }

    pub fn dynamo(&self) -> &aws_sdk_dynamodb::Client {
        &self.dynamo
    }
}
