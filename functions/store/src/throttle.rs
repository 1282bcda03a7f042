//! Login throttling per phone, kept in the phone's own partition so that
//! the account and its failure count come back from one Query.

use aws_sdk_dynamodb::types::ReturnValue;
use chrono::{DateTime, Duration, Utc};
use contest_domain::{ContestId, ParticipantId, Phone};

use crate::error::classify;
use crate::item::{get_n, get_s, key, n, opt_n};
use crate::keys;
use crate::participants::Account;
use crate::query::PagedQuery;
use crate::{Store, StoreError};

/// Failures allowed within the window before the phone is locked.
pub const MAX_FAILURES: u32 = 5;
/// Both the counting window and the lockout.
pub const LOCKOUT_MINUTES: i64 = 15;

#[derive(Debug, Clone, Default)]
pub struct LoginState {
    pub account: Option<Account>,
    pub locked_until: Option<DateTime<Utc>>,
    /// Earlier failures are on record (a success clears them).
    pub has_failures: bool,
}

impl Store {
    /// The account (if any) and whether logins for this phone are locked.
    /// Unknown phones are throttled exactly like known ones, so the answer
    /// never tells which phones are registered.
    pub async fn login_state(
        &self,
        cid: &ContestId,
        phone: &Phone,
        now: DateTime<Utc>,
    ) -> Result<LoginState, StoreError> {
        let mut state = LoginState::default();
        for item in self.query_all(PagedQuery::table(keys::phone(cid, phone))).await? {
            match get_s(&item, keys::SK)? {
                keys::ACCOUNT => {
                    state.account = Some(Account {
                        participant_id: ParticipantId::parse(get_s(&item, "participant_id")?)
                            .map_err(|_| StoreError::corrupt("participant_id"))?,
                        password_hash: get_s(&item, "password_hash")?.to_owned(),
                    })
                }
                keys::LOGIN_FAILURES => {
                    state.has_failures = true;
                    state.locked_until = opt_n::<i64>(&item, "locked_until")?
                        .and_then(DateTime::from_timestamp_millis)
                        .filter(|until| *until > now);
                }
                _ => {}
            }
        }
        Ok(state)
    }

    /// Counts a failed login; the fifth failure within the window locks the
    /// phone for the lockout period. Returns the failures counted so far.
    pub async fn record_login_failure(
        &self,
        cid: &ContestId,
        phone: &Phone,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        let window_start = now - Duration::minutes(LOCKOUT_MINUTES);
        let counted = self
            .dynamo
            .update_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::phone(cid, phone), keys::LOGIN_FAILURES)))
            .update_expression("ADD failures :one")
            .condition_expression("window_start > :window_start")
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(":window_start", n(window_start.timestamp_millis()))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        let failures = match counted {
            Ok(output) => get_n(&output.attributes.unwrap_or_default(), "failures")?,
            Err(err) if err.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception()) => {
                // No window yet, or an old one: start a new window at 1.
                let mut item = key(keys::phone(cid, phone), keys::LOGIN_FAILURES);
                item.insert("failures".into(), n(1));
                item.insert("window_start".into(), n(now.timestamp_millis()));
                self.dynamo
                    .put_item()
                    .table_name(self.table_name())
                    .set_item(Some(item))
                    .send()
                    .await
                    .map_err(classify)?;
                1
            }
            Err(err) => return Err(classify(err)),
        };
        if failures >= MAX_FAILURES {
            self.dynamo
                .update_item()
                .table_name(self.table_name())
                .set_key(Some(key(keys::phone(cid, phone), keys::LOGIN_FAILURES)))
                .update_expression("SET locked_until = :until")
                .expression_attribute_values(":until", n((now + Duration::minutes(LOCKOUT_MINUTES)).timestamp_millis()))
                .send()
                .await
                .map_err(classify)?;
        }
        Ok(failures)
    }

    pub async fn clear_login_failures(&self, cid: &ContestId, phone: &Phone) -> Result<(), StoreError> {
        self.dynamo
            .delete_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::phone(cid, phone), keys::LOGIN_FAILURES)))
            .send()
            .await
            .map_err(classify)?;
        Ok(())
    }
}
