//! The attempt as its owner sees it. Built from `PublicQuestion`, which has
//! no answer field, so the key cannot leak through this view.

use chrono::{DateTime, Utc};
use contest_domain::time::format_vietnam;
use contest_store::attempts::AttemptRecord;
use serde_json::{json, Value};

pub fn attempt_view(attempt: &AttemptRecord, now: DateTime<Utc>) -> Value {
    let questions: Vec<_> = attempt.questions.iter().map(|q| q.public()).collect();
    let mut view = json!({
        "attempt_id": attempt.attempt_id,
        "round_id": attempt.round_id,
        "status": attempt.status,
        "started_at": format_vietnam(attempt.clock.started_at),
        "deadline": format_vietnam(attempt.clock.deadline),
        "server_time": format_vietnam(now),
        "questions": questions,
        "answers": attempt.answers,
    });
    if let Some(result) = &attempt.result {
        view["score"] = json!(result.score);
        view["total"] = json!(result.total);
        view["duration_ms"] = json!(result.duration_ms);
        view["submitted_at"] = json!(format_vietnam(result.finished_at));
        view["prediction"] = json!(result.prediction);
    }
    view
}
