//! Prints what the infrastructure must match, as JSON: each Lambda
//! function's routes (from the same tables its router is built from) and the
//! table's keys and indexes (from the definition `contest init` uses).

use contest_store::table::{table_definition, IndexProjection};
use serde_json::{json, Value};

fn function(table: &[(&str, &str)], permissions: http_common::route_table::Permissions) -> Value {
    json!({
        "routes": table.iter().map(|(method, path)| json!({ "method": method, "path": path })).collect::<Vec<_>>(),
        "dynamodb_actions": permissions.dynamodb,
        "s3_actions": permissions.s3,
        "verifies_tokens": permissions.verifies.map(role),
        "signs_tokens": permissions.signs.map(role),
        "writes_leading_keys": permissions.writes,
        "reads_challenge_key": permissions.reads_challenge_key,
        "sends_sms": permissions.sends_sms,
        "sends_email": permissions.sends_email,
    })
}

fn role(role: contest_usecases::KeyRole) -> &'static str {
    match role {
        contest_usecases::KeyRole::Participant => "participant",
        contest_usecases::KeyRole::Organizer => "organizer",
    }
}

fn main() {
    let definition = table_definition();
    let indexes: Vec<_> = definition
        .global_indexes
        .iter()
        .map(|index| {
            let (projection, attributes): (&str, Vec<&str>) = match index.projection {
                IndexProjection::All => ("ALL", vec![]),
                IndexProjection::KeysOnly => ("KEYS_ONLY", vec![]),
                IndexProjection::Include(attributes) => ("INCLUDE", attributes.to_vec()),
            };
            json!({
                "name": index.name,
                "partition_key": index.key.partition,
                "sort_key": index.key.sort,
                "projection": projection,
                "non_key_attributes": attributes,
            })
        })
        .collect();
    let manifest = json!({
        "functions": gateway::functions()
            .into_iter()
            .map(|(name, table, permissions)| (name.to_owned(), function(table, permissions)))
            .collect::<serde_json::Map<_, _>>(),
        // Exports hold personal data: the bucket's lifecycle expires them
        // after the contests' default retention period.
        "personal_data_retention_days": contest_domain::privacy::DEFAULT_RETENTION_DAYS,
        "table": {
            "partition_key": definition.key.partition,
            "sort_key": definition.key.sort,
            "global_indexes": indexes,
            "time_to_live": definition.time_to_live,
        }
    });
    println!("{}", serde_json::to_string_pretty(&manifest).expect("serialisable"));
}
