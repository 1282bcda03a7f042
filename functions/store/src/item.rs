//! Reading and writing attribute values without a mapping framework: the
//! items are few and small, and explicit conversions keep the stored shape
//! visible.

use aws_sdk_dynamodb::types::AttributeValue;
use std::collections::HashMap;

use crate::StoreError;

pub type Item = HashMap<String, AttributeValue>;

pub fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

pub fn n(value: impl ToString) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

pub fn key(pk: String, sk: impl Into<String>) -> Item {
    HashMap::from([(crate::keys::PK.to_owned(), s(pk)), (crate::keys::SK.to_owned(), s(sk))])
}

pub fn get_s<'a>(item: &'a Item, name: &str) -> Result<&'a str, StoreError> {
    opt_s(item, name).ok_or_else(|| StoreError::corrupt(format!("missing string attribute {name}")))
}

pub fn opt_s<'a>(item: &'a Item, name: &str) -> Option<&'a str> {
    item.get(name).and_then(|v| v.as_s().ok()).map(String::as_str)
}

pub fn get_n<T: std::str::FromStr>(item: &Item, name: &str) -> Result<T, StoreError> {
    opt_n(item, name)?.ok_or_else(|| StoreError::corrupt(format!("missing number attribute {name}")))
}

pub fn opt_n<T: std::str::FromStr>(item: &Item, name: &str) -> Result<Option<T>, StoreError> {
    match item.get(name) {
        None | Some(AttributeValue::Null(_)) => Ok(None),
        Some(value) => value
            .as_n()
            .ok()
            .and_then(|raw| raw.parse().ok())
            .map(Some)
            .ok_or_else(|| StoreError::corrupt(format!("attribute {name} is not a number"))),
    }
}

pub fn get_json<T: serde::de::DeserializeOwned>(item: &Item, name: &str) -> Result<T, StoreError> {
    serde_json::from_str(get_s(item, name)?).map_err(|err| StoreError::corrupt(format!("attribute {name}: {err}")))
}

pub fn json(value: &impl serde::Serialize) -> AttributeValue {
    s(serde_json::to_string(value).expect("domain types always serialise"))
}

pub fn string_map(item: &Item, name: &str) -> HashMap<String, String> {
    item.get(name)
        .and_then(|v| v.as_m().ok())
        .map(|map| map.iter().filter_map(|(k, v)| v.as_s().ok().map(|s| (k.clone(), s.clone()))).collect())
        .unwrap_or_default()
}
