//! Every key of the single table, in one place.
//!
//! | item                | pk                                   | sk               | gsi1pk / gsi1sk                          |
//! |---------------------|--------------------------------------|------------------|------------------------------------------|
//! | contest             | `CONTEST#{cid}`                      | `META`           |                                          |
//! | exclusion list      | `CONTEST#{cid}`                      | `EXCLUSIONS`     |                                          |
//! | question            | `CONTEST#{cid}#QUESTIONS`            | `Q#{qid}`        |                                          |
//! | account (login)     | `CONTEST#{cid}#PHONE#{phone}`        | `ACCOUNT`        |                                          |
//! | barred phone        | `CONTEST#{cid}#PHONE#{phone}`        | `BARRED`         |                                          |
//! | participant profile | `CONTEST#{cid}#P#{pid}`              | `PROFILE`        |                                          |
//! | attempt             | `CONTEST#{cid}#P#{pid}`              | `ATTEMPT#{aid}`  |                                          |
//! | best result / round | `CONTEST#{cid}#P#{pid}`              | `BEST#{rid}`     | `CONTEST#{cid}#LEADERBOARD#{rid}` / rank |
//! | organization tally  | `CONTEST#{cid}#ORGS`                 | `ORG#{oid}`      |                                          |
//! | round winners       | `CONTEST#{cid}#WINNERS`              | `{rid}`          |                                          |
//! | audit entry         | `CONTEST#{cid}#AUDIT`                | `{ms}#{seq}`     |                                          |
//! | contest registry    | `CONTESTS`                           | `{cid}`          |                                          |
//! | organizer account   | `ORGANIZER#{username}`               | `ACCOUNT`        |                                          |
//!
//! An attempt in progress also carries `gsi2pk` = `OPEN_ATTEMPTS` and
//! `gsi2sk` = `{closes_at ms}#{cid}`: the sparse index the round-closing job
//! reads to find abandoned attempts without a Scan; finishing removes them.
//!
//! A participant's profile, attempts and best results share a partition so
//! "my contest page" is one Query. Ids are restricted newtypes that cannot
//! contain `#`, so keys cannot collide or be forged from input.

use contest_domain::{AttemptId, ContestId, OrganizationId, ParticipantId, Phone, QuestionId, RoundId};

pub const PK: &str = "pk";
pub const SK: &str = "sk";
pub const GSI1: &str = "gsi1";
pub const GSI1_PK: &str = "gsi1pk";
pub const GSI1_SK: &str = "gsi1sk";
pub const GSI2: &str = "gsi2";
pub const GSI2_PK: &str = "gsi2pk";
pub const GSI2_SK: &str = "gsi2sk";
pub const OPEN_ATTEMPTS: &str = "OPEN_ATTEMPTS";
pub const CONTESTS: &str = "CONTESTS";

pub const META: &str = "META";
pub const EXCLUSIONS: &str = "EXCLUSIONS";
pub const ACCOUNT: &str = "ACCOUNT";
pub const BARRED: &str = "BARRED";
pub const PROFILE: &str = "PROFILE";
pub const ATTEMPT_PREFIX: &str = "ATTEMPT#";
pub const BEST_PREFIX: &str = "BEST#";
pub const QUESTION_PREFIX: &str = "Q#";
pub const ORG_PREFIX: &str = "ORG#";

pub fn contest(cid: &ContestId) -> String {
    format!("CONTEST#{cid}")
}

pub fn questions(cid: &ContestId) -> String {
    format!("CONTEST#{cid}#QUESTIONS")
}

pub fn question_sk(qid: &QuestionId) -> String {
    format!("{QUESTION_PREFIX}{qid}")
}

pub fn phone(cid: &ContestId, phone: &Phone) -> String {
    format!("CONTEST#{cid}#PHONE#{phone}")
}

pub fn participant(cid: &ContestId, pid: &ParticipantId) -> String {
    format!("CONTEST#{cid}#P#{pid}")
}

pub fn attempt_sk(aid: &AttemptId) -> String {
    format!("{ATTEMPT_PREFIX}{aid}")
}

pub fn best_sk(rid: &RoundId) -> String {
    format!("{BEST_PREFIX}{rid}")
}

pub fn leaderboard(cid: &ContestId, rid: &RoundId) -> String {
    format!("CONTEST#{cid}#LEADERBOARD#{rid}")
}

pub fn organizations(cid: &ContestId) -> String {
    format!("CONTEST#{cid}#ORGS")
}

pub fn organization_sk(oid: &OrganizationId) -> String {
    format!("{ORG_PREFIX}{oid}")
}

pub fn winners(cid: &ContestId) -> String {
    format!("CONTEST#{cid}#WINNERS")
}

pub fn audit(cid: &ContestId) -> String {
    format!("CONTEST#{cid}#AUDIT")
}

pub fn organizer(username: &str) -> String {
    format!("ORGANIZER#{username}")
}

/// Sorts open attempts by the instant they stop accepting answers.
pub fn open_attempt_sk(closes_at_ms: i64, cid: &ContestId) -> String {
    format!("{closes_at_ms:015}#{cid}")
}
