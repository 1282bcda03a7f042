//! `make bench` (second part): a round of 100,000 synthetic results through
//! the same code the round-closing job runs — winners by the tie-break chain,
//! the collective ranking, the XLSX + CSV export — timing each step and
//! reporting the process's peak memory. No storage involved: this measures
//! the computation a Lambda does once the results are read.

use contest_bench::report::{Report, Verdict};
use contest_domain::contest::ContestDefinition;
use contest_domain::ranking::{rank_organizations, OrganizationTally};
use contest_domain::winners::{award, full_score_count, order_candidates, Candidate};
use contest_domain::ParticipantId;
use rand::{Rng, SeedableRng};
use spreadsheets::export::build_export;
use std::collections::HashSet;
use std::time::Instant;

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let count: usize = std::env::var("BENCH_RESULTS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let demo = include_str!("../../../contests/cchc-2022.json");
    let contest = ContestDefinition::from_json(demo).expect("demo contest").contest;
    let mut rng = rand::rngs::StdRng::seed_from_u64(2022);
    let started = Instant::now();
    let baseline = peak_rss_mb();

    let mut candidates: Vec<Candidate> = (0..count)
        .map(|n| {
            let org = &contest.organizations[n % contest.organizations.len()];
            Candidate {
                participant_id: ParticipantId::parse(format!("{n:032x}")).expect("hex id"),
                full_name: format!("Thí sinh Nguyễn Văn {n}"),
                organization_id: org.id.clone(),
                organization_name: org.name.clone(),
                score: rng.random_range(5..=20),
                total: 20,
                duration_ms: rng.random_range(120_000..1_800_000),
                finished_at_ms: 1_666_000_000_000 + rng.random_range(0..600_000_000),
                prediction: Some(rng.random_range(0..5_000)),
            }
        })
        .collect();
    let generated = started.elapsed();

    let step = Instant::now();
    let real = full_score_count(&candidates);
    order_candidates(&mut candidates, &contest.tie_breaks, Some(real));
    let winners = award(&candidates, contest.prizes, &HashSet::new());
    let winners_time = step.elapsed();

    let step = Instant::now();
    let round = &contest.rounds[0];
    let ranking = contest_usecases::organizer::results::ranking_sheet(round, &mut candidates);
    let mut per_org = std::collections::HashMap::new();
    for c in &candidates {
        *per_org.entry(c.organization_id.clone()).or_insert(0u32) += 1;
    }
    let standings = rank_organizations(
        contest
            .organizations
            .iter()
            .map(|o| OrganizationTally {
                organization_id: o.id.clone(),
                name: o.name.clone(),
                headcount: o.headcount.max(per_org.get(&o.id).copied().unwrap_or(0)),
                participants: per_org.get(&o.id).copied().unwrap_or(0),
                reached_at: None,
                prizes: Default::default(),
            })
            .collect(),
    );
    let organizations = contest_usecases::organizer::results::organizations_sheet(&standings);
    let sheets_time = step.elapsed();

    let step = Instant::now();
    let files = build_export("bench", contest.id.as_str(), "2022-10-24T08:00:00+07:00", &[ranking, organizations])
        .expect("export");
    let export_time = step.elapsed();
    let total = started.elapsed();
    let peak = peak_rss_mb();

    let size: usize = files.iter().map(|f| f.size).sum();
    let seconds = |d: std::time::Duration| format!("{:.2} s", d.as_secs_f64());
    let mut report = Report::new("20-export", "Ranking and export at scale");
    report.paragraph(&format!(
        "{count} synthetic results of one round ({} organizations) through the code the round-closing job runs: winners by the \
         tie-break chain, the individual and collective ranking sheets, the XLSX + CSV + manifest files. In memory, one process; \
         the DynamoDB requests that read those results are counted by the request benchmark (paged Query, no Scan).",
        contest.organizations.len()
    ));
    report.table(
        &["step", "time", "output"],
        vec![
            vec!["generate input".into(), seconds(generated), format!("{count} results")],
            vec![
                "winners (tie-break chain)".into(),
                seconds(winners_time),
                format!("{} winners, {real} full scores", winners.len()),
            ],
            vec![
                "ranking + collective sheets".into(),
                seconds(sheets_time),
                format!("{} organizations", standings.len()),
            ],
            vec![
                "XLSX + CSV + manifest".into(),
                seconds(export_time),
                format!("{} files, {:.1} MB", files.len(), size as f64 / 1e6),
            ],
        ],
    );
    report.summary(vec![
        (
            format!("{count} results → winners, rankings, export"),
            seconds(total),
            "≤ 10 s".into(),
            Verdict::at_most(total.as_secs_f64(), 10.0),
        ),
        (
            "peak memory (VmHWM)".into(),
            format!("{peak:.1} MB (process baseline {baseline:.1} MB)"),
            "≤ 300 MB".into(),
            Verdict::at_most(peak, 300.0),
        ),
    ]);
    report.finish();
}
