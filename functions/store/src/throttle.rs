//! Login throttling: one counter item per key (a participant's phone, an
//! organizer's username, a caller's address), taken atomically BEFORE the
//! password is checked.
//!
//! A login first reserves a slot with one conditional update: the counter
//! goes up only while it is under the limit in the current window (or a new
//! window starts). Every request that would pass the limit is refused by
//! the condition itself, however many arrive at once, so at most `max`
//! passwords per key and window are ever verified. A failure keeps its slot
//! (the `max`-th one locks the key for the lockout period); a success clears
//! the phone's or username's counter and gives the address's slot back.
//! Unknown phones and usernames are counted exactly like known ones.

use aws_sdk_dynamodb::types::ReturnValue;
use chrono::{DateTime, Duration, Utc};
use contest_domain::{ContestId, Phone};

use crate::error::classify;
use crate::item::{get_n, key, n, opt_n};
use crate::keys;
use crate::{Store, StoreError};

/// Failures allowed per phone or username within the window.
pub const MAX_FAILURES: u32 = 5;
/// Both the counting window and the lockout.
pub const LOCKOUT_MINUTES: i64 = 15;
/// Organizer log-in failures allowed per calling address within the window,
/// whatever the usernames tried (password spraying).
pub const MAX_ADDRESS_FAILURES: u32 = 30;

/// How many verifications a key allows per window, and for how long the
/// last failure locks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

impl Limit {
    pub const fn per_account() -> Self {
        Self { max: MAX_FAILURES, window: Duration::minutes(LOCKOUT_MINUTES) }
    }

    pub const fn per_address() -> Self {
        Self { max: MAX_ADDRESS_FAILURES, window: Duration::minutes(LOCKOUT_MINUTES) }
    }
}

/// Whose log-ins a counter limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottleKey(String);

impl ThrottleKey {
    pub fn phone(cid: &ContestId, phone: &Phone) -> Self {
        Self(keys::phone(cid, phone))
    }

    /// An organizer's username as typed. Names that cannot be a username
    /// share one counter: no account can have them, so locking it locks
    /// nobody out.
    pub fn organizer(username: &str) -> Self {
        if contest_domain::ids::is_valid_username(username) {
            Self(keys::organizer(username))
        } else {
            Self(keys::organizer("~invalid"))
        }
    }

    /// A caller's network address (IPv4 or IPv6 text).
    pub fn address(address: &str) -> Self {
        Self(keys::login_address(address))
    }

    fn item_key(&self) -> crate::item::Item {
        key(self.0.clone(), keys::LOGIN_FAILURES)
    }
}

/// The answer to a reservation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    /// This request may verify a password; it is the `count`-th of the window.
    Granted { count: u32 },
    /// Refused without verifying anything, until the instant.
    Locked { until: DateTime<Utc> },
}

impl Store {
    /// Takes a slot for one password verification, atomically.
    pub async fn reserve_login(
        &self,
        throttle: &ThrottleKey,
        limit: Limit,
        now: DateTime<Utc>,
    ) -> Result<Reservation, StoreError> {
        let begin = n((now - limit.window).timestamp_millis());
        let now_ms = n(now.timestamp_millis());
        for _ in 0..3 {
            // A new window: no counter yet, or its window is over and no lock runs.
            let fresh = self
                .dynamo
                .update_item()
                .table_name(self.table_name())
                .set_key(Some(throttle.item_key()))
                .update_expression("SET attempts = :one, window_start = :now REMOVE locked_until")
                .condition_expression(
                    "attribute_not_exists(attempts) OR (window_start < :begin \
                     AND (attribute_not_exists(locked_until) OR locked_until <= :now))",
                )
                .expression_attribute_values(":one", n(1))
                .expression_attribute_values(":now", now_ms.clone())
                .expression_attribute_values(":begin", begin.clone())
                .send()
                .await;
            match fresh {
                Ok(_) => return Ok(Reservation::Granted { count: 1 }),
                Err(err) if is_condition_failure(&err) => {}
                Err(err) => return Err(classify(err)),
            }
            // The current window, while under the limit and not locked.
            let counted = self
                .dynamo
                .update_item()
                .table_name(self.table_name())
                .set_key(Some(throttle.item_key()))
                .update_expression("ADD attempts :one")
                .condition_expression(
                    "attempts < :max AND window_start >= :begin \
                     AND (attribute_not_exists(locked_until) OR locked_until <= :now)",
                )
                .expression_attribute_values(":one", n(1))
                .expression_attribute_values(":max", n(limit.max))
                .expression_attribute_values(":now", now_ms.clone())
                .expression_attribute_values(":begin", begin.clone())
                .return_values(ReturnValue::UpdatedNew)
                .send()
                .await;
            match counted {
                Ok(output) => {
                    let count = get_n(&output.attributes.unwrap_or_default(), "attempts")?;
                    return Ok(Reservation::Granted { count });
                }
                Err(err) if is_condition_failure(&err) => {}
                Err(err) => return Err(classify(err)),
            }
            // Refused: say until when. Both conditions may also have failed
            // because the item changed between the two updates; then try again.
            if let Some(until) = self.locked_until(throttle, limit, now).await? {
                return Ok(Reservation::Locked { until });
            }
        }
        Ok(Reservation::Locked { until: now + Duration::seconds(1) })
    }

    async fn locked_until(
        &self,
        throttle: &ThrottleKey,
        limit: Limit,
        now: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        let output = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(throttle.item_key()))
            .consistent_read(true)
            .send()
            .await
            .map_err(classify)?;
        let Some(item) = output.item else { return Ok(None) };
        let window_end = opt_n::<i64>(&item, "window_start")?
            .filter(|_| opt_n::<u32>(&item, "attempts").ok().flatten().unwrap_or(0) >= limit.max)
            .and_then(DateTime::from_timestamp_millis)
            .map(|start| start + limit.window);
        let lock = opt_n::<i64>(&item, "locked_until")?.and_then(DateTime::from_timestamp_millis);
        Ok([window_end, lock].into_iter().flatten().max().filter(|until| *until > now))
    }

    /// A verification failed. The failure keeps its slot; the one that
    /// reached the limit locks the key for the lockout period from now.
    pub async fn login_failed(
        &self,
        throttle: &ThrottleKey,
        reservation: u32,
        limit: Limit,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if reservation < limit.max {
            return Ok(());
        }
        let locked = self
            .dynamo
            .update_item()
            .table_name(self.table_name())
            .set_key(Some(throttle.item_key()))
            .update_expression("SET locked_until = :until")
            .condition_expression("attribute_exists(attempts)")
            .expression_attribute_values(":until", n((now + limit.window).timestamp_millis()))
            .send()
            .await;
        match locked {
            Ok(_) => Ok(()),
            // A success cleared the counter meanwhile.
            Err(err) if is_condition_failure(&err) => Ok(()),
            Err(err) => Err(classify(err)),
        }
    }

    /// A verification succeeded: the phone's or username's failures are forgiven.
    pub async fn clear_login_failures(&self, throttle: &ThrottleKey) -> Result<(), StoreError> {
        self.dynamo
            .delete_item()
            .table_name(self.table_name())
            .set_key(Some(throttle.item_key()))
            .send()
            .await
            .map_err(classify)?;
        Ok(())
    }

    /// Gives a slot back without forgiving earlier failures (an address's
    /// slot after a success, or after the username's counter refused).
    pub async fn release_login(&self, throttle: &ThrottleKey) -> Result<(), StoreError> {
        let released = self
            .dynamo
            .update_item()
            .table_name(self.table_name())
            .set_key(Some(throttle.item_key()))
            .update_expression("ADD attempts :minus_one")
            .condition_expression("attempts > :zero")
            .expression_attribute_values(":minus_one", n(-1))
            .expression_attribute_values(":zero", n(0))
            .send()
            .await;
        match released {
            Ok(_) => Ok(()),
            Err(err) if is_condition_failure(&err) => Ok(()),
            Err(err) => Err(classify(err)),
        }
    }
}

fn is_condition_failure(
    err: &aws_sdk_dynamodb::error::SdkError<
        aws_sdk_dynamodb::operation::update_item::UpdateItemError,
        aws_sdk_dynamodb::config::http::HttpResponse,
    >,
) -> bool {
    err.as_service_error().is_some_and(|e| e.is_conditional_check_failed_exception())
}
