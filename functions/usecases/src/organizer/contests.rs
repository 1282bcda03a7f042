//! Contest settings: list, create, read and replace them.

use contest_domain::contest::{round_pools, Contest, ContestDefinition, Question, QuestionStatus, RoundStatus};
use contest_domain::time::{format_vietnam, from_millis};
use contest_domain::{ContestId, RoundId};
use serde::Serialize;
use serde_json::Value;

use crate::{App, Error, Organizer};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ContestList {
    pub contests: Vec<ContestSummary>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ContestSummary {
    pub id: ContestId,
    pub title: String,
    /// How many rounds it has.
    pub rounds: usize,
}

/// The contests the organizer may see.
pub async fn list(app: &App, who: &Organizer) -> Result<ContestList, Error> {
    let mut contests = Vec::new();
    for cid in app.store.contest_ids().await?.into_iter().filter(|cid| who.can_see(cid)) {
        if let Some(contest) = app.store.get_contest(&cid).await? {
            contests.push(ContestSummary { rounds: contest.rounds.len(), id: contest.id, title: contest.title });
        }
    }
    Ok(ContestList { contests })
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ContestEnvelope {
    pub contest: Contest,
}

fn parse_settings(settings: &Value, bank: Option<&[Question]>) -> Result<Contest, Error> {
    ContestDefinition::settings_from_json(&settings.to_string(), bank).map_err(Error::InvalidContest)
}

/// A new contest from its settings (the contest-file fields without
/// questions and exclusions, `id` included). Its question bank is imported
/// next; attempts cannot start before.
pub async fn create(app: &App, who: &Organizer, settings: Value) -> Result<ContestEnvelope, Error> {
    let contest = parse_settings(&settings, None)?;
    if !app.store.create_contest(&contest).await? {
        return Err(Error::ContestExists);
    }
    #[derive(Serialize)]
    struct Created<'a> {
        title: &'a str,
    }
    super::record(app, &contest.id, who, "contest.create", Created { title: &contest.title }).await?;
    Ok(ContestEnvelope { contest })
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AdminContest {
    pub contest: Contest,
    pub round_status: Vec<RoundStatusEntry>,
    pub questions: BankSize,
    /// Per round, how many approved questions its attempts draw from.
    pub pools: Vec<RoundPool>,
    /// Results waiting for the committee's review, in every round.
    pub pending_reviews: usize,
    /// The privacy notice participants consent to, as it reads now, and its version.
    pub privacy_notice: String,
    pub privacy_notice_version: String,
    /// When the participants' personal data is due to be erased (Vietnam time).
    pub personal_data_erase_on: Option<String>,
    /// When it was erased, once it has been.
    pub personal_data_erased_at: Option<String>,
    pub server_time: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RoundPool {
    pub round_id: RoundId,
    pub approved: usize,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RoundStatusEntry {
    pub id: RoundId,
    pub status: RoundStatus,
}

#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct BankSize {
    pub total: usize,
    pub approved: usize,
    pub draft: usize,
}

pub async fn get(app: &App, cid: &ContestId) -> Result<AdminContest, Error> {
    let contest = app.fresh_contest(cid).await?;
    let bank = app.store.list_questions(&contest.id).await?;
    let approved = bank.iter().filter(|q| q.status == QuestionStatus::Approved).count();
    let now = app.clock.now();
    let erased_at = app.store.personal_data_erased_at(&contest.id).await?;
    let pools = round_pools(&contest.rounds, &bank)
        .into_iter()
        .map(|(round, approved)| RoundPool { round_id: round.id.clone(), approved })
        .collect();
    let pending_reviews = app.store.all_reviews(&contest.id).await?.iter().filter(|r| r.decision.is_none()).count();
    Ok(AdminContest {
        round_status: contest
            .rounds
            .iter()
            .map(|r| RoundStatusEntry { id: r.id.clone(), status: r.status_at(now) })
            .collect(),
        privacy_notice: contest.privacy_notice_text(),
        privacy_notice_version: contest.privacy_notice_version(),
        personal_data_erase_on: contest.personal_data_erased_at().map(format_vietnam),
        contest,
        questions: BankSize { total: bank.len(), approved, draft: bank.len() - approved },
        pools,
        pending_reviews,
        personal_data_erased_at: erased_at.and_then(from_millis).map(format_vietnam),
        server_time: format_vietnam(now),
    })
}

/// Replaces the settings. Moving or removing a round that already has
/// results needs `confirmed`: it changes what participants were told.
pub async fn update(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    mut settings: Value,
    confirmed: bool,
) -> Result<ContestEnvelope, Error> {
    let current = app.fresh_contest(cid).await?;
    let Some(object) = settings.as_object_mut() else { return Err(Error::ContestNotAnObject) };
    match object.get("id").and_then(Value::as_str) {
        Some(id) if id != cid.as_str() => return Err(Error::ContestIdMismatch),
        Some(_) => {}
        None => {
            object.insert("id".into(), Value::String(cid.to_string()));
        }
    }
    let bank = app.store.list_questions(cid).await?;
    let mut contest = parse_settings(&settings, Some(&bank))?;
    // Staff lists are imported on their own: saving settings keeps each
    // unit's list and the headcount it gives.
    for organization in &mut contest.organizations {
        let with_list = current.organizations.iter().find(|o| o.id == organization.id && o.staff_list);
        if let (Some(current), true) = (with_list, organization.is_ranked_collectively()) {
            organization.staff_list = true;
            organization.headcount = current.headcount;
        }
    }
    // Key corrections belong to the question routes, not to settings.
    contest.key_corrections = current.key_corrections.clone();

    let mut touched_with_results = Vec::new();
    let mut any_results = false;
    for old in &current.rounds {
        let has_results = !app.store.leaderboard(cid, &old.id, current.leaderboard_shards, 1).await?.is_empty();
        any_results |= has_results;
        let unchanged =
            contest.round(&old.id).is_some_and(|new| new.opens_at == old.opens_at && new.closes_at == old.closes_at);
        if !unchanged && has_results {
            touched_with_results.push(old.name.clone());
        }
    }
    // Results already written live under the old sharding; re-sharding
    // would hide them from every ranking.
    if any_results && contest.leaderboard_shards != current.leaderboard_shards {
        return Err(Error::ShardsLocked);
    }
    if !touched_with_results.is_empty() && !confirmed {
        return Err(Error::ConfirmationRequired(touched_with_results));
    }
    app.store.save_contest(&contest).await?;
    #[derive(Serialize)]
    struct Updated<'a> {
        rounds_with_results_changed: &'a [String],
    }
    super::record(app, cid, who, "contest.update", Updated { rounds_with_results_changed: &touched_with_results })
        .await?;
    Ok(ContestEnvelope { contest })
}
