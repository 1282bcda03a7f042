//! Text messages (the registration's verification code), through Amazon
//! SNS: moto's SNS locally, where the code is also written to the log so a
//! developer can finish a registration without a phone.

use std::sync::{Arc, OnceLock};

use crate::Error;

#[derive(Clone)]
pub struct SmsSender {
    sdk_config: aws_config::SdkConfig,
    // Built with the first message: only contests with SMS verification send any.
    client: Arc<OnceLock<aws_sdk_sns::Client>>,
    /// Write each code to the log too (the local stack, never in AWS).
    log_codes: bool,
}

impl SmsSender {
    pub fn new(sdk_config: &aws_config::SdkConfig) -> Self {
        Self {
            sdk_config: sdk_config.clone(),
            client: Arc::default(),
            log_codes: std::env::var_os("LOG_VERIFICATION_CODES").is_some(),
        }
    }

    /// Sends `text` to a Vietnamese mobile number (national form).
    pub async fn send(&self, phone: &contest_domain::Phone, text: &str) -> Result<(), Error> {
        let international = format!("+84{}", &phone.as_str()[1..]);
        if self.log_codes {
            tracing::info!(phone = %international, %text, "SMS (local stack)");
        }
        let client = self.client.get_or_init(|| aws_sdk_sns::Client::new(&self.sdk_config));
        client
            .publish()
            .phone_number(international)
            .message(text)
            .message_attributes(
                "AWS.SNS.SMS.SMSType",
                aws_sdk_sns::types::MessageAttributeValue::builder()
                    .data_type("String")
                    .string_value("Transactional")
                    .build()
                    .map_err(Error::internal)?,
            )
            .send()
            .await
            .map_err(|err| Error::internal(format!("SMS not sent: {err:?}")))?;
        Ok(())
    }
}
