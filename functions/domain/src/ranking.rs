//! Ranking rules. Individual results are ordered by a sort key that DynamoDB
//! can order for us (a string that sorts ascending from best to worst), so a
//! round's leaderboard is a single Query on an index.

use chrono::{DateTime, Utc};
use std::cmp::Ordering;

use crate::{OrganizationId, ParticipantId};

/// A finished attempt's standing: score desc, then duration asc, then earlier
/// submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub score: u32,
    pub duration_ms: i64,
    pub finished_at_ms: i64,
}

const SCORE_CEILING: u32 = 999_999;

/// Durations are ranked to the tenth of a second, the precision the page,
/// the exports and the winners list show: two people shown with the same
/// time are never ordered by a difference nobody can see.
pub const DURATION_PRECISION_MS: i64 = 100;

/// A duration as it ranks (and is shown): down to the tenth of a second.
pub fn ranked_duration_ms(duration_ms: i64) -> i64 {
    duration_ms - duration_ms.rem_euclid(DURATION_PRECISION_MS)
}

impl Standing {
    /// Lexicographic order of this key equals ranking order. Fixed widths make
    /// string order match numeric order; the participant id last keeps keys
    /// unique and ties deterministic.
    pub fn sort_key(&self, participant: &ParticipantId) -> String {
        format!(
            "{:06}#{:010}#{:014}#{}",
            SCORE_CEILING - self.score.min(SCORE_CEILING),
            ranked_duration_ms(self.duration_ms).clamp(0, 9_999_999_999),
            self.finished_at_ms.clamp(0, 99_999_999_999_999),
            participant
        )
    }

    pub fn rank_order(&self, other: &Self) -> Ordering {
        other
            .score
            .cmp(&self.score)
            .then(ranked_duration_ms(self.duration_ms).cmp(&ranked_duration_ms(other.duration_ms)))
            .then(self.finished_at_ms.cmp(&other.finished_at_ms))
    }

    pub fn is_better_than(&self, other: &Self) -> bool {
        self.rank_order(other) == Ordering::Less
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrganizationTally {
    pub organization_id: OrganizationId,
    pub name: String,
    pub headcount: u32,
    pub participants: u32,
    /// When the organization reached its current participant count.
    pub reached_at: Option<DateTime<Utc>>,
    /// Individual prizes its members won, by level.
    pub prizes: PrizeTally,
}

/// Prizes by level; compared first-prizes first, as the plan values
/// "nhiều cá nhân đạt giải thưởng cao".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, utoipa::ToSchema)]
pub struct PrizeTally {
    pub first: u32,
    pub second: u32,
    pub third: u32,
}

impl OrganizationTally {
    pub fn participation_rate(&self) -> f64 {
        if self.headcount == 0 {
            0.0
        } else {
            f64::from(self.participants) / f64::from(self.headcount)
        }
    }
}

/// Participation rate desc (compared exactly, by cross-multiplying), then the
/// earlier moment the organization reached its count, then more and higher
/// prizes, then name for a stable order among organizations nobody from has
/// taken part yet.
pub fn rank_organizations(mut tallies: Vec<OrganizationTally>) -> Vec<OrganizationTally> {
    tallies.sort_by(|a, b| {
        let rate_a = u64::from(a.participants) * u64::from(b.headcount);
        let rate_b = u64::from(b.participants) * u64::from(a.headcount);
        rate_b
            .cmp(&rate_a)
            .then_with(|| match (a.reached_at, b.reached_at) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            })
            .then_with(|| b.prizes.cmp(&a.prizes))
            .then_with(|| a.name.cmp(&b.name))
    });
    tallies
}

/// Ranks every unit of the contest (open organizations compete for
/// individual prizes only) from its participant count
/// (with the moment it was reached) and its members' prizes; organizations
/// absent from `counts` have nobody yet.
pub fn rank_contest_organizations(
    contest: &crate::contest::Contest,
    counts: &std::collections::HashMap<OrganizationId, (u32, Option<DateTime<Utc>>)>,
    prizes: &std::collections::HashMap<OrganizationId, PrizeTally>,
) -> Vec<OrganizationTally> {
    rank_organizations(
        contest
            .organizations
            .iter()
            .filter(|org| org.is_ranked_collectively())
            .map(|org| {
                let (participants, reached_at) = counts.get(&org.id).copied().unwrap_or((0, None));
                OrganizationTally {
                    organization_id: org.id.clone(),
                    name: org.name.clone(),
                    headcount: org.headcount,
                    // Only the people on a unit's staff list count for it:
                    // never more than the list.
                    participants: if org.staff_list { participants.min(org.headcount) } else { participants },
                    reached_at,
                    prizes: prizes.get(&org.id).copied().unwrap_or_default(),
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn pid(n: u8) -> ParticipantId {
        ParticipantId::parse(format!("{:032x}", n)).unwrap()
    }

    #[test]
    fn sort_key_order_equals_rank_order() {
        let standings = [
            Standing { score: 20, duration_ms: 600_000, finished_at_ms: 5 },
            Standing { score: 20, duration_ms: 600_000, finished_at_ms: 9 },
            Standing { score: 20, duration_ms: 900_000, finished_at_ms: 1 },
            Standing { score: 19, duration_ms: 60_000, finished_at_ms: 1 },
            Standing { score: 3, duration_ms: 1_000, finished_at_ms: 1 },
            Standing { score: 0, duration_ms: 0, finished_at_ms: 0 },
        ];
        let mut by_key: Vec<_> = standings.iter().enumerate().map(|(i, s)| (s.sort_key(&pid(i as u8)), i)).collect();
        by_key.sort();
        let key_order: Vec<_> = by_key.into_iter().map(|(_, i)| i).collect();
        let mut by_rule: Vec<_> = (0..standings.len()).collect();
        by_rule.sort_by(|&a, &b| standings[a].rank_order(&standings[b]));
        assert_eq!(key_order, by_rule);
        assert_eq!(key_order, vec![0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn durations_rank_to_the_tenth_of_a_second() {
        let a = Standing { score: 20, duration_ms: 61_290, finished_at_ms: 9 };
        let b = Standing { score: 20, duration_ms: 61_210, finished_at_ms: 5 };
        // Both show 61.2 s: the earlier submission wins, not the hidden 80 ms.
        assert!(b.is_better_than(&a));
        assert!(b.sort_key(&pid(1)) < a.sort_key(&pid(2)));
        let c = Standing { score: 20, duration_ms: 61_300, finished_at_ms: 1 };
        assert!(a.is_better_than(&c), "61.2 s beats 61.3 s");
    }

    #[test]
    fn higher_score_beats_faster_time() {
        let slow_full = Standing { score: 20, duration_ms: 1_700_000, finished_at_ms: 2 };
        let fast_partial = Standing { score: 19, duration_ms: 10_000, finished_at_ms: 1 };
        assert!(slow_full.is_better_than(&fast_partial));
        assert!(!fast_partial.is_better_than(&slow_full));
        assert!(!slow_full.is_better_than(&slow_full));
    }

    fn tally(id: &str, participants: u32, headcount: u32, reached_hour: Option<u32>) -> OrganizationTally {
        OrganizationTally {
            organization_id: OrganizationId::parse(id).unwrap(),
            name: id.to_uppercase(),
            headcount,
            participants,
            reached_at: reached_hour.map(|h| Utc.with_ymd_and_hms(2022, 10, 18, h, 0, 0).unwrap()),
            prizes: PrizeTally::default(),
        }
    }

    #[test]
    fn organizations_rank_by_rate_then_earlier_completion() {
        let ranked = rank_organizations(vec![
            tally("big", 30, 100, Some(1)), // 30 %
            tally("small", 9, 10, Some(9)), // 90 %
            tally("late", 18, 20, Some(8)), // 90 %, reached earlier than small
            tally("none", 0, 40, None),
            tally("also-none", 0, 5, None),
        ]);
        let order: Vec<_> = ranked.iter().map(|t| t.organization_id.as_str()).collect();
        assert_eq!(order, vec!["late", "small", "big", "also-none", "none"]);
        assert!((ranked[0].participation_rate() - 0.9).abs() < 1e-9);
    }

    #[test]
    fn prizes_break_a_tie_in_rate_and_time() {
        let mut one_first = tally("a", 5, 10, Some(3));
        one_first.prizes = PrizeTally { first: 1, second: 0, third: 0 };
        let mut two_seconds = tally("b", 5, 10, Some(3));
        two_seconds.prizes = PrizeTally { first: 0, second: 2, third: 0 };
        let ranked = rank_organizations(vec![two_seconds, one_first]);
        assert_eq!(ranked[0].organization_id.as_str(), "a");
    }
}
