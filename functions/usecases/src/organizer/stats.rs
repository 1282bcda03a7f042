//! Live statistics, aggregated from the attempts index.

use chrono::{DateTime, Utc};
use contest_domain::attempt::AttemptStatus;
use contest_domain::contest::Contest;
use contest_domain::time::{from_millis, in_vietnam};
use contest_store::rounds::AttemptSummary;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RoundStats {
    pub round_id: String,
    pub name: String,
    pub status: contest_domain::contest::RoundStatus,
    pub participants: usize,
    pub attempts: usize,
    pub in_progress: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DayStats {
    pub date: String,
    pub attempts: usize,
    pub participants: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ScoreCount {
    pub score: u32,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Totals {
    pub participants: usize,
    pub finished_attempts: usize,
    pub in_progress: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Statistics {
    pub totals: Totals,
    pub rounds: Vec<RoundStats>,
    pub days: Vec<DayStats>,
    pub score_distribution: Vec<ScoreCount>,
}

/// An attempt counts as in progress only while it can still take answers;
/// one past its window is abandoned, whatever the closing job has done yet.
fn in_progress(attempt: &AttemptSummary, now_ms: i64) -> bool {
    attempt.status == AttemptStatus::InProgress && attempt.closes_at_ms >= now_ms
}

pub fn statistics(contest: &Contest, attempts: &[AttemptSummary], now: DateTime<Utc>) -> Statistics {
    let now_ms = now.timestamp_millis();
    let rounds = contest
        .rounds
        .iter()
        .map(|round| {
            let of_round: Vec<_> = attempts.iter().filter(|a| a.round_id == round.id).collect();
            RoundStats {
                round_id: round.id.to_string(),
                name: round.name.clone(),
                status: round.status_at(now),
                participants: of_round.iter().map(|a| &a.participant_id).collect::<HashSet<_>>().len(),
                attempts: of_round.len(),
                in_progress: of_round.iter().filter(|a| in_progress(a, now_ms)).count(),
            }
        })
        .collect();
    let mut days: BTreeMap<String, (usize, HashSet<&contest_domain::ParticipantId>)> = BTreeMap::new();
    for attempt in attempts {
        let date = from_millis(attempt.started_at_ms)
            .map(|t| in_vietnam(t).format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        let day = days.entry(date).or_default();
        day.0 += 1;
        day.1.insert(&attempt.participant_id);
    }
    let max_total = attempts.iter().map(|a| a.total).max().unwrap_or(contest.limits.questions_per_attempt);
    let mut scores: HashMap<u32, usize> = HashMap::new();
    for score in attempts.iter().filter(|a| a.status.is_finished()).filter_map(|a| a.score) {
        *scores.entry(score).or_default() += 1;
    }
    Statistics {
        totals: Totals {
            participants: attempts.iter().map(|a| &a.participant_id).collect::<HashSet<_>>().len(),
            finished_attempts: attempts.iter().filter(|a| a.status.is_finished()).count(),
            in_progress: attempts.iter().filter(|a| in_progress(a, now_ms)).count(),
        },
        rounds,
        days: days
            .into_iter()
            .map(|(date, (attempts, people))| DayStats { date, attempts, participants: people.len() })
            .collect(),
        score_distribution: (0..=max_total)
            .map(|score| ScoreCount { score, count: scores.get(&score).copied().unwrap_or(0) })
            .collect(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct QuestionStats {
    /// Attempts that drew the question and were finished.
    pub drawn: usize,
    pub answered: usize,
    pub correct: usize,
    /// Correct answers among the finished attempts that drew it.
    pub correct_rate: f64,
}

/// Per question, how often finished attempts got it right: a question
/// almost nobody gets right is often a badly written one.
pub fn question_stats(attempts: &[AttemptSummary]) -> HashMap<String, QuestionStats> {
    let mut stats: HashMap<String, (usize, usize, usize)> = HashMap::new();
    for attempt in attempts.iter().filter(|a| a.status.is_finished()) {
        for (question, result) in &attempt.results {
            let entry = stats.entry(question.clone()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(result.is_some());
            entry.2 += usize::from(*result == Some(true));
        }
    }
    stats
        .into_iter()
        .map(|(question, (drawn, answered, correct))| {
            let rate = if drawn == 0 { 0.0 } else { (correct as f64 / drawn as f64 * 10_000.0).round() / 10_000.0 };
            (question, QuestionStats { drawn, answered, correct, correct_rate: rate })
        })
        .collect()
}

/// Live statistics for the charts, with each organization's participation.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StatisticsReport {
    pub totals: Totals,
    pub rounds: Vec<RoundStats>,
    pub days: Vec<DayStats>,
    pub score_distribution: Vec<ScoreCount>,
    pub organizations: Vec<OrganizationParticipation>,
    pub server_time: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct OrganizationParticipation {
    pub organization_id: contest_domain::OrganizationId,
    pub name: String,
    pub participants: u32,
    pub headcount: u32,
    pub participation_rate: f64,
}

pub async fn get(app: &crate::App, cid: &contest_domain::ContestId) -> Result<StatisticsReport, crate::Error> {
    let contest = app.fresh_contest(cid).await?;
    let now = app.clock.now();
    let attempts = app.store.contest_attempts(&contest.id).await?;
    let Statistics { totals, rounds, days, score_distribution } = statistics(&contest, &attempts, now);
    let organizations = super::results::organization_standings(app, &contest)
        .await?
        .into_iter()
        .map(|t| OrganizationParticipation {
            participation_rate: crate::rankings::rounded_rate(&t),
            organization_id: t.organization_id,
            name: t.name,
            participants: t.participants,
            headcount: t.headcount,
        })
        .collect();
    Ok(StatisticsReport {
        totals,
        rounds,
        days,
        score_distribution,
        organizations,
        server_time: contest_domain::time::format_vietnam(now),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use contest_domain::{AttemptId, ParticipantId, RoundId};

    fn attempt(
        person: u8,
        round: &str,
        status: AttemptStatus,
        started: DateTime<Utc>,
        score: Option<u32>,
        results: &[(&str, Option<bool>)],
    ) -> AttemptSummary {
        AttemptSummary {
            participant_id: ParticipantId::parse(format!("{person:032x}")).unwrap(),
            attempt_id: AttemptId::generate(),
            round_id: RoundId::parse(round).unwrap(),
            status,
            started_at_ms: started.timestamp_millis(),
            closes_at_ms: (started + chrono::Duration::minutes(30)).timestamp_millis(),
            finished_at_ms: None,
            score,
            total: 3,
            duration_ms: None,
            prediction: None,
            results: results.iter().map(|(q, r)| (q.to_string(), *r)).collect(),
            full_name: None,
            organization_id: None,
        }
    }

    fn contest() -> Contest {
        let text = include_str!("../../../../contests/cchc-2022.json");
        contest_domain::contest::ContestDefinition::from_json(text).unwrap().contest
    }

    #[test]
    fn counts_rounds_days_scores_and_live_attempts() {
        let contest = contest();
        // 23:30 on 17/10 Vietnam time is still 17/10; 00:10 the next day is 18/10.
        let late = Utc.with_ymd_and_hms(2022, 10, 17, 16, 30, 0).unwrap();
        let next = Utc.with_ymd_and_hms(2022, 10, 17, 17, 10, 0).unwrap();
        let attempts = vec![
            attempt(1, "tuan-1", AttemptStatus::Submitted, late, Some(3), &[]),
            attempt(1, "tuan-1", AttemptStatus::TimedOut, next, Some(1), &[]),
            attempt(2, "tuan-1", AttemptStatus::Submitted, next, Some(3), &[]),
            attempt(3, "tuan-1", AttemptStatus::InProgress, next, None, &[]),
        ];
        let stats = statistics(&contest, &attempts, next + chrono::Duration::minutes(5));
        assert_eq!(stats.totals, Totals { participants: 3, finished_attempts: 3, in_progress: 1 });
        assert_eq!((stats.rounds[0].participants, stats.rounds[0].attempts, stats.rounds[0].in_progress), (3, 4, 1));
        assert_eq!(stats.rounds[1].attempts, 0);
        let days: Vec<_> = stats.days.iter().map(|d| (d.date.as_str(), d.attempts, d.participants)).collect();
        assert_eq!(days, vec![("2022-10-17", 1, 1), ("2022-10-18", 3, 3)]);
        let scores: Vec<_> = stats.score_distribution.iter().map(|s| s.count).collect();
        assert_eq!(scores, vec![0, 1, 0, 2]);
        let later = statistics(&contest, &attempts, next + chrono::Duration::hours(1));
        assert_eq!(later.totals.in_progress, 0, "an attempt past its window is not in progress");
    }

    #[test]
    fn question_rates_count_only_finished_attempts() {
        let at = Utc.with_ymd_and_hms(2022, 10, 17, 2, 0, 0).unwrap();
        let attempts = vec![
            attempt(1, "tuan-1", AttemptStatus::Submitted, at, Some(1), &[("q001", Some(true)), ("q002", None)]),
            attempt(
                2,
                "tuan-1",
                AttemptStatus::Submitted,
                at,
                Some(0),
                &[("q001", Some(false)), ("q002", Some(false))],
            ),
            attempt(3, "tuan-1", AttemptStatus::InProgress, at, None, &[("q001", Some(true))]),
        ];
        let stats = question_stats(&attempts);
        assert_eq!((stats["q001"].drawn, stats["q001"].correct, stats["q001"].correct_rate), (2, 1, 0.5));
        assert_eq!((stats["q002"].answered, stats["q002"].correct_rate), (1, 0.0));
    }
}
