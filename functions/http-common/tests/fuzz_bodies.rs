//! Request bodies: any bytes give a value or a 4xx, never a panic or a 5xx.

use http_common::extract::parse_json;
use proptest::prelude::*;
use std::collections::BTreeMap;

#[derive(serde::Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Body {
    full_name: String,
    birth_year: Option<i64>,
    answers: BTreeMap<String, String>,
}

proptest! {
    #[test]
    fn bodies_parse_or_fail_with_a_client_error(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        if let Err(err) = parse_json::<Body>(&bytes) {
            prop_assert!(err.status.is_client_error());
            prop_assert!(!err.message.is_empty());
        }
    }

    #[test]
    fn json_shaped_bodies_fail_with_a_client_error(text in r#"\{("[a-z_]{1,10}":("[^"]{0,8}"|-?[0-9]{1,25}|null|\[\]|\{\}),?){0,5}\}"#) {
        if let Err(err) = parse_json::<Body>(text.as_bytes()) {
            prop_assert!(err.status.is_client_error());
        }
    }
}
