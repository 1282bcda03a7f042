//! Every key of the single table, in one place.
//!
//! | item                | pk                                   | sk               | gsi1pk / gsi1sk                          |
//! |---------------------|--------------------------------------|------------------|------------------------------------------|
//! | contest             | `CONTEST#{cid}`                      | `META`           |                                          |
//! | exclusion list      | `CONTEST#{cid}`                      | `EXCLUSIONS`     |                                          |
//! | data erased (retention) | `CONTEST#{cid}`                  | `RETENTION`      |                                          |
//! | question            | `CONTEST#{cid}#QUESTIONS`            | `Q#{qid}`        |                                          |
//! | question drawn mark | `CONTEST#{cid}#QUESTIONS`            | `DRAWN#{qid}`    |                                          |
//! | account (login)     | `CONTEST#{cid}#PHONE#{phone}`        | `ACCOUNT`        |                                          |
//! | barred phone        | `CONTEST#{cid}#PHONE#{phone}`        | `BARRED`         |                                          |
//! | login failures      | `CONTEST#{cid}#PHONE#{phone}`        | `LOGIN_FAILURES` |                                          |
//! | participant profile | `CONTEST#{cid}#P#{pid}`              | `PROFILE`        | gsi4: `CONTEST#{cid}#PARTICIPANTS` / `{created ms}#{pid}` |
//! | password reset code | `CONTEST#{cid}#P#{pid}`              | `RESET`          |                                          |
//! | attempt             | `CONTEST#{cid}#P#{pid}`              | `ATTEMPT#{aid}`  |                                          |
//! | attempt paper       | `CONTEST#{cid}#PAPER#{aid}`          | `PAPER`          |                                          |
//! | best result / round | `CONTEST#{cid}#P#{pid}`              | `BEST#{rid}`     | `CONTEST#{cid}#LEADERBOARD#{rid}` / rank |
//! | organization tally  | `CONTEST#{cid}#ORGS`                 | `ORG#{oid}`      |                                          |
//! | round winners       | `CONTEST#{cid}#WINNERS`              | `{rid}`          |                                          |
//! | result under review | `CONTEST#{cid}#REVIEWS`              | `{rid}#{aid}`    |                                          |
//! | staff list (size)   | `CONTEST#{cid}#ROSTER#{oid}`         | `LIST`           |                                          |
//! | staff list entry    | `CONTEST#{cid}#ROSTER#{oid}`         | `E#{match}#{eid}`|                                          |
//! | pending SMS check   | `CONTEST#{cid}#VERIFY#{vid}`         | `PENDING`        |                                          |
//! | rate counter        | `RATE#{scope}#{subject}#{window}`    | `RATE`           |                                          |
//! | spent challenge     | `CHALLENGE#{signature}`              | `SPENT`          |                                          |
//! | announcement        | `CONTEST#{cid}#ANNOUNCEMENTS`        | `{id}`           |                                          |
//! | audit entry         | `CONTEST#{cid}#AUDIT`                | `{ms}#{seq}`     |                                          |
//! | certificate given   | `CONTEST#{cid}#CERTS`                | `{rid}#{pid}`, `FINISHER#{pid}` |                           |
//! | certificate record  | `CERT#{code}`                        | `CERTIFICATE`    |                                          |
//! | unit follow-up link | `CONTEST#{cid}#FOLLOWUP`             | `{oid}`          |                                          |
//! | follow-up token     | `FOLLOWUP#{token}`                   | `LINK`           |                                          |
//! | contest registry    | `CONTESTS`                           | `{cid}`          |                                          |
//! | organizer account   | `ORGANIZER#{username}`               | `ACCOUNT`        |                                          |
//! | organizer failures  | `ORGANIZER#{username}`               | `LOGIN_FAILURES` |                                          |
//! | address failures    | `LOGIN_ADDRESS#{address}`            | `LOGIN_FAILURES` |                                          |
//!
//! An attempt in progress also carries `gsi2pk` = `OPEN_ATTEMPTS#{shard}` and
//! `gsi2sk` = `{closes_at ms}#{cid}`: the sparse index the round-closing job
//! reads to find abandoned attempts without a Scan; finishing removes them.
//! Rate counters, spent challenges and pending SMS checks carry
//! `expires_at` (epoch seconds), the table's time-to-live attribute.
//!
//! Every profile carries `gsi4pk`/`gsi4sk`, the committee's directory of a
//! contest's participants: an index copying only what its search filters on
//! and lists, none of which an attempt changes, so attempts add no index
//! writes.
//!
//! Every attempt carries `gsi3pk` = `CONTEST#{cid}#ATTEMPTS#{shard}` and
//! `gsi3sk` = `{started_at ms}#{aid}`, an index projecting only the small
//! attributes that statistics and exports read. Both spread their writes over
//! [`SHARDS`] partitions so a round's opening minute has no hot key.
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
pub const GSI3: &str = "gsi3";
pub const GSI3_PK: &str = "gsi3pk";
pub const GSI3_SK: &str = "gsi3sk";
/// Attributes the attempts index carries besides the keys.
pub const GSI3_ATTRIBUTES: [&str; 12] = [
    "round_id",
    "status",
    "started_at",
    "finished_at",
    "closes_at",
    "score",
    "total",
    "duration_ms",
    "prediction",
    "results",
    "full_name",
    "organization_id",
];
pub const GSI4: &str = "gsi4";
pub const GSI4_PK: &str = "gsi4pk";
pub const GSI4_SK: &str = "gsi4sk";
/// Attributes the participants' directory carries besides the keys.
pub const GSI4_ATTRIBUTES: [&str; 9] = [
    "full_name",
    "name_key",
    "phone",
    "organization_id",
    "birth_year",
    "created_at",
    "barred",
    "disqualified",
    "erased",
];
/// Write shards of the attempt indexes.
pub const SHARDS: u32 = 8;
pub const CONTESTS: &str = "CONTESTS";

pub const META: &str = "META";
pub const EXCLUSIONS: &str = "EXCLUSIONS";
pub const RETENTION: &str = "RETENTION";
pub const ACCOUNT: &str = "ACCOUNT";
pub const BARRED: &str = "BARRED";
pub const LOGIN_FAILURES: &str = "LOGIN_FAILURES";
pub const PROFILE: &str = "PROFILE";
pub const RESET: &str = "RESET";
pub const PAPER: &str = "PAPER";
pub const ATTEMPT_PREFIX: &str = "ATTEMPT#";
pub const BEST_PREFIX: &str = "BEST#";
pub const QUESTION_PREFIX: &str = "Q#";
pub const DRAWN_PREFIX: &str = "DRAWN#";
pub const ORG_PREFIX: &str = "ORG#";
pub const ROSTER_LIST: &str = "LIST";
pub const ROSTER_ENTRY_PREFIX: &str = "E#";
pub const PENDING: &str = "PENDING";
pub const RATE: &str = "RATE";
pub const CERTIFICATE: &str = "CERTIFICATE";
pub const LINK: &str = "LINK";
pub const SPENT: &str = "SPENT";
/// The table's time-to-live attribute (epoch seconds).
pub const EXPIRES_AT: &str = "expires_at";

pub fn contest(cid: &ContestId) -> String {
    format!("CONTEST#{cid}")
}

pub fn questions(cid: &ContestId) -> String {
    format!("CONTEST#{cid}#QUESTIONS")
}

pub fn question_sk(qid: &QuestionId) -> String {
    format!("{QUESTION_PREFIX}{qid}")
}

pub fn drawn_sk(qid: &QuestionId) -> String {
    format!("{DRAWN_PREFIX}{qid}")
}

pub fn phone(cid: &ContestId, phone: &Phone) -> String {
    format!("CONTEST#{cid}#PHONE#{phone}")
}

pub fn participant(cid: &ContestId, pid: &ParticipantId) -> String {
    format!("CONTEST#{cid}#P#{pid}")
}

/// An attempt's paper (its questions, options and key): large and written
/// once, so it lives apart from the attempt item every autosave rewrites,
/// in a partition of its own so reading a participant's attempts skips it.
pub fn attempt_paper(cid: &ContestId, aid: &AttemptId) -> String {
    format!("CONTEST#{cid}#PAPER#{aid}")
}

pub fn attempt_sk(aid: &AttemptId) -> String {
    format!("{ATTEMPT_PREFIX}{aid}")
}

pub fn best_sk(rid: &RoundId) -> String {
    format!("{BEST_PREFIX}{rid}")
}

/// A round's leaderboard partition. Contests expecting very many
/// participants spread it over `shards` partitions (the shard chosen by the
/// participant), read back by a scatter-gather of the top K of each.
pub fn leaderboard(cid: &ContestId, rid: &RoundId, shard: u32, shards: u32) -> String {
    if shards <= 1 {
        format!("CONTEST#{cid}#LEADERBOARD#{rid}")
    } else {
        format!("CONTEST#{cid}#LEADERBOARD#{rid}#{shard}")
    }
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

pub fn reviews(cid: &ContestId) -> String {
    format!("CONTEST#{cid}#REVIEWS")
}

pub fn review_sk(rid: &RoundId, aid: &AttemptId) -> String {
    format!("{rid}#{aid}")
}

pub fn roster(cid: &ContestId, oid: &OrganizationId) -> String {
    format!("CONTEST#{cid}#ROSTER#{oid}")
}

/// Entries sort by what registration matches them on (a hash of the
/// normalized name and the birth year), so one Query finds the candidates;
/// names may hold any character, so they are hashed, not embedded.
pub fn roster_match_prefix(name_key: &str, birth_year: u16) -> String {
    let hash = format!("{name_key}\u{0}{birth_year}")
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3));
    format!("{ROSTER_ENTRY_PREFIX}{hash:016x}#")
}

pub fn roster_entry_sk(name_key: &str, birth_year: u16, entry_id: &str) -> String {
    format!("{}{entry_id}", roster_match_prefix(name_key, birth_year))
}

pub fn verification(cid: &ContestId, vid: &str) -> String {
    format!("CONTEST#{cid}#VERIFY#{vid}")
}

/// A counter of `scope` events by `subject` in one time window.
pub fn rate(scope: &str, subject: &str, window: i64) -> String {
    format!("RATE#{scope}#{subject}#{window}")
}

pub fn spent_challenge(signature: &str) -> String {
    format!("CHALLENGE#{signature}")
}

/// The directory partition of a contest's participants (index gsi4).
pub fn participants(cid: &ContestId) -> String {
    format!("CONTEST#{cid}#PARTICIPANTS")
}

pub fn participant_index_sk(created_at_ms: i64, pid: &ParticipantId) -> String {
    format!("{created_at_ms:015}#{pid}")
}

pub fn announcements(cid: &ContestId) -> String {
    format!("CONTEST#{cid}#ANNOUNCEMENTS")
}

pub fn certificates(cid: &ContestId) -> String {
    format!("CONTEST#{cid}#CERTS")
}

/// Codes are restricted to `[A-Z0-9]` by the use case before they reach a key.
pub fn certificate(code: &str) -> String {
    format!("CERT#{code}")
}

pub fn follow_up_links(cid: &ContestId) -> String {
    format!("CONTEST#{cid}#FOLLOWUP")
}

/// Tokens are restricted to `[a-z0-9]` by the use case before they reach a key.
pub fn follow_up(token: &str) -> String {
    format!("FOLLOWUP#{token}")
}

pub fn audit(cid: &ContestId) -> String {
    format!("CONTEST#{cid}#AUDIT")
}

pub fn organizer(username: &str) -> String {
    format!("ORGANIZER#{username}")
}

/// Organizer log-in failures of one calling address. Only the characters
/// of an IPv4 or IPv6 address are kept, so the key cannot be forged.
pub fn login_address(address: &str) -> String {
    let cleaned: String =
        address.chars().filter(|c| c.is_ascii_hexdigit() || matches!(c, '.' | ':')).take(64).collect();
    format!("LOGIN_ADDRESS#{}", if cleaned.is_empty() { "unknown" } else { &cleaned })
}

/// A stable shard for an id (FNV-1a), so an item always lands on the same one.
pub fn shard_of(id: &str) -> u32 {
    shard_among(id, SHARDS)
}

pub fn shard_among(id: &str, shards: u32) -> u32 {
    let hash = id.bytes().fold(0x811c_9dc5_u32, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193));
    hash % shards.max(1)
}

pub fn open_attempts(shard: u32) -> String {
    format!("OPEN_ATTEMPTS#{shard}")
}

pub fn contest_attempts(cid: &ContestId, shard: u32) -> String {
    format!("CONTEST#{cid}#ATTEMPTS#{shard}")
}

pub fn attempt_index_sk(started_at_ms: i64, aid: &AttemptId) -> String {
    format!("{started_at_ms:015}#{aid}")
}

/// Sorts open attempts by the instant they stop accepting answers.
pub fn open_attempt_sk(closes_at_ms: i64, cid: &ContestId) -> String {
    format!("{closes_at_ms:015}#{cid}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_are_stable_and_spread() {
        assert_eq!(shard_of("abc"), shard_of("abc"));
        let used: std::collections::HashSet<u32> = (0..200).map(|n| shard_of(&format!("{n:032x}"))).collect();
        assert_eq!(used.len(), SHARDS as usize);
    }
}
