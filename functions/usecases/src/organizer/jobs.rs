//! The round-closing job. Runs every minute (EventBridge schedule in AWS, a
//! timer in the local gateway) and is idempotent: running it twice does
//! nothing the second time.

use crate::attempts::close_attempt;
use crate::{App, Error};
use chrono::{DateTime, Utc};
use contest_domain::attempt::Answers;
use contest_domain::contest::RoundStatus;
use serde::Serialize;

use super::results::{compute_winners, write_export};

/// How the schedule appears in the audit log.
pub const SCHEDULE_ACTOR: &str = "lịch tự động";

/// Attempts closed per run; the next run takes the rest.
const MAX_ATTEMPTS_PER_RUN: i32 = 500;

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct JobReport {
    pub attempts_closed: usize,
    /// Attempts rescored under key corrections made in the last minutes.
    pub attempts_rescored: usize,
    /// Participants whose personal data was erased (retention period over).
    pub participants_erased: usize,
    pub rounds_closed: Vec<String>,
    pub exports: Vec<String>,
}

/// Closes abandoned attempts with the answers saved in time, then, for every
/// round that has closed and has no winners yet, computes its winners and
/// writes a results export.
/// `actor` is who ran it, for the audit log: an organizer, or the schedule.
pub async fn run_closing_job(app: &App, now: DateTime<Utc>, actor: &str) -> Result<JobReport, Error> {
    let mut report = JobReport::default();
    let expired = app.store.expired_open_attempts(now.timestamp_millis(), MAX_ATTEMPTS_PER_RUN).await?;
    for (cid, pid, aid) in expired.attempts {
        let contest = app.contest(&cid).await?;
        close_attempt(app, &contest, &pid, &aid, &Answers::new(), None, None).await?;
        report.attempts_closed += 1;
    }
    // A round is decided once no attempt of it can still change: its close
    // plus the grace period has passed (every deadline is capped at the
    // close), and every attempt past its window is closed. With more left
    // than one run takes, the next run decides.
    if expired.more {
        return Ok(report);
    }
    for cid in app.store.contest_ids().await? {
        let Some(contest) = app.store.get_contest(&cid).await? else { continue };
        report.attempts_rescored += super::regrade::settle_recent_corrections(app, &contest, now).await?;
        if let Some(retention) = crate::privacy::apply_retention(app, &contest, now, actor).await? {
            report.participants_erased += retention.participants_erased;
        }
        let decided: Vec<_> = app.store.all_winners(&cid).await?.into_iter().map(|(rid, _)| rid).collect();
        let mut closed_any = false;
        // In round order, so the one-prize rule sees earlier rounds' winners.
        for round in &contest.rounds {
            let settled = now > round.closes_at.to_utc() + contest.grace();
            // Practice rounds win nothing.
            if round.practice || round.status_at(now) != RoundStatus::Closed || !settled || decided.contains(&round.id)
            {
                continue;
            }
            let winners = compute_winners(app, &contest, &round.id, now).await?;
            app.store.save_winners(&cid, &round.id, &winners).await?;
            report.rounds_closed.push(format!("{cid}/{}", round.id));
            closed_any = true;
        }
        if closed_any {
            let (export_id, _) = write_export(app, &contest, now).await?;
            report.exports.push(format!("{cid}/{export_id}"));
            #[derive(Serialize)]
            struct Closed<'a> {
                rounds: &'a [String],
                export_id: &'a str,
            }
            let detail = serde_json::to_value(Closed { rounds: &report.rounds_closed, export_id: &export_id })
                .map_err(Error::internal)?;
            app.store.record_audit(&cid, actor, "rounds.close", &detail, now).await?;
        }
    }
    if report != JobReport::default() {
        tracing::info!(?report, "round-closing job");
    }
    Ok(report)
}

/// The job run by an organizer who does not want to wait for the next
/// scheduled run. Like the schedule, it covers every contest.
pub async fn run_now(app: &App, who: &crate::Organizer) -> Result<JobReport, Error> {
    let report = run_closing_job(app, app.clock.now(), &who.username).await?;
    tracing::info!(organizer = %who.username, ?report, "closing job run by hand");
    Ok(report)
}
