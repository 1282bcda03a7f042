//! Certificates anyone can verify, and the revocable links a unit head uses
//! to follow their staff. A certificate's code is random (80 bits), the key
//! of a public record; the contest remembers which code it gave whom, so a
//! certificate printed twice carries the same code.

use aws_sdk_dynamodb::types::{Delete, Put, TransactWriteItem};
use contest_domain::{ContestId, OrganizationId};

use crate::error::classify;
use crate::item::{get_n, get_s, key, n, opt_s, s, Item};
use crate::keys;
use crate::transact::is_cancellation;
use crate::{Store, StoreError};

/// What a certificate attests, as the public verification shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateRecord {
    pub code: String,
    pub contest_id: ContestId,
    pub contest_title: String,
    /// Whose certificate within the contest: `{round}#{pid}` for a prize,
    /// `FINISHER#{pid}` for taking part.
    pub subject: String,
    pub full_name: String,
    pub organization: String,
    pub award: String,
    pub round: String,
    pub score: Option<u32>,
    pub total: Option<u32>,
    pub issued_at_ms: i64,
}

impl CertificateRecord {
    fn item(&self) -> Item {
        let mut item = key(keys::certificate(&self.code), keys::CERTIFICATE);
        item.insert("contest_id".into(), s(self.contest_id.as_str()));
        item.insert("contest_title".into(), s(self.contest_title.as_str()));
        item.insert("subject".into(), s(self.subject.as_str()));
        item.insert("full_name".into(), s(self.full_name.as_str()));
        item.insert("organization".into(), s(self.organization.as_str()));
        item.insert("award".into(), s(self.award.as_str()));
        item.insert("round".into(), s(self.round.as_str()));
        if let Some(score) = self.score {
            item.insert("score".into(), n(score));
        }
        if let Some(total) = self.total {
            item.insert("total".into(), n(total));
        }
        item.insert("issued_at".into(), n(self.issued_at_ms));
        item
    }

    fn from_item(code: &str, item: &Item) -> Result<Self, StoreError> {
        Ok(Self {
            code: code.to_owned(),
            contest_id: ContestId::parse(get_s(item, "contest_id")?)
                .map_err(|_| StoreError::corrupt("certificate contest"))?,
            contest_title: get_s(item, "contest_title")?.to_owned(),
            subject: get_s(item, "subject")?.to_owned(),
            full_name: get_s(item, "full_name")?.to_owned(),
            organization: get_s(item, "organization")?.to_owned(),
            award: get_s(item, "award")?.to_owned(),
            round: opt_s(item, "round").unwrap_or_default().to_owned(),
            score: crate::item::opt_n(item, "score")?,
            total: crate::item::opt_n(item, "total")?,
            issued_at_ms: get_n(item, "issued_at")?,
        })
    }
}

/// A unit's follow-up link, as the organizer page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpLink {
    pub organization_id: OrganizationId,
    pub token: String,
    pub created_at_ms: i64,
    pub created_by: String,
}

impl Store {
    /// The certificate the contest already gave for `subject`, if any.
    pub async fn certificate_for(
        &self,
        cid: &ContestId,
        subject: &str,
    ) -> Result<Option<CertificateRecord>, StoreError> {
        let output = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::certificates(cid), subject)))
            .consistent_read(true)
            .send()
            .await
            .map_err(classify)?;
        let Some(code) = output.item.as_ref().and_then(|item| opt_s(item, "code")).map(str::to_owned) else {
            return Ok(None);
        };
        self.certificate(&code).await
    }

    /// Records a new certificate, unless the contest gave one for the same
    /// subject meanwhile (then that one is returned).
    pub async fn issue_certificate(&self, record: &CertificateRecord) -> Result<CertificateRecord, StoreError> {
        let mut mapping = key(keys::certificates(&record.contest_id), record.subject.as_str());
        mapping.insert("code".into(), s(record.code.as_str()));
        let put = |item: Item| {
            TransactWriteItem::builder()
                .put(
                    Put::builder()
                        .table_name(self.table_name())
                        .set_item(Some(item))
                        .condition_expression("attribute_not_exists(#pk)")
                        .expression_attribute_names("#pk", keys::PK)
                        .build()
                        .expect("complete"),
                )
                .build()
        };
        let result = self
            .dynamo
            .transact_write_items()
            .client_request_token(crate::idempotency_token())
            .transact_items(put(mapping))
            .transact_items(put(record.item()))
            .send()
            .await;
        match result {
            Ok(_) => Ok(record.clone()),
            Err(err) if err.as_service_error().is_some_and(is_cancellation) => self
                .certificate_for(&record.contest_id, &record.subject)
                .await?
                .ok_or_else(|| StoreError::Unavailable("a certificate was being issued concurrently".into())),
            Err(err) => Err(classify(err)),
        }
    }

    /// The public record behind a code.
    pub async fn certificate(&self, code: &str) -> Result<Option<CertificateRecord>, StoreError> {
        let output = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::certificate(code), keys::CERTIFICATE)))
            .send()
            .await
            .map_err(classify)?;
        output.item.as_ref().map(|item| CertificateRecord::from_item(code, item)).transpose()
    }

    /// Every follow-up link of the contest.
    pub async fn follow_up_links(&self, cid: &ContestId) -> Result<Vec<FollowUpLink>, StoreError> {
        self.query_partition(keys::follow_up_links(cid))
            .await?
            .iter()
            .map(|item| {
                Ok(FollowUpLink {
                    organization_id: OrganizationId::parse(get_s(item, keys::SK)?)
                        .map_err(|_| StoreError::corrupt("follow-up organization"))?,
                    token: get_s(item, "token")?.to_owned(),
                    created_at_ms: get_n(item, "created_at")?,
                    created_by: get_s(item, "created_by")?.to_owned(),
                })
            })
            .collect()
    }

    /// Gives the unit a new link, revoking its previous one in the same
    /// transaction.
    pub async fn replace_follow_up_link(
        &self,
        cid: &ContestId,
        link: &FollowUpLink,
        previous: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut listed = key(keys::follow_up_links(cid), link.organization_id.as_str());
        listed.insert("token".into(), s(link.token.as_str()));
        listed.insert("created_at".into(), n(link.created_at_ms));
        listed.insert("created_by".into(), s(link.created_by.as_str()));
        let mut token = key(keys::follow_up(&link.token), keys::LINK);
        token.insert("contest_id".into(), s(cid.as_str()));
        token.insert("organization_id".into(), s(link.organization_id.as_str()));
        let put = |item: Item| {
            TransactWriteItem::builder()
                .put(Put::builder().table_name(self.table_name()).set_item(Some(item)).build().expect("complete"))
                .build()
        };
        let mut request = self
            .dynamo
            .transact_write_items()
            .client_request_token(crate::idempotency_token())
            .transact_items(put(listed))
            .transact_items(put(token));
        if let Some(previous) = previous {
            request = request.transact_items(
                TransactWriteItem::builder()
                    .delete(
                        Delete::builder()
                            .table_name(self.table_name())
                            .set_key(Some(key(keys::follow_up(previous), keys::LINK)))
                            .build()
                            .expect("complete"),
                    )
                    .build(),
            );
        }
        request.send().await.map_err(classify)?;
        Ok(())
    }

    /// Revokes a unit's link; returns whether there was one.
    pub async fn revoke_follow_up_link(&self, cid: &ContestId, oid: &OrganizationId) -> Result<bool, StoreError> {
        let Some(link) = self.follow_up_links(cid).await?.into_iter().find(|l| &l.organization_id == oid) else {
            return Ok(false);
        };
        let delete = |k: Item| {
            TransactWriteItem::builder()
                .delete(Delete::builder().table_name(self.table_name()).set_key(Some(k)).build().expect("complete"))
                .build()
        };
        self.dynamo
            .transact_write_items()
            .client_request_token(crate::idempotency_token())
            .transact_items(delete(key(keys::follow_up_links(cid), oid.as_str())))
            .transact_items(delete(key(keys::follow_up(&link.token), keys::LINK)))
            .send()
            .await
            .map_err(classify)?;
        Ok(true)
    }

    /// The unit a follow-up token opens, if the link is live.
    pub async fn follow_up_target(&self, token: &str) -> Result<Option<(ContestId, OrganizationId)>, StoreError> {
        let output = self
            .dynamo
            .get_item()
            .table_name(self.table_name())
            .set_key(Some(key(keys::follow_up(token), keys::LINK)))
            .send()
            .await
            .map_err(classify)?;
        let Some(item) = output.item else { return Ok(None) };
        Ok(Some((
            ContestId::parse(get_s(&item, "contest_id")?).map_err(|_| StoreError::corrupt("follow-up contest"))?,
            OrganizationId::parse(get_s(&item, "organization_id")?)
                .map_err(|_| StoreError::corrupt("follow-up unit"))?,
        )))
    }
}
