//! Property tests over hostile input: parsers return errors, never panic,
//! and what they accept keeps its invariants. `make fuzz` runs many more cases.

use contest_domain::contest::ContestDefinition;
use contest_domain::Phone;
use proptest::prelude::*;
use serde_json::{json, Value};

fn valid_file() -> Value {
    let questions: Vec<_> = (1..=4)
        .map(|n| json!({"id": format!("q{n}"), "text": format!("Câu {n}?"), "options": ["A1", "B1", "C1"], "answer": "B"}))
        .collect();
    json!({
        "id": "c", "title": "T", "time_limit_seconds": 60, "questions_per_attempt": 2, "max_attempts_per_round": 1,
        "rounds": [{"id": "r", "name": "R", "opens_at": "2022-10-17T08:00:00+07:00", "closes_at": "2022-10-23T22:00:00+07:00"}],
        "organizations": [{"id": "o", "name": "O", "headcount": 3}],
        "questions": questions
    })
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

const FIELDS: [&str; 9] = [
    "id",
    "title",
    "time_limit_seconds",
    "questions_per_attempt",
    "max_attempts_per_round",
    "rounds",
    "organizations",
    "questions",
    "grace_seconds",
];

proptest! {
    #[test]
    fn contest_parser_never_panics_on_arbitrary_text(text in ".{0,400}") {
        let _ = ContestDefinition::from_json(&text);
    }

    /// A valid file with one field replaced by anything: either rejected
    /// with reasons, or accepted with every answer pointing at an option.
    #[test]
    fn contest_parser_keeps_invariants_under_mutation(field in 0..FIELDS.len(), replacement in json_value()) {
        let mut file = valid_file();
        file[FIELDS[field]] = replacement;
        match ContestDefinition::from_json(&file.to_string()) {
            Ok(definition) => {
                for question in &definition.questions {
                    prop_assert!(question.answer_index < question.options.len());
                }
                prop_assert!(definition.questions.len() >= definition.contest.limits.questions_per_attempt as usize);
            }
            Err(problems) => prop_assert!(!problems.is_empty()),
        }
    }

    #[test]
    fn phone_parser_accepts_only_national_mobile_numbers(raw in ".{0,40}") {
        if let Ok(phone) = Phone::parse(&raw) {
            let digits = phone.as_str();
            prop_assert_eq!(digits.len(), 10);
            prop_assert!(digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
