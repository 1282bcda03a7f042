//! DynamoDB on-demand billing for recorded requests: item sizes by the
//! published rules (attribute names + values, 1 KB write units, 4 KB read
//! units, transactions double, each index copy a write of its own), applied
//! to what the handlers actually sent and received. moto reports a fixed
//! ConsumedCapacity whatever the size, so the model is computed here.

use crate::wire::Exchange;
use contest_store::table::{table_definition, IndexProjection};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};

/// Size in bytes of one item in DynamoDB JSON (`{"name": {"S": "…"}}`).
pub fn item_size(item: &Map<String, Value>) -> usize {
    item.iter().map(|(name, value)| name.len() + value_size(value)).sum()
}

fn value_size(value: &Value) -> usize {
    let Some((kind, inner)) = value.as_object().and_then(|o| o.iter().next()) else { return 0 };
    match (kind.as_str(), inner) {
        ("S", Value::String(s)) => s.len(),
        // Numbers are stored as up to 38 significant digits, two per byte, plus one.
        ("N", Value::String(n)) => n.trim_start_matches('-').replace('.', "").len().div_ceil(2) + 1,
        ("B", Value::String(b64)) => b64.len() * 3 / 4,
        ("BOOL" | "NULL", _) => 1,
        ("SS", Value::Array(items)) => items.iter().map(|s| s.as_str().map_or(0, str::len)).sum(),
        ("NS", Value::Array(items)) => items.len() * 21,
        ("L", Value::Array(items)) => 3 + items.iter().map(|v| 1 + value_size(v)).sum::<usize>(),
        ("M", Value::Object(map)) => 3 + map.iter().map(|(k, v)| 1 + k.len() + value_size(v)).sum::<usize>(),
        _ => 0,
    }
}

fn write_units(bytes: usize) -> f64 {
    bytes.div_ceil(1024).max(1) as f64
}

fn read_units(bytes: usize, consistent: bool) -> f64 {
    let units = bytes.div_ceil(4096).max(1) as f64;
    if consistent {
        units
    } else {
        units / 2.0
    }
}

/// Read and write request units of a set of requests.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Units {
    pub read: f64,
    pub write: f64,
}

impl std::ops::AddAssign for Units {
    fn add_assign(&mut self, other: Units) {
        self.read += other.read;
        self.write += other.write;
    }
}

/// The items as they are after the requests, by (pk, sk): an update's
/// write units depend on the size of the whole item, which the request
/// alone does not show.
pub type ItemsAfter = HashMap<(String, String), Map<String, Value>>;

struct Index {
    partition: &'static str,
    sort: &'static str,
    projection: IndexProjection,
}

fn indexes() -> Vec<Index> {
    table_definition()
        .global_indexes
        .into_iter()
        .map(|i| Index { partition: i.key.partition, sort: i.key.sort, projection: i.projection })
        .collect()
}

fn key_of(key: &Value) -> Option<(String, String)> {
    Some((key["pk"]["S"].as_str()?.to_owned(), key["sk"]["S"].as_str()?.to_owned()))
}

/// The keys of every item a set of requests updates or checks: the caller
/// fetches them afterwards into [`ItemsAfter`].
pub fn keys_to_size(exchanges: &[Exchange]) -> Vec<(String, String)> {
    let mut keys = BTreeSet::new();
    for exchange in exchanges {
        match exchange.operation.as_str() {
            "UpdateItem" => keys.extend(key_of(&exchange.request["Key"])),
            "TransactWriteItems" => {
                for item in exchange.request["TransactItems"].as_array().into_iter().flatten() {
                    for action in ["Update", "ConditionCheck"] {
                        keys.extend(key_of(&item[action]["Key"]));
                    }
                }
            }
            _ => {}
        }
    }
    keys.into_iter().collect()
}

fn index_copy_size(item: &Map<String, Value>, index: &Index) -> Option<usize> {
    if !item.contains_key(index.partition) {
        return None;
    }
    let size_of =
        |names: &[&str]| -> usize { names.iter().filter_map(|n| item.get(*n).map(|v| n.len() + value_size(v))).sum() };
    let keys = size_of(&["pk", "sk", index.partition, index.sort]);
    Some(match &index.projection {
        IndexProjection::All => item_size(item),
        IndexProjection::KeysOnly => keys,
        IndexProjection::Include(attributes) => keys + size_of(attributes),
    })
}

/// Attribute names an update expression touches (`#n` resolved).
fn touched_attributes(update: &Value) -> BTreeSet<String> {
    let names = update["ExpressionAttributeNames"].as_object();
    let expression = update["UpdateExpression"].as_str().unwrap_or_default();
    expression
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '#' || c == ':'))
        .filter(|token| !token.is_empty() && !token.starts_with(':'))
        .filter(|token| !matches!(token.to_ascii_uppercase().as_str(), "SET" | "REMOVE" | "ADD" | "DELETE"))
        .map(|token| match token.strip_prefix('#') {
            Some(_) => names.and_then(|n| n[token].as_str()).unwrap_or(token).to_owned(),
            None => token.to_owned(),
        })
        .collect()
}

/// Index writes caused by writing `item`: one per index it has a copy in,
/// of the copy's size. For an update, only indexes whose key or projected
/// attributes it touches; moving an index key costs a delete and a put.
fn index_writes(item: &Map<String, Value>, touched: Option<&BTreeSet<String>>) -> f64 {
    indexes()
        .iter()
        .map(|index| {
            let copy = index_copy_size(item, index);
            let Some(touched) = touched else { return copy.map_or(0.0, write_units) };
            let moves_key = touched.contains(index.partition) || touched.contains(index.sort);
            let touches_copy = match &index.projection {
                IndexProjection::All => !touched.is_empty(),
                IndexProjection::KeysOnly => false,
                IndexProjection::Include(attributes) => attributes.iter().any(|a| touched.contains(*a)),
            };
            match copy {
                Some(size) if moves_key => 2.0 * write_units(size),
                Some(size) if touches_copy => write_units(size),
                // The key was removed: the old copy is deleted.
                None if moves_key => 1.0,
                _ => 0.0,
            }
        })
        .sum()
}

fn sized<'a>(items_after: &'a ItemsAfter, key: &Value) -> Option<&'a Map<String, Value>> {
    key_of(key).and_then(|k| items_after.get(&k))
}

/// The request units one recorded request is billed.
pub fn units(exchange: &Exchange, items_after: &ItemsAfter) -> Units {
    let request = &exchange.request;
    let response = &exchange.response;
    let consistent = request["ConsistentRead"].as_bool().unwrap_or(false);
    let items_size = |items: &Value| -> usize {
        items.as_array().into_iter().flatten().filter_map(Value::as_object).map(item_size).sum()
    };
    let write_of = |item: Option<&Map<String, Value>>, touched: Option<&BTreeSet<String>>, factor: f64| -> f64 {
        item.map_or(factor, |item| factor * write_units(item_size(item)) + index_writes(item, touched))
    };
    match exchange.operation.as_str() {
        "GetItem" => {
            Units { read: read_units(response["Item"].as_object().map_or(0, item_size), consistent), write: 0.0 }
        }
        "Query" | "Scan" => Units { read: read_units(items_size(&response["Items"]), consistent), write: 0.0 },
        "BatchGetItem" => {
            let read = response["Responses"]
                .as_object()
                .into_iter()
                .flat_map(|tables| tables.iter())
                .map(|(table, items)| {
                    let consistent = request["RequestItems"][table]["ConsistentRead"].as_bool().unwrap_or(false);
                    items
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_object)
                        .map(|item| read_units(item_size(item), consistent))
                        .sum::<f64>()
                })
                .sum();
            Units { read, write: 0.0 }
        }
        "PutItem" => Units { read: 0.0, write: write_of(request["Item"].as_object(), None, 1.0) },
        "UpdateItem" => Units {
            read: 0.0,
            write: write_of(sized(items_after, &request["Key"]), Some(&touched_attributes(request)), 1.0),
        },
        "DeleteItem" => Units { read: 0.0, write: 1.0 },
        "TransactWriteItems" => {
            let write = request["TransactItems"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|action| {
                    if let Some(put) = action.get("Put") {
                        write_of(put["Item"].as_object(), None, 2.0)
                    } else if let Some(update) = action.get("Update") {
                        write_of(sized(items_after, &update["Key"]), Some(&touched_attributes(update)), 2.0)
                    } else if let Some(check) = action.get("ConditionCheck") {
                        // Checked, not written: no index copy changes.
                        sized(items_after, &check["Key"]).map_or(2.0, |item| 2.0 * write_units(item_size(item)))
                    } else {
                        2.0
                    }
                })
                .sum();
            Units { read: 0.0, write }
        }
        "TransactGetItems" => {
            let read = response["Responses"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r["Item"].as_object())
                .map(|item| 2.0 * read_units(item_size(item), true))
                .sum();
            Units { read, write: 0.0 }
        }
        _ => Units::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn exchange(operation: &str, request: Value, response: Value) -> Exchange {
        Exchange { operation: operation.into(), wire: Default::default(), headers: vec![], request, response }
    }

    #[test]
    fn item_sizes_follow_the_published_rules() {
        let item = json!({"pk": {"S": "ab"}, "n": {"N": "12345"}, "ok": {"BOOL": true},
                          "m": {"M": {"x": {"S": "yz"}}}});
        // pk 2+2, n 1+4 (5 digits → 3 bytes + 1), ok 2+1, m 1+(3 + 1 + 1 + 2)
        assert_eq!(item_size(item.as_object().unwrap()), 4 + 5 + 3 + 8);
    }

    #[test]
    fn transactions_cost_double_and_index_copies_add_writes() {
        let big = "x".repeat(1500);
        let put = json!({"TransactItems": [{"Put": {"Item": {"pk": {"S": "p"}, "sk": {"S": "s"}, "body": {"S": big},
                          "gsi2pk": {"S": "OPEN"}, "gsi2sk": {"S": "1"}}}}]});
        let units = units(&exchange("TransactWriteItems", put, json!({})), &ItemsAfter::new());
        // 2 KB item, doubled, plus a keys-only copy in gsi2 (1 unit).
        assert_eq!(units.write, 2.0 * 2.0 + 1.0);
    }

    #[test]
    fn an_update_touching_no_index_attribute_writes_only_the_item() {
        let key = json!({"pk": {"S": "p"}, "sk": {"S": "s"}});
        let update = json!({"Key": key, "UpdateExpression": "SET #a.#q = :o", "ExpressionAttributeNames": {"#a": "answers", "#q": "q1"}});
        let mut after = ItemsAfter::new();
        after.insert(("p".into(), "s".into()), json!({"pk": {"S": "p"}, "sk": {"S": "s"}, "gsi2pk": {"S": "OPEN"}, "gsi2sk": {"S": "1"}, "answers": {"M": {}}}).as_object().unwrap().clone());
        assert_eq!(units(&exchange("UpdateItem", update, json!({})), &after), Units { read: 0.0, write: 1.0 });
    }

    #[test]
    fn eventually_consistent_reads_cost_half_per_4_kb() {
        let items: Vec<Value> =
            (0..3).map(|i| json!({"pk": {"S": format!("{i}")}, "body": {"S": "y".repeat(2000)}})).collect();
        let units = units(&exchange("Query", json!({}), json!({"Items": items})), &ItemsAfter::new());
        assert_eq!(units.read, 1.0); // ~6 KB → 2 units of 4 KB, halved
    }
}
