//! Weekly prizes: order a round's results by the contest's tie-break chain,
//! then hand out prizes skipping barred people and, under the one-prize
//! rule, anyone who already won in an earlier round.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::HashSet;

use crate::contest::{PrizeCounts, TieBreak};
use crate::ranking::ranked_duration_ms;
use crate::{OrganizationId, ParticipantId};

/// A participant's best result in a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub participant_id: ParticipantId,
    pub full_name: String,
    pub organization_id: OrganizationId,
    pub organization_name: String,
    pub score: u32,
    pub total: u32,
    pub duration_ms: i64,
    pub finished_at_ms: i64,
    pub prediction: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Prize {
    First,
    Second,
    Third,
}

impl Prize {
    pub fn label(self) -> &'static str {
        match self {
            Self::First => "Giải Nhất",
            Self::Second => "Giải Nhì",
            Self::Third => "Giải Ba",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Winner {
    pub rank: u32,
    pub prize: Prize,
    pub candidate: Candidate,
}

/// The prediction question's real number: how many people reached the full
/// score in the round.
pub fn full_score_count(candidates: &[Candidate]) -> u64 {
    candidates.iter().filter(|c| c.total > 0 && c.score == c.total).count() as u64
}

fn prediction_distance(candidate: &Candidate, real: u64) -> u64 {
    candidate.prediction.map_or(u64::MAX, |p| p.abs_diff(real))
}

/// Orders candidates best first by `chain`; the prediction link applies only
/// when there is a real number to compare with. The participant id settles
/// anything left, so the order never depends on input order.
pub fn order_candidates(candidates: &mut [Candidate], chain: &[TieBreak], real_number: Option<u64>) {
    candidates.sort_by(|a, b| {
        chain
            .iter()
            .map(|link| match link {
                TieBreak::Score => b.score.cmp(&a.score),
                TieBreak::PredictionDistance => match real_number {
                    Some(real) => prediction_distance(a, real).cmp(&prediction_distance(b, real)),
                    None => Ordering::Equal,
                },
                TieBreak::Duration => ranked_duration_ms(a.duration_ms).cmp(&ranked_duration_ms(b.duration_ms)),
                TieBreak::SubmittedAt => a.finished_at_ms.cmp(&b.finished_at_ms),
            })
            .find(|ordering| ordering.is_ne())
            .unwrap_or(Ordering::Equal)
            .then_with(|| a.participant_id.cmp(&b.participant_id))
    });
}

/// Hands out prizes in order, skipping `ineligible` people.
pub fn award(ordered: &[Candidate], prizes: PrizeCounts, ineligible: &HashSet<ParticipantId>) -> Vec<Winner> {
    let levels = std::iter::repeat_n(Prize::First, prizes.first as usize)
        .chain(std::iter::repeat_n(Prize::Second, prizes.second as usize))
        .chain(std::iter::repeat_n(Prize::Third, prizes.third as usize));
    ordered
        .iter()
        .filter(|c| !ineligible.contains(&c.participant_id))
        .zip(levels)
        .enumerate()
        .map(|(index, (candidate, prize))| Winner { rank: index as u32 + 1, prize, candidate: candidate.clone() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contest::default_tie_breaks;

    fn candidate(n: u8, score: u32, duration_s: i64, finished: i64, prediction: Option<u64>) -> Candidate {
        Candidate {
            participant_id: ParticipantId::parse(format!("{n:032x}")).unwrap(),
            full_name: format!("Người {n}"),
            organization_id: OrganizationId::parse("phuong-1").unwrap(),
            organization_name: "UBND Phường 1".into(),
            score,
            total: 20,
            duration_ms: duration_s * 1000,
            finished_at_ms: finished,
            prediction,
        }
    }

    fn names(candidates: &[Candidate]) -> Vec<String> {
        candidates.iter().map(|c| c.full_name.clone()).collect()
    }

    #[test]
    fn score_comes_first() {
        let mut c = vec![candidate(1, 18, 10, 1, Some(2)), candidate(2, 20, 900, 9, None)];
        order_candidates(&mut c, &default_tie_breaks(), Some(2));
        assert_eq!(names(&c), vec!["Người 2", "Người 1"]);
    }

    #[test]
    fn equal_scores_break_on_prediction_distance_then_duration_then_submission() {
        let mut c = vec![
            candidate(1, 20, 100, 5, Some(10)), // distance 7
            candidate(2, 20, 500, 9, Some(4)),  // distance 1
            candidate(3, 20, 50, 1, None),      // no prediction: last among equals
            candidate(4, 20, 300, 8, Some(2)),  // distance 1, faster than 2
            candidate(5, 20, 300, 3, Some(4)),  // distance 1, as fast as 4, submitted earlier
        ];
        order_candidates(&mut c, &default_tie_breaks(), Some(3));
        assert_eq!(names(&c), vec!["Người 5", "Người 4", "Người 2", "Người 1", "Người 3"]);
    }

    #[test]
    fn without_a_real_number_prediction_is_ignored() {
        let mut c = vec![candidate(1, 20, 100, 5, Some(3)), candidate(2, 20, 50, 9, None)];
        order_candidates(&mut c, &default_tie_breaks(), None);
        assert_eq!(names(&c), vec!["Người 2", "Người 1"]);
    }

    #[test]
    fn a_configured_chain_is_followed() {
        let mut c = vec![candidate(1, 20, 100, 1, None), candidate(2, 20, 50, 9, None)];
        order_candidates(&mut c, &[TieBreak::Score, TieBreak::SubmittedAt, TieBreak::Duration], None);
        assert_eq!(names(&c), vec!["Người 1", "Người 2"]);
    }

    #[test]
    fn prizes_skip_the_ineligible_and_follow_the_counts() {
        let ordered: Vec<_> = (1..=6).map(|n| candidate(n, 20 - u32::from(n), 10, 1, None)).collect();
        let barred = HashSet::from([ordered[1].participant_id.clone()]);
        let winners = award(&ordered, PrizeCounts { first: 1, second: 2, third: 1 }, &barred);
        let summary: Vec<_> = winners.iter().map(|w| (w.rank, w.prize, w.candidate.full_name.as_str())).collect();
        assert_eq!(
            summary,
            vec![
                (1, Prize::First, "Người 1"),
                (2, Prize::Second, "Người 3"),
                (3, Prize::Second, "Người 4"),
                (4, Prize::Third, "Người 5")
            ]
        );
    }

    #[test]
    fn fewer_candidates_than_prizes() {
        let ordered = vec![candidate(1, 5, 10, 1, None)];
        assert_eq!(award(&ordered, PrizeCounts::default(), &HashSet::new()).len(), 1);
    }

    #[test]
    fn the_real_number_counts_full_scores() {
        let c = vec![candidate(1, 20, 1, 1, None), candidate(2, 19, 1, 1, None), candidate(3, 20, 1, 1, None)];
        assert_eq!(full_score_count(&c), 2);
    }
}
