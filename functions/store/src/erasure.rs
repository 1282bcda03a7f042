//! Erasing a participant's personal data (withdrawal of consent, a request
//! to the committee, or the end of the retention period): the account goes,
//! so the phone number is free again and no password works; the profile
//! keeps no phone, e-mail, birth year or name; every copy of the name
//! becomes [`WITHDRAWN_NAME`]. Attempts and scores stay, anonymous, so the
//! statistics remain true. Each step is idempotent, so an erasure stopped
//! halfway is finished by running it again.

use aws_sdk_dynamodb::types::{Delete, TransactWriteItem, Update};
use chrono::{DateTime, Utc};
use contest_domain::privacy::WITHDRAWN_NAME;
use contest_domain::{ContestId, ParticipantId, Phone};

use crate::directory::BarReason;
use crate::error::classify;
use crate::item::{key, n, s};
use crate::keys;
use crate::transact::is_cancellation;
use crate::{Store, StoreError};

/// What an erasure found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Erasure {
    Erased,
    /// Erased before: nothing left to erase.
    AlreadyErased,
    NotFound,
}

impl Store {
    pub async fn erase_participant(
        &self,
        cid: &ContestId,
        pid: &ParticipantId,
        now: DateTime<Utc>,
    ) -> Result<Erasure, StoreError> {
        let Some(profile) = self.get_profile(cid, pid).await? else { return Ok(Erasure::NotFound) };
        if profile.erased {
            return Ok(Erasure::AlreadyErased);
        }
        // Out of every ranking and tally first (the barring machinery keeps
        // that consistent with attempts finishing meanwhile).
        self.set_bar_reason(cid, pid, BarReason::Withdrawn, true, None).await?;
        // Every token stops working, the attempt in progress included.
        let profile = self.get_profile(cid, pid).await?.ok_or_else(|| StoreError::corrupt("profile vanished"))?;
        self.revoke_participant_tokens(cid, pid, profile.token_version).await?;

        let profile_update = Update::builder()
            .table_name(self.table_name())
            .set_key(Some(key(keys::participant(cid, pid), keys::PROFILE)))
            .update_expression(
                "SET full_name = :name, erased = :now, consent_withdrawn_at = :now \
                 REMOVE phone, email, birth_year, name_key, roster_entry, gsi4pk, gsi4sk",
            )
            .condition_expression("attribute_exists(#pk) AND attribute_not_exists(erased)")
            .expression_attribute_names("#pk", keys::PK)
            .expression_attribute_values(":name", s(WITHDRAWN_NAME))
            .expression_attribute_values(":now", n(now.timestamp_millis()))
            .build()
            .expect("complete");
        let mut request = self
            .dynamo
            .transact_write_items()
            .client_request_token(crate::idempotency_token())
            .transact_items(TransactWriteItem::builder().update(profile_update).build());
        if let Ok(phone) = Phone::parse(&profile.phone) {
            // The account (and with it the password hash): the number is free again.
            let account = Delete::builder()
                .table_name(self.table_name())
                .set_key(Some(key(keys::phone(cid, &phone), keys::ACCOUNT)))
                .condition_expression("attribute_not_exists(participant_id) OR participant_id = :pid")
                .expression_attribute_values(":pid", s(pid.as_str()))
                .build()
                .expect("complete");
            request = request.transact_items(TransactWriteItem::builder().delete(account).build());
        }
        if let Some(entry) = &profile.roster_entry {
            request = request.transact_items(
                TransactWriteItem::builder()
                    .update(crate::roster::release_update(self.table_name(), cid, &profile.organization_id, entry, pid))
                    .build(),
            );
        }
        match request.send().await {
            Ok(_) => {}
            Err(err) if err.as_service_error().is_some_and(is_cancellation) => {
                // Erased meanwhile by another request: finish the copies below.
                let again = self.get_profile(cid, pid).await?;
                if !again.is_some_and(|p| p.erased) {
                    return Err(classify(err));
                }
            }
            Err(err) => return Err(classify(err)),
        }
        self.delete_reset_code(cid, pid).await?;
        self.refresh_participant_copies(cid, pid, None).await?;
        Ok(Erasure::Erased)
    }

    /// When the contest's personal data was erased at the end of its
    /// retention period (epoch ms), if it was.
    pub async fn personal_data_erased_at(&self, cid: &ContestId) -> Result<Option<i64>, StoreError> {
        let output = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::contest(cid), keys::RETENTION)))
            .send()
            .await
            .map_err(classify)?;
        Ok(match output.item {
            Some(item) => crate::item::opt_n(&item, "erased_at")?,
            None => None,
        })
    }

    pub async fn mark_personal_data_erased(&self, cid: &ContestId, now: DateTime<Utc>) -> Result<(), StoreError> {
        let mut item = key(keys::contest(cid), keys::RETENTION);
        item.insert("erased_at".into(), n(now.timestamp_millis()));
        self.dynamo.put_item().table_name(self.table_name()).set_item(Some(item)).send().await.map_err(classify)?;
        Ok(())
    }
}
