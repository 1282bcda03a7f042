//! E-mail (a forgotten password's reset code), through Amazon SES v2:
//! moto's SES locally, where the message is also written to the log. Sending
//! is on only where `EMAIL_SENDER` names a verified SES identity.

use std::sync::{Arc, OnceLock};

use crate::Error;

#[derive(Clone)]
pub struct EmailSender {
    sdk_config: aws_config::SdkConfig,
    client: Arc<OnceLock<aws_sdk_sesv2::Client>>,
    /// `Ban Tổ chức <no-reply@example.gov.vn>`; None: e-mail is off.
    from: Option<String>,
    log_messages: bool,
}

impl EmailSender {
    pub fn new(sdk_config: &aws_config::SdkConfig) -> Self {
        Self {
            sdk_config: sdk_config.clone(),
            client: Arc::default(),
            from: std::env::var("EMAIL_SENDER").ok().filter(|from| !from.trim().is_empty()),
            log_messages: std::env::var_os("LOG_VERIFICATION_CODES").is_some(),
        }
    }

    /// The same sender with another `From` (tests, the local stack).
    pub fn from_address(mut self, from: impl Into<String>) -> Self {
        self.from = Some(from.into());
        self
    }

    /// Whether this deployment sends e-mail at all.
    pub fn is_enabled(&self) -> bool {
        self.from.is_some()
    }

    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), Error> {
        let Some(from) = &self.from else { return Err(Error::internal("EMAIL_SENDER is not set")) };
        if self.log_messages {
            tracing::info!(%to, %subject, %body, "e-mail (local stack)");
        }
        let content = |text: &str| {
            aws_sdk_sesv2::types::Content::builder().data(text).charset("UTF-8").build().map_err(Error::internal)
        };
        let message = aws_sdk_sesv2::types::Message::builder()
            .subject(content(subject)?)
            .body(aws_sdk_sesv2::types::Body::builder().text(content(body)?).build())
            .build();
        let client = self.client.get_or_init(|| aws_sdk_sesv2::Client::new(&self.sdk_config));
        client
            .send_email()
            .from_email_address(from)
            .destination(aws_sdk_sesv2::types::Destination::builder().to_addresses(to).build())
            .content(aws_sdk_sesv2::types::EmailContent::builder().simple(message).build())
            .send()
            .await
            .map_err(|err| Error::internal(format!("e-mail not sent: {err:?}")))?;
        Ok(())
    }
}
