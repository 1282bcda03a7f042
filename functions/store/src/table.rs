//! The table's definition lives here once: `contest init` creates it from
//! this, and the infrastructure check compares the template against it.

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection, ProjectionType,
    ScalarAttributeType,
};

use crate::error::classify;
use crate::keys::{
    GSI1, GSI1_PK, GSI1_SK, GSI2, GSI2_PK, GSI2_SK, GSI3, GSI3_ATTRIBUTES, GSI3_PK, GSI3_SK, GSI4, GSI4_ATTRIBUTES,
    GSI4_PK, GSI4_SK, PK, SK,
};
use crate::{Store, StoreError};

pub struct KeyDefinition {
    pub partition: &'static str,
    pub sort: &'static str,
}

/// What an index copies from the table. Attempt items are large (their
/// questions), so the attempt indexes copy only what their readers need.
pub enum IndexProjection {
    All,
    KeysOnly,
    Include(&'static [&'static str]),
}

pub struct IndexDefinition {
    pub name: &'static str,
    pub key: KeyDefinition,
    pub projection: IndexProjection,
}

pub struct TableDefinition {
    pub key: KeyDefinition,
    pub global_indexes: Vec<IndexDefinition>,
    /// The attribute DynamoDB expires items by (epoch seconds).
    pub time_to_live: &'static str,
}

pub fn table_definition() -> TableDefinition {
    TableDefinition {
        key: KeyDefinition { partition: PK, sort: SK },
        global_indexes: vec![
            IndexDefinition {
                name: GSI1,
                key: KeyDefinition { partition: GSI1_PK, sort: GSI1_SK },
                projection: IndexProjection::All,
            },
            IndexDefinition {
                name: GSI2,
                key: KeyDefinition { partition: GSI2_PK, sort: GSI2_SK },
                projection: IndexProjection::KeysOnly,
            },
            IndexDefinition {
                name: GSI3,
                key: KeyDefinition { partition: GSI3_PK, sort: GSI3_SK },
                projection: IndexProjection::Include(&GSI3_ATTRIBUTES),
            },
            IndexDefinition {
                name: GSI4,
                key: KeyDefinition { partition: GSI4_PK, sort: GSI4_SK },
                projection: IndexProjection::Include(&GSI4_ATTRIBUTES),
            },
        ],
        time_to_live: crate::keys::EXPIRES_AT,
    }
}

fn key_schema(key: &KeyDefinition) -> Vec<KeySchemaElement> {
    [(key.partition, KeyType::Hash), (key.sort, KeyType::Range)]
        .into_iter()
        .map(|(name, kind)| KeySchemaElement::builder().attribute_name(name).key_type(kind).build().expect("complete"))
        .collect()
}

impl Store {
    /// Creates the table if it does not exist yet; returns whether it did.
    pub async fn create_table_if_missing(&self) -> Result<bool, StoreError> {
        let described = self.dynamo.describe_table().table_name(self.table_name()).send().await;
        if described.is_ok() {
            self.enable_time_to_live().await?;
            return Ok(false);
        }
        let definition = table_definition();
        let mut attributes = vec![definition.key.partition, definition.key.sort];
        for index in &definition.global_indexes {
            attributes.extend([index.key.partition, index.key.sort]);
        }
        let mut request = self
            .dynamo
            .create_table()
            .table_name(self.table_name())
            .billing_mode(BillingMode::PayPerRequest)
            .set_key_schema(Some(key_schema(&definition.key)));
        for name in attributes {
            request = request.attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(name)
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .expect("complete"),
            );
        }
        for index in &definition.global_indexes {
            let projection = match index.projection {
                IndexProjection::All => Projection::builder().projection_type(ProjectionType::All).build(),
                IndexProjection::KeysOnly => Projection::builder().projection_type(ProjectionType::KeysOnly).build(),
                IndexProjection::Include(attributes) => Projection::builder()
                    .projection_type(ProjectionType::Include)
                    .set_non_key_attributes(Some(attributes.iter().map(|a| a.to_string()).collect()))
                    .build(),
            };
            request = request.global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name(index.name)
                    .set_key_schema(Some(key_schema(&index.key)))
                    .projection(projection)
                    .build()
                    .expect("complete"),
            );
        }
        request.send().await.map_err(classify)?;
        self.enable_time_to_live().await?;
        Ok(true)
    }

    /// Rate counters, spent challenges and pending SMS checks expire on
    /// their own; a table made before they existed gets the setting too.
    async fn enable_time_to_live(&self) -> Result<(), StoreError> {
        let attribute = table_definition().time_to_live;
        let current =
            self.dynamo.describe_time_to_live().table_name(self.table_name()).send().await.map_err(classify)?;
        let enabled = current.time_to_live_description().and_then(|d| d.attribute_name()) == Some(attribute);
        if !enabled {
            self.dynamo
                .update_time_to_live()
                .table_name(self.table_name())
                .time_to_live_specification(
                    aws_sdk_dynamodb::types::TimeToLiveSpecification::builder()
                        .attribute_name(attribute)
                        .enabled(true)
                        .build()
                        .expect("complete"),
                )
                .send()
                .await
                .map_err(classify)?;
        }
        Ok(())
    }

    pub async fn delete_table(&self) -> Result<(), StoreError> {
        self.dynamo.delete_table().table_name(self.table_name()).send().await.map_err(classify)?;
        Ok(())
    }

    /// Creates the exports bucket if it does not exist yet.
    pub async fn create_bucket_if_missing(&self) -> Result<bool, StoreError> {
        let bucket = &self.config.exports_bucket;
        if self.s3().head_bucket().bucket(bucket).send().await.is_ok() {
            return Ok(false);
        }
        let region = self.s3().config().region().map(|r| r.to_string()).unwrap_or_default();
        let mut request = self.s3().create_bucket().bucket(bucket);
        // us-east-1 is the one region that rejects an explicit constraint.
        if region != "us-east-1" && !region.is_empty() {
            request = request.create_bucket_configuration(
                aws_sdk_s3::types::CreateBucketConfiguration::builder()
                    .location_constraint(aws_sdk_s3::types::BucketLocationConstraint::from(region.as_str()))
                    .build(),
            );
        }
        request.send().await.map_err(crate::error::classify)?;
        Ok(true)
    }
}

impl Store {
    /// A cheap read proving the table answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.dynamo.describe_table().table_name(self.table_name()).send().await.map_err(classify)?;
        Ok(())
    }
}
