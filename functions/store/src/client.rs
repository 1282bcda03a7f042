use aws_config::environment::EnvironmentVariableCredentialsProvider;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode, TlsContext, TrustStore};
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_smithy_runtime_api::client::interceptors::SharedInterceptor;
use std::sync::{Arc, OnceLock};
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

impl StoreTimeouts {
    fn config(&self) -> TimeoutConfig {
        TimeoutConfig::builder()
            .connect_timeout(self.connect)
            .operation_attempt_timeout(self.attempt)
            .operation_timeout(self.operation)
            .build()
    }
}

impl Default for StoreTimeouts {
    fn default() -> Self {
        Self { connect: Duration::from_secs(2), attempt: Duration::from_secs(3), operation: Duration::from_secs(8) }
    }
}

/// The certificates AWS endpoints chain to. Trusting these five rather than
/// the system bundle is also the cold-start fix: parsing the ~145 system
/// roots took ~2.7 ms of every function's start (BENCHMARKS.md).
const AMAZON_TRUST_ROOTS: &[u8] = include_bytes!("amazon-trust-roots.pem");

/// What the functions' configuration needs from their environment that
/// cannot be defaulted.
#[derive(Debug, thiserror::Error)]
pub enum SdkEnvError {
    #[error("AWS_REGION is not set")]
    MissingRegion,
}

#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) dynamo: aws_sdk_dynamodb::Client,
    // Only the organizer's exports use S3: built on first use, so the other
    // functions neither pay for it at start nor link its client.
    s3: Arc<OnceLock<aws_sdk_s3::Client>>,
    observer: Option<SharedInterceptor>,
    sdk_config: SdkConfig,
    pub(crate) config: StoreConfig,
}

impl Store {
    /// Builds the clients from the full AWS configuration chain (profiles,
    /// SSO, instance roles): for the command-line tool run by people.
    pub async fn from_env(config: StoreConfig) -> Self {
        Self::from_sdk_config(&Self::sdk_loader().load().await, config)
    }

    /// The configuration a Lambda function needs, from the variables Lambda
    /// sets (`AWS_REGION`, the role's credentials) and `AWS_ENDPOINT_URL`
    /// locally. The full chain of [`Store::sdk_loader`] probes profiles and
    /// builds providers (STS, IMDS, ECS) a function never uses; this takes
    /// microseconds. Timeouts and retries are the same.
    pub fn sdk_config_from_env() -> Result<SdkConfig, SdkEnvError> {
        Self::sdk_config_from(|name| std::env::var(name).ok().filter(|value| !value.is_empty()))
    }

    pub fn sdk_config_from(var: impl Fn(&str) -> Option<String>) -> Result<SdkConfig, SdkEnvError> {
        let region = var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION")).ok_or(SdkEnvError::MissingRegion)?;
        let timeouts = StoreTimeouts::default();
        let mut builder = SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(region))
            .credentials_provider(SharedCredentialsProvider::new(EnvironmentVariableCredentialsProvider::new()))
            .http_client(Self::http_client(var("TRUST_SYSTEM_ROOTS").is_some()))
            .sleep_impl(aws_smithy_async::rt::sleep::default_async_sleep().expect("tokio sleep (rt-tokio)"))
            .time_source(aws_smithy_async::time::SystemTimeSource::new())
            .timeout_config(timeouts.config())
            .retry_config(RetryConfig::standard().with_max_attempts(3));
        builder.set_endpoint_url(var("AWS_ENDPOINT_URL"));
        Ok(builder.build())
    }

    /// HTTPS (rustls on ring) trusting Amazon's roots only, unless asked to
    /// trust the system's too (an emulator or proxy behind its own CA).
    pub fn http_client(trust_system_roots: bool) -> SharedHttpClient {
        let trust = TrustStore::empty().with_native_roots(trust_system_roots).with_pem_certificate(AMAZON_TRUST_ROOTS);
        let context = TlsContext::builder().with_trust_store(trust).build().expect("a TLS context from PEM bytes");
        aws_smithy_http_client::Builder::new()
            .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
            .tls_context(context)
            .build_https()
    }

    /// The AWS configuration loader with this project's timeouts, retries and
    /// HTTP client, for callers that need to adjust it (tests point it at
    /// their emulator) or want the full credential chain.
    pub fn sdk_loader() -> aws_config::ConfigLoader {
        Self::sdk_loader_with(StoreTimeouts::default())
    }

    pub fn sdk_loader_with(timeouts: StoreTimeouts) -> aws_config::ConfigLoader {
        aws_config::defaults(BehaviorVersion::latest())
            .http_client(Self::http_client(std::env::var_os("TRUST_SYSTEM_ROOTS").is_some()))
            .timeout_config(timeouts.config())
            .retry_config(RetryConfig::standard().with_max_attempts(3))
    }

    pub fn from_sdk_config(sdk_config: &SdkConfig, config: StoreConfig) -> Self {
        Self::build(sdk_config, config, None)
    }

    /// Like [`Store::from_sdk_config`], with `observer` seeing every DynamoDB
    /// and S3 request: for the tests (a function's requests against its IAM
    /// policy) and the benchmarks (request counts, wire time). Only built
    /// with the `instrumented` feature, which no Lambda function enables.
    #[cfg(feature = "instrumented")]
    pub fn instrumented(
        sdk_config: &SdkConfig,
        config: StoreConfig,
        observer: impl aws_smithy_runtime_api::client::interceptors::Intercept + 'static,
    ) -> Self {
        Self::build(sdk_config, config, Some(SharedInterceptor::new(observer)))
    }

    fn build(sdk_config: &SdkConfig, config: StoreConfig, observer: Option<SharedInterceptor>) -> Self {
        let mut dynamo_config = aws_sdk_dynamodb::config::Builder::from(sdk_config);
        if let Some(observer) = &observer {
            dynamo_config.push_interceptor(observer.clone());
        }
        Self {
            dynamo: aws_sdk_dynamodb::Client::from_conf(dynamo_config.build()),
            s3: Arc::default(),
            observer,
            sdk_config: sdk_config.clone(),
            config,
        }
    }

    pub(crate) fn s3(&self) -> &aws_sdk_s3::Client {
        self.s3.get_or_init(|| {
            // moto and other emulators serve buckets by path, not by virtual host.
            let mut s3_config = aws_sdk_s3::config::Builder::from(&self.sdk_config)
                .force_path_style(self.sdk_config.endpoint_url().is_some());
            if let Some(observer) = &self.observer {
                s3_config.push_interceptor(observer.clone());
            }
            aws_sdk_s3::Client::from_conf(s3_config.build())
        })
    }

    /// The configuration the clients were built from, for a function's other
    /// AWS clients (the token keys' SSM parameters).
    pub fn sdk_config(&self) -> &SdkConfig {
        &self.sdk_config
    }

    pub fn table_name(&self) -> &str {
        &self.config.table_name
    }

    pub fn dynamo(&self) -> &aws_sdk_dynamodb::Client {
        &self.dynamo
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::CertificateDer;

    fn environment(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        |name| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string())
    }

    #[test]
    fn the_embedded_roots_are_amazons_five_certificates() {
        let roots: Vec<_> = CertificateDer::pem_slice_iter(AMAZON_TRUST_ROOTS).collect::<Result<_, _>>().unwrap();
        assert_eq!(roots.len(), 5);
    }

    #[tokio::test]
    async fn a_function_configuration_takes_region_and_endpoint_from_its_environment() {
        let config = Store::sdk_config_from(environment(&[
            ("AWS_REGION", "ap-southeast-1"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:5055"),
        ]))
        .unwrap();
        assert_eq!(config.region().map(|r| r.as_ref()), Some("ap-southeast-1"));
        assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:5055"));
        assert!(config.http_client().is_some() && config.credentials_provider().is_some());
        assert_eq!(config.timeout_config().and_then(|t| t.operation_attempt_timeout()), Some(Duration::from_secs(3)));

        let fallback = Store::sdk_config_from(environment(&[("AWS_DEFAULT_REGION", "us-east-1")])).unwrap();
        assert_eq!((fallback.region().map(|r| r.as_ref()), fallback.endpoint_url()), (Some("us-east-1"), None));
        assert!(matches!(Store::sdk_config_from(environment(&[])), Err(SdkEnvError::MissingRegion)));
    }
}
