use contest_domain::attempt::draw_questions;
use contest_domain::contest::{ContestDefinition, QuestionStatus};
use contest_tests::{contest_file, test_store};
use serde_json::json;
use std::collections::HashSet;

#[tokio::test]
async fn loading_the_same_file_twice_changes_nothing() {
    let store = test_store().await;
    let definition = ContestDefinition::from_json(&contest_file(12, 4).to_string()).unwrap();
    let first = store.save_definition(&definition).await.unwrap();
    assert!(first.contest_written);
    assert_eq!((first.questions_written, first.exclusions_added, first.organizations_added), (12, 1, 2));
    let second = store.save_definition(&definition).await.unwrap();
    assert!(!second.changed_anything(), "{second:?}");
    assert_eq!(store.get_contest(&definition.contest.id).await.unwrap().unwrap(), definition.contest);
    assert_eq!(store.list_questions(&definition.contest.id).await.unwrap().len(), 12);
}

#[tokio::test]
async fn the_contest_is_stored_as_json_bytes_and_an_item_written_as_text_still_reads() {
    use aws_sdk_dynamodb::types::AttributeValue;
    use contest_store::keys;
    let store = test_store().await;
    let definition = ContestDefinition::from_json(&contest_file(12, 4).to_string()).unwrap();
    store.save_definition(&definition).await.unwrap();
    let key = std::collections::HashMap::from([
        (keys::PK.to_owned(), AttributeValue::S(keys::contest(&definition.contest.id))),
        (keys::SK.to_owned(), AttributeValue::S(keys::META.to_owned())),
    ]);
    let read = || store.dynamo().get_item().table_name(store.table_name()).set_key(Some(key.clone())).send();
    let item = read().await.unwrap().item.unwrap();
    let text = serde_json::to_string(&definition.contest).unwrap();
    let stored: contest_domain::contest::Contest =
        serde_json::from_slice(item["contest_json"].as_b().expect("a binary attribute").as_ref()).unwrap();
    assert_eq!(stored, definition.contest);
    assert!(!item.contains_key("contest"));

    // An item from before the change: plain JSON text.
    let mut legacy = key.clone();
    legacy.insert("contest".to_owned(), AttributeValue::S(text));
    store.dynamo().put_item().table_name(store.table_name()).set_item(Some(legacy)).send().await.unwrap();
    assert_eq!(store.get_contest(&definition.contest.id).await.unwrap().unwrap(), definition.contest);
    // Saving it again writes the binary form only.
    store.save_contest(&definition.contest).await.unwrap();
    let item = read().await.unwrap().item.unwrap();
    assert!(item.contains_key("contest_json") && !item.contains_key("contest"));
    assert_eq!(store.get_contest(&definition.contest.id).await.unwrap().unwrap(), definition.contest);
}

#[tokio::test]
async fn reloading_an_edited_file_syncs_questions_and_exclusions() {
    let store = test_store().await;
    let mut file = contest_file(12, 4);
    store.save_definition(&ContestDefinition::from_json(&file.to_string()).unwrap()).await.unwrap();
    file["questions"].as_array_mut().unwrap().truncate(10);
    file["questions"][0]["text"] = json!("Câu hỏi đã sửa?");
    file["excluded_phones"] = json!(["0988888888"]);
    let definition = ContestDefinition::from_json(&file.to_string()).unwrap();
    let report = store.save_definition(&definition).await.unwrap();
    assert_eq!((report.questions_written, report.questions_removed), (1, 2));
    assert_eq!((report.exclusions_added, report.exclusions_removed), (1, 1));
    let bank = store.list_questions(&definition.contest.id).await.unwrap();
    assert_eq!(bank.len(), 10);
    assert!(bank.iter().any(|q| q.text == "Câu hỏi đã sửa?"));
}

#[test]
fn a_malformed_file_is_rejected_whole_with_field_and_question_named() {
    let mut file = contest_file(12, 4);
    file["questions"][3]["answer"] = json!("Z");
    let errors = ContestDefinition::from_json(&file.to_string()).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].contains("questions[3] (q004).answer"), "{errors:?}");
}

/// The demo contest shipped with the project: the plan's contest, with a
/// real question bank large enough for its attempts.
#[test]
fn the_demo_contest_file_is_valid_and_complete() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../contests/cchc-2022.json");
    let definition = ContestDefinition::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let contest = &definition.contest;
    assert_eq!(contest.title, "Tìm hiểu cải cách hành chính thị xã Quảng Trị năm 2022");
    let names: Vec<_> = contest.rounds.iter().filter(|r| !r.practice).map(|r| r.name.as_str()).collect();
    // The plan's three weeks (its "4 đợt" is discussed in the rules).
    assert_eq!(names, vec!["Tuần 1", "Tuần 2", "Tuần 3"]);
    // And a practice round open throughout, with its own questions and their sources.
    let practice = contest.rounds.iter().find(|r| r.practice).expect("a practice round");
    let pool = definition.questions.iter().filter(|q| q.is_drawable_in(practice)).count();
    assert!(pool >= 5 && practice.opens_at <= contest.rounds[0].opens_at, "{pool} practice questions");
    // The committee's paperwork follows the plan: prize money per prize.
    assert_eq!(
        (contest.prize_amounts.first, contest.prize_amounts.collective.first().copied()),
        (500_000, Some(1_000_000))
    );
    assert_eq!(contest.rounds[0].opens_at.to_rfc3339(), "2022-10-17T08:00:00+07:00");
    assert_eq!(contest.rounds[0].closes_at.to_rfc3339(), "2022-10-23T22:00:00+07:00");
    assert_eq!((contest.limits.questions_per_attempt, contest.limits.time_limit_seconds), (20, 1800));
    assert!(definition.questions.len() >= 60, "only {} questions", definition.questions.len());
    assert!(definition.questions.iter().all(|q| q.status == QuestionStatus::Approved && !q.source.is_empty()));
    let org_ids: HashSet<_> = contest.organizations.iter().map(|o| o.id.as_str()).collect();
    for expected in ["phuong-1", "phuong-2", "phuong-3", "phuong-an-don", "xa-hai-le", "doanh-nghiep", "nhan-dan"] {
        assert!(org_ids.contains(expected), "missing organization {expected}: {org_ids:?}");
    }
    // The public and businesses compete for individual prizes only.
    let open: Vec<_> =
        contest.organizations.iter().filter(|o| !o.is_ranked_collectively()).map(|o| o.id.as_str()).collect();
    assert_eq!(open, vec!["doanh-nghiep", "nhan-dan"]);
    let drawn = draw_questions(&definition.questions, &contest.rounds[0], 20, &mut rand::rng()).unwrap();
    assert_eq!(drawn.len(), 20);
}
