//! Reading and writing attribute values without a mapping framework: the
//! items are few and small, and explicit conversions keep the stored shape
//! visible.

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use std::collections::HashMap;
use std::io::{Read, Write};

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

/// JSON as a binary attribute: it crosses the wire as base64, which the SDK
/// decodes in bulk, where JSON text in a string attribute is escaped and
/// unescaped byte by byte (a tenth of a cold start's instructions when the
/// contest was a string).
pub fn json_bytes(value: &impl serde::Serialize) -> AttributeValue {
    AttributeValue::B(Blob::new(serde_json::to_vec(value).expect("domain types always serialise")))
}

fn get_b<'a>(item: &'a Item, name: &str) -> Result<&'a [u8], StoreError> {
    item.get(name)
        .and_then(|v| v.as_b().ok())
        .map(|blob| blob.as_ref())
        .ok_or_else(|| StoreError::corrupt(format!("missing binary attribute {name}")))
}

fn from_json_slice<T: serde::de::DeserializeOwned>(bytes: &[u8], name: &str) -> Result<T, StoreError> {
    serde_json::from_slice(bytes).map_err(|err| StoreError::corrupt(format!("attribute {name}: {err}")))
}

pub fn get_json_bytes<T: serde::de::DeserializeOwned>(item: &Item, name: &str) -> Result<T, StoreError> {
    from_json_slice(get_b(item, name)?, name)
}

/// [`json_bytes`] deflated, for values written often (an attempt's paper, in
/// every start's transaction): Vietnamese text shrinks about 4×, and so do
/// the write units.
pub fn deflated_json(value: &impl serde::Serialize) -> AttributeValue {
    let text = serde_json::to_vec(value).expect("domain types always serialise");
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&text).expect("writing to memory");
    AttributeValue::B(Blob::new(encoder.finish().expect("writing to memory")))
}

pub fn get_deflated_json<T: serde::de::DeserializeOwned>(item: &Item, name: &str) -> Result<T, StoreError> {
    let mut text = Vec::new();
    flate2::read::DeflateDecoder::new(get_b(item, name)?)
        .read_to_end(&mut text)
        .map_err(|err| StoreError::corrupt(format!("attribute {name}: {err}")))?;
    from_json_slice(&text, name)
}

pub fn string_map(item: &Item, name: &str) -> HashMap<String, String> {
    item.get(name)
        .and_then(|v| v.as_m().ok())
        .map(|map| map.iter().filter_map(|(k, v)| v.as_s().ok().map(|s| (k.clone(), s.clone()))).collect())
        .unwrap_or_default()
}
