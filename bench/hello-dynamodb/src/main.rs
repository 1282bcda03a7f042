//! What a first response costs when it must read the table before any of
//! our code runs: the AWS SDK's client, configured as the functions configure
//! it, on the same current-thread runtime, and one GetItem of the demo
//! contest's item per request.

use aws_sdk_dynamodb::types::AttributeValue;
use contest_domain::ContestId;
use contest_store::keys;
use lambda_http::{service_fn, Body, Error, Request, Response};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let dynamo = aws_sdk_dynamodb::Client::new(&contest_store::Store::sdk_config_from_env()?);
    let table = std::env::var("TABLE_NAME")?;
    let pk = keys::contest(&ContestId::parse("cchc-2022")?);
    let (dynamo, table, pk) = (&dynamo, table.as_str(), pk.as_str());
    lambda_http::run(service_fn(move |_request: Request| async move {
        let item = dynamo
            .get_item()
            .table_name(table)
            .key(keys::PK, AttributeValue::S(pk.to_owned()))
            .key(keys::SK, AttributeValue::S(keys::META.to_owned()))
            .send()
            .await?
            .item
            .unwrap_or_default();
        Ok::<_, Error>(Response::new(Body::from(format!("{} attributes", item.len()))))
    }))
    .await
}
