//! The load part of `make bench` (issue 7): the opening and the closing
//! minutes of a round. N virtual participants (LOAD_PARTICIPANTS, default
//! 2000) register; then all of them start the round at the same instant,
//! answer its questions as the page autosaves them, and all submit at the
//! same instant; then every attempt is read back and every acknowledged
//! answer looked for. At most LOAD_CONCURRENCY requests are in flight, the
//! rest of the crowd queues at the client. Finally the same store calls are
//! made in-process, without HTTP, handlers or Argon2, against the same moto:
//! the storage ceiling, to tell who limits the throughput.
//!
//! Needs BASE_URL (a running gateway); GATEWAY_PID and MOTO_PID for memory
//! and CPU; AWS_ENDPOINT_URL and LOAD_CONTEST_FILE for the storage ceiling.
//! Writes its tables to stdout, and to $BENCH_REPORT_DIR/30-load.md if set.

use anyhow::{anyhow, bail, Context};
use contest_bench::request_counter::RequestCounter;
use contest_bench::virtual_participants::{self as vp, Attempt, Crowd, Journal, Pace, Session};
use contest_domain::attempt::draw_questions;
use contest_domain::contest::ContestDefinition;
use contest_domain::registration::{FullName, Registration};
use contest_domain::{OrganizationId, ParticipantId, Phone};
use contest_store::attempts::AttemptRecord;
use contest_store::{Store, StoreConfig};
use contest_usecases::{App, Clock, TokenKeys};
use futures::stream::{self, StreamExt};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// Every attempt is read back; the participant's page, a Query that moto
/// answers by scanning the whole table, is checked on a spread-out sample
/// to keep the run short.
const MY_PAGE_SAMPLE: usize = 200;
/// The audit checks, it does not load: few requests in flight keep moto
/// busy without queueing its slower reads past the store's timeout.
const AUDIT_CONCURRENCY: usize = 4;

struct Settings {
    base: String,
    contest: String,
    round: String,
    participants: u64,
    concurrency: usize,
    pace: Pace,
    timeout: Duration,
    gateway_pid: String,
    moto_pid: String,
    clock_ticks: f64,
    contest_file: Option<PathBuf>,
    ceiling_sample: usize,
    moto_max_rss_kb: u64,
    report_dir: Option<PathBuf>,
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match std::env::var(name) {
        Ok(raw) => raw.trim().parse().map_err(|_| anyhow!("{name}={raw:?} is not a valid value")),
        Err(_) => Ok(default),
    }
}

impl Settings {
    fn from_env() -> anyhow::Result<Self> {
        let think_min = env_or("LOAD_THINK_MS_MIN", 100)?;
        let think_max = env_or("LOAD_THINK_MS_MAX", 800)?;
        if think_min > think_max {
            bail!("LOAD_THINK_MS_MIN must not exceed LOAD_THINK_MS_MAX");
        }
        let settings = Self {
            base: std::env::var("BASE_URL").context("BASE_URL of a running gateway")?,
            contest: env_or("LOAD_CONTEST", "cchc-2022".to_owned())?,
            round: env_or("LOAD_ROUND", "tuan-1".to_owned())?,
            participants: env_or("LOAD_PARTICIPANTS", 2000)?,
            // See the report's text for why 64.
            concurrency: env_or("LOAD_CONCURRENCY", 64)?,
            pace: Pace { think_ms: think_min..=think_max, change_of_mind: 0.1 },
            timeout: Duration::from_secs(env_or("LOAD_TIMEOUT_SECONDS", 600)?),
            gateway_pid: std::env::var("GATEWAY_PID").unwrap_or_default(),
            moto_pid: std::env::var("MOTO_PID").unwrap_or_default(),
            clock_ticks: env_or("CLK_TCK", 100.0)?,
            contest_file: std::env::var_os("LOAD_CONTEST_FILE").map(PathBuf::from),
            ceiling_sample: env_or("LOAD_CEILING_PARTICIPANTS", 200)?,
            // moto keeps every copy it makes in memory; a run that makes it
            // balloon is stopped before it starves the machine.
            moto_max_rss_kb: env_or("LOAD_MOTO_MAX_RSS_MB", 4096u64)? * 1024,
            report_dir: std::env::var_os("BENCH_REPORT_DIR").map(PathBuf::from),
        };
        if settings.participants == 0 || settings.concurrency == 0 {
            bail!("LOAD_PARTICIPANTS and LOAD_CONCURRENCY must be at least 1");
        }
        Ok(settings)
    }
}

/// CPU time of the processes involved, sampled in the background so that
/// any window of the run can be given its share.
#[derive(Clone, Copy)]
struct CpuSample {
    at: Instant,
    moto: Option<u64>,
    gateway: Option<u64>,
    generator: Option<u64>,
}

#[derive(Clone, Copy)]
enum Process {
    Moto,
    Gateway,
    Generator,
}

#[derive(Clone, Copy)]
struct Window {
    from: Instant,
    to: Instant,
}

impl Window {
    fn seconds(&self) -> f64 {
        (self.to - self.from).as_secs_f64()
    }
}

struct PhaseRecord {
    name: &'static str,
    window: Window,
    requests: usize,
    stopped: bool,
}

/// One operation's throughput through the gateway or storage alone.
struct Rate {
    operations: usize,
    window: Window,
    requests: Option<u64>,
    errors: u64,
}

impl Rate {
    fn per_second(&self) -> f64 {
        self.operations as f64 / self.window.seconds().max(1e-9)
    }
}

#[derive(Default)]
struct AuditFigures {
    attempts_checked: usize,
    answers_acknowledged: usize,
    answers_lost: usize,
    submitted: usize,
    scored: usize,
    score_mismatches: usize,
    my_page_checked: usize,
    my_page_mismatches: usize,
    organization_mismatches: Vec<String>,
    leaderboard_problems: Vec<String>,
}

/// Everything measured so far; a run cut short reports what it holds.
#[derive(Default)]
struct Findings {
    /// The phase under way: its name, start, and the crowd's request count then.
    current_phase: Option<(&'static str, Instant, usize)>,
    phases: Vec<PhaseRecord>,
    gateway_rates: BTreeMap<&'static str, Rate>,
    storage_rates: BTreeMap<&'static str, Rate>,
    storage_error: Option<String>,
    started: usize,
    /// Autosave requests acknowledged, and the answers they carried.
    batching: Option<(usize, usize)>,
    start_spike: Option<Duration>,
    submit_burst: Option<Duration>,
    audit: Option<AuditFigures>,
    rss_before_kb: Option<u64>,
}

struct Run {
    settings: Settings,
    crowd: Crowd,
    samples: Arc<Mutex<Vec<CpuSample>>>,
    findings: Mutex<Findings>,
}

/// One virtual participant through the phases; a failed step leaves the
/// later fields empty and the participant sits out the later phases.
struct Participant {
    serial: u64,
    session: Option<Session>,
    attempt: Option<Attempt>,
    journal: Journal,
    started_at: Option<Instant>,
    submitted: Option<Value>,
}

impl Run {
    fn findings(&self) -> std::sync::MutexGuard<'_, Findings> {
        self.findings.lock().expect("findings lock")
    }

    fn cpu_share(&self, process: Process, window: Window) -> Option<f64> {
        let samples = self.samples.lock().expect("samples lock");
        let first = samples.iter().rev().find(|s| s.at <= window.from).or(samples.first())?;
        let last = samples.iter().find(|s| s.at >= window.to).or(samples.last())?;
        let pick = |s: &CpuSample| match process {
            Process::Moto => s.moto,
            Process::Gateway => s.gateway,
            Process::Generator => s.generator,
        };
        let seconds = (last.at - first.at).as_secs_f64();
        if seconds <= 0.0 {
            return None;
        }
        Some((pick(last)?.checked_sub(pick(first)?)?) as f64 / self.settings.clock_ticks / seconds)
    }

    fn begin(&self, name: &'static str) -> Instant {
        let (now, requests) = (Instant::now(), self.crowd.tally().requests());
        self.findings().current_phase = Some((name, now, requests));
        eprintln!("==> load: {name}");
        now
    }

    fn end(&self) -> Window {
        self.close_phase(false)
    }

    fn close_phase(&self, stopped: bool) -> Window {
        let requests_now = self.crowd.tally().requests();
        let mut findings = self.findings();
        let (name, from, requests_before) = findings.current_phase.take().expect("a phase is under way");
        let window = Window { from, to: Instant::now() };
        let requests = requests_now - requests_before;
        findings.phases.push(PhaseRecord { name, window, requests, stopped });
        window
    }

    /// Failed requests through the gateway are in the errors table; the
    /// rate counts the operations that succeeded.
    fn gateway_rate(&self, operation: &'static str, operations: usize, window: Window) {
        self.findings().gateway_rates.insert(operation, Rate { operations, window, requests: None, errors: 0 });
    }

    async fn drive(&self) -> anyhow::Result<()> {
        let crowd = &self.crowd;
        let info = crowd.call("contest info", crowd.get("")).await.map_err(|f| anyhow!("contest info: {f:?}"))?;
        let organizations: Vec<String> = info["organizations"]
            .as_array()
            .map(|all| all.iter().filter_map(|o| o["id"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        if organizations.is_empty() {
            bail!("contest {} has no organizations to register with", self.settings.contest);
        }
        self.findings().rss_before_kb = vp::rss_kb(&self.settings.gateway_pid);

        // (a) Registration, the whole crowd at once behind the gate.
        self.begin("register");
        let tasks = (0..self.settings.participants).map(|serial| {
            let (crowd, organization) = (crowd.clone(), organizations[serial as usize % organizations.len()].clone());
            tokio::spawn(async move {
                let session = crowd.register(serial, &organization).await.ok();
                Participant {
                    serial,
                    session,
                    attempt: None,
                    journal: Journal::default(),
                    started_at: None,
                    submitted: None,
                }
            })
        });
        let mut participants = join_all_tasks(tasks).await?;
        let window = self.end();
        let registered = participants.iter().filter(|p| p.session.is_some()).count();
        self.gateway_rate("register", registered, window);

        // A warm gateway, as warm Lambdas are: one start from outside the
        // crowd fills the per-container caches (contest, question bank) just
        // before the spike. Cold starts are another part of the benchmarks.
        let warm = Crowd::new(&self.settings.base, &self.settings.contest, None);
        let session = warm
            .register(self.settings.participants, &organizations[0])
            .await
            .map_err(|f| anyhow!("warm-up registration: {f:?}"))?;
        warm.start(&session, &self.settings.round).await.map_err(|f| anyhow!("warm-up start: {f:?}"))?;

        // (b) + (c) Every start at the same instant, then each participant
        // answers at their own pace until their journal is empty.
        let from = self.begin("start spike, then answering");
        let tasks = participants.into_iter().map(|mut participant| {
            let (crowd, round, pace) = (crowd.clone(), self.settings.round.clone(), self.settings.pace.clone());
            tokio::spawn(async move {
                if let Some(session) = &participant.session {
                    if let Ok(attempt) = crowd.start(session, &round).await {
                        participant.started_at = Some(Instant::now());
                        participant.journal = crowd.answer(session, &attempt, &pace).await;
                        participant.attempt = Some(attempt);
                    }
                }
                participant
            })
        });
        participants = join_all_tasks(tasks).await?;
        let window = self.end();
        let started = participants.iter().filter(|p| p.started_at.is_some()).count();
        let last_start = participants.iter().filter_map(|p| p.started_at).max().unwrap_or(from);
        {
            let mut findings = self.findings();
            findings.started = started;
            findings.start_spike = Some(last_start - from);
        }
        self.gateway_rate("start", started, Window { from, to: last_start });
        let autosaves = participants.iter().map(|p| p.journal.batches.len()).sum();
        let answers_autosaved = participants.iter().flat_map(|p| &p.journal.batches).sum();
        self.findings().batching = Some((autosaves, answers_autosaved));
        self.gateway_rate("autosave", autosaves, window);

        // (d) Every submit at the same instant: the last minutes of a round.
        self.begin("submit burst");
        let tasks = participants.into_iter().map(|mut participant| {
            let crowd = crowd.clone();
            tokio::spawn(async move {
                if let (Some(session), Some(attempt)) = (&participant.session, &participant.attempt) {
                    let prediction = participant.serial % 50;
                    participant.submitted =
                        crowd.submit(session, attempt, &mut participant.journal, prediction).await.ok();
                }
                participant
            })
        });
        participants = join_all_tasks(tasks).await?;
        let window = self.end();
        let submitted = participants.iter().filter(|p| p.submitted.is_some()).count();
        self.findings().submit_burst = Some(window.to - window.from);
        self.gateway_rate("submit", submitted, window);

        self.audit(&participants).await?;
        let batches: Vec<Vec<usize>> =
            participants.iter().map(|p| p.journal.batches.clone()).filter(|b| !b.is_empty()).collect();
        if let Err(err) = self.storage_ceiling(&batches).await {
            self.findings().storage_error = Some(format!("{err:#}"));
        }
        Ok(())
    }

    /// (e) Every attempt read back as stored, a sample of participants' pages, and
    /// the public rankings, compared with what the crowd was told.
    async fn audit(&self, participants: &[Participant]) -> anyhow::Result<()> {
        let crowd = &self.crowd;
        let mut figures = AuditFigures {
            submitted: participants.iter().filter(|p| p.submitted.is_some()).count(),
            ..Default::default()
        };
        let started: Vec<&Participant> = participants.iter().filter(|p| p.attempt.is_some()).collect();

        self.begin("audit: read every attempt");
        let reads = stream::iter(started.iter().map(|p| async move {
            let (session, attempt) = (p.session.as_ref().expect("started"), p.attempt.as_ref().expect("started"));
            crowd.read_attempt(session, attempt).await.ok()
        }))
        .buffered(AUDIT_CONCURRENCY)
        .collect::<Vec<_>>()
        .await;
        let window = self.end();
        self.gateway_rate("read attempt", reads.iter().flatten().count(), window);

        let mut scores: BTreeMap<usize, u64> = BTreeMap::new();
        for (index, (participant, stored)) in started.iter().zip(&reads).enumerate() {
            let Some(stored) = stored else { continue };
            figures.attempts_checked += 1;
            figures.answers_acknowledged += participant.journal.acknowledged.len();
            figures.answers_lost += participant.journal.lost_in(stored);
            if let Some(reply) = &participant.submitted {
                match stored["score"].as_u64() {
                    Some(score) if stored["status"] != "in_progress" => {
                        figures.scored += 1;
                        scores.insert(index, score);
                        if reply["score"].as_u64() != Some(score) {
                            figures.score_mismatches += 1;
                        }
                    }
                    _ => {}
                }
            }
        }

        self.begin("audit: a sample of participants' pages");
        let round = self.settings.round.as_str();
        let sample: Vec<usize> = (0..started.len()).step_by((started.len() / MY_PAGE_SAMPLE).max(1)).collect();
        let pages = stream::iter(sample.iter().map(|&index| {
            let session = started[index].session.as_ref().expect("started");
            async move { crowd.my_page(session).await.ok() }
        }))
        .buffered(AUDIT_CONCURRENCY)
        .collect::<Vec<_>>()
        .await;
        let window = self.end();
        self.gateway_rate("my page", pages.iter().flatten().count(), window);
        for (&index, page) in sample.iter().zip(&pages) {
            let Some(page) = page else { continue };
            let participant = started[index];
            figures.my_page_checked += 1;
            let attempt_id = participant.attempt.as_ref().expect("started").id.as_str();
            let used = page["rounds"]
                .as_array()
                .and_then(|r| r.iter().find(|r| r["round_id"] == round))
                .and_then(|r| r["attempts_used"].as_u64());
            let listed = page["attempts"]
                .as_array()
                .and_then(|a| a.iter().find(|a| a["id"] == attempt_id))
                .map(|a| a["score"].as_u64());
            if used != Some(1) || listed != Some(scores.get(&index).copied()) {
                figures.my_page_mismatches += 1;
            }
        }

        let mut expected: BTreeMap<&str, u64> = BTreeMap::new();
        for index in scores.keys() {
            *expected
                .entry(started[*index].session.as_ref().expect("started").organization_id.as_str())
                .or_default() += 1;
        }
        let organizations = crowd.call("organizations leaderboard", crowd.get("/organizations/leaderboard")).await;
        match organizations {
            Ok(board) => {
                for entry in board["entries"].as_array().into_iter().flatten() {
                    let id = entry["organization_id"].as_str().unwrap_or_default();
                    let want = expected.get(id).copied().unwrap_or(0);
                    if entry["participants"].as_u64() != Some(want) {
                        figures
                            .organization_mismatches
                            .push(format!("{id}: {} listed, {want} expected", entry["participants"]));
                    }
                }
            }
            Err(failure) => figures.organization_mismatches.push(format!("not read: {failure:?}")),
        }
        // The largest page the API serves.
        const LEADERBOARD_LIMIT: usize = 200;
        let board = crowd
            .call("round leaderboard", crowd.get(&format!("/rounds/{round}/leaderboard?limit={LEADERBOARD_LIMIT}")))
            .await;
        match board {
            // A contest that hides its standings while the round is open
            // (the prediction's answer) must show nothing, not even a count.
            Ok(board) if board["visible"] == Value::Bool(false) => {
                if board["entries"].as_array().is_some_and(|entries| !entries.is_empty()) {
                    figures.leaderboard_problems.push("a hidden leaderboard shows entries".to_owned());
                }
            }
            Ok(board) => {
                let entries = board["entries"].as_array().cloned().unwrap_or_default();
                if entries.len() != scores.len().min(LEADERBOARD_LIMIT) {
                    figures.leaderboard_problems.push(format!(
                        "{} entries for {} scored attempts",
                        entries.len(),
                        scores.len()
                    ));
                }
                let best = scores.values().max().copied();
                let top = entries.first().and_then(|e| e["score"].as_u64());
                if top != best {
                    figures
                        .leaderboard_problems
                        .push(format!("top score {top:?} but the best attempt scored {best:?}"));
                }
                if entries.windows(2).any(|pair| pair[0]["score"].as_u64() < pair[1]["score"].as_u64()) {
                    figures.leaderboard_problems.push("entries out of score order".to_owned());
                }
            }
            Err(failure) => figures.leaderboard_problems.push(format!("not read: {failure:?}")),
        }
        self.findings().audit = Some(figures);
        Ok(())
    }

    /// The same store calls the handlers make for each operation, made
    /// in-process with the same concurrency on the same table (whose size
    /// moto's costs depend on), for a contest of its own so that the run's
    /// rankings stay as they were: no HTTP, no handler, no Argon2 (a
    /// precomputed hash).
    async fn storage_ceiling(&self, batches: &[Vec<usize>]) -> anyhow::Result<()> {
        let sample = self.settings.ceiling_sample;
        if sample == 0 {
            return Ok(());
        }
        let file = self.settings.contest_file.as_ref().context("LOAD_CONTEST_FILE is not set")?;
        let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        let mut file: Value = serde_json::from_str(&text).with_context(|| format!("parsing {}", file.display()))?;
        file["id"] = Value::String(format!("load-ceiling-{}", uuid::Uuid::new_v4().simple()));
        let definition =
            ContestDefinition::from_json(&file.to_string()).map_err(|problems| anyhow!(problems.join("; ")))?;
        let sdk_config = Store::sdk_loader().load().await;
        let requests = RequestCounter::default();
        let store = Store::instrumented(&sdk_config, StoreConfig::from_env(), requests.clone());
        store.save_definition(&definition).await?;
        let state = App::new(store.clone(), TokenKeys::generate(), Clock::system(), Duration::from_secs(3600));
        let loaded = state.contest(&definition.contest.id).await.map_err(|e| anyhow!("{e:?}"))?;
        let contest = &*loaded;
        let bank = state.question_bank(&contest.id).await.map_err(|e| anyhow!("{e:?}"))?;
        let round = contest
            .rounds
            .iter()
            .find(|r| r.id.as_str() == self.settings.round)
            .context("the round is not in the contest file")?;
        let password_hash = contest_usecases::password::hash_blocking(vp::PASSWORD).map_err(|e| anyhow!("{e}"))?;
        let organizations: Vec<OrganizationId> = contest.organizations.iter().map(|o| o.id.clone()).collect();
        let (concurrency, audit_concurrency) = (self.settings.concurrency, AUDIT_CONCURRENCY);

        let measure = |operation: &'static str, from: Instant, operations: usize, errors: u64| {
            let window = Window { from, to: Instant::now() };
            let requests = Some(requests.total());
            self.findings().storage_rates.insert(operation, Rate { operations, window, requests, errors });
        };
        let count_errors = |results: &[bool]| results.iter().filter(|ok| !**ok).count() as u64;

        self.begin("storage ceiling");
        let people: Vec<(ParticipantId, Registration)> = (0..sample as u64)
            .map(|serial| {
                let registration = Registration {
                    full_name: FullName::parse(&format!("Thí sinh thử tải {serial}")).map_err(|e| anyhow!("{e:?}"))?,
                    phone: Phone::parse(&vp::phone(serial)).map_err(|e| anyhow!("{e:?}"))?,
                    organization_id: organizations[serial as usize % organizations.len()].clone(),
                    birth_year: None,
                    email: None,
                    consent_version: "load-test".into(),
                };
                Ok((ParticipantId::generate(), registration))
            })
            .collect::<anyhow::Result<_>>()?;
        let now = chrono::Utc::now();
        requests.reset();
        let register_from = Instant::now();
        let results: Vec<bool> = stream::iter(&people)
            .map(|(pid, registration)| {
                let (store, hash) = (&store, &password_hash);
                async move {
                    matches!(
                        store
                            .register(
                                &contest.id,
                                pid,
                                registration,
                                hash,
                                &contest_store::roster::RosterCheck::NotApplicable,
                                now
                            )
                            .await,
                        Ok(Ok(()))
                    )
                }
            })
            .buffer_unordered(concurrency)
            .collect()
            .await;
        measure("register", register_from, results.len(), count_errors(&results));

        requests.reset();
        let start_from = Instant::now();
        let mut records = Vec::with_capacity(people.len());
        for (pid, _) in &people {
            let now = chrono::Utc::now();
            let questions = draw_questions(
                &bank.questions,
                round,
                contest.limits.questions_per_attempt as usize,
                &mut rand::rng(),
            )?;
            records.push(AttemptRecord::start(&contest, pid.clone(), round, questions, now));
        }
        let max_attempts = contest.limits.max_attempts_per_round;
        let results: Vec<bool> = stream::iter(&records)
            .map(|record| {
                let store = &store;
                async move { matches!(store.start_attempt(record, max_attempts).await, Ok(Ok(()))) }
            })
            .buffer_unordered(concurrency)
            .collect()
            .await;
        measure("start", start_from, results.len(), count_errors(&results));

        // Each attempt saved in the batch sizes one participant's page sent
        // during the run, one request at a time per attempt.
        requests.reset();
        let save_from = Instant::now();
        let results: Vec<Vec<bool>> = stream::iter(records.iter().enumerate())
            .map(|(index, record)| {
                let store = &store;
                let sizes =
                    batches.get(index % batches.len().max(1)).cloned().unwrap_or_else(|| vec![record.questions.len()]);
                async move {
                    let mut outcomes = Vec::with_capacity(sizes.len());
                    let mut questions = record.questions.iter().cycle();
                    for size in sizes {
                        let answers =
                            questions.by_ref().take(size).map(|q| (q.id.clone(), q.options[0].id.clone())).collect();
                        let saved = store
                            .save_answers(
                                &contest.id,
                                &record.participant_id,
                                &record.attempt_id,
                                &answers,
                                record.token_version,
                                chrono::Utc::now(),
                            )
                            .await;
                        outcomes.push(matches!(saved, Ok(true)));
                    }
                    outcomes
                }
            })
            .buffer_unordered(concurrency)
            .collect()
            .await;
        let results: Vec<bool> = results.into_iter().flatten().collect();
        measure("autosave", save_from, results.len(), count_errors(&results));

        requests.reset();
        let submit_from = Instant::now();
        let results: Vec<bool> = stream::iter(records.iter().enumerate())
            .map(|(index, record)| {
                let state = &state;
                async move {
                    let answers = record.questions.iter().map(|q| (q.id.clone(), q.options[0].id.clone())).collect();
                    let closed = contest_usecases::attempts::close_attempt(
                        state,
                        contest,
                        &record.participant_id,
                        &record.attempt_id,
                        &answers,
                        Some(index as u64 % 50),
                        Some(record.token_version),
                    )
                    .await;
                    closed.is_ok()
                }
            })
            .buffer_unordered(concurrency)
            .collect()
            .await;
        measure("submit", submit_from, results.len(), count_errors(&results));

        requests.reset();
        let read_from = Instant::now();
        let results: Vec<bool> = stream::iter(&records)
            .map(|record| {
                let store = &store;
                async move {
                    matches!(
                        store.get_attempt(&contest.id, &record.participant_id, &record.attempt_id).await,
                        Ok(Some(_))
                    )
                }
            })
            .buffer_unordered(audit_concurrency)
            .collect()
            .await;
        measure("read attempt", read_from, results.len(), count_errors(&results));

        requests.reset();
        let page_from = Instant::now();
        let results: Vec<bool> =
            stream::iter(&records)
                .map(|record| {
                    let store = &store;
                    async move {
                        matches!(store.participant_overview(&contest.id, &record.participant_id).await, Ok(Some(_)))
                    }
                })
                .buffer_unordered(audit_concurrency)
                .collect()
                .await;
        measure("my page", page_from, results.len(), count_errors(&results));
        self.findings().current_phase = None;
        Ok(())
    }
}

async fn join_all_tasks<T: Send + 'static>(
    tasks: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> anyhow::Result<Vec<T>> {
    let handles: Vec<_> = tasks.collect();
    let mut out = Vec::with_capacity(handles.len());
    for handle in futures::future::join_all(handles).await {
        out.push(handle.context("a virtual participant panicked")?);
    }
    Ok(out)
}

/// Requests of an operation that got a 2xx.
fn successes(tally: &vp::Tally, operation: &str) -> usize {
    let sent = tally.service.get(operation).map_or(0, Vec::len);
    let failed: u64 = tally
        .errors
        .iter()
        .filter(|(kind, _)| kind.strip_prefix(operation).is_some_and(|rest| rest.starts_with(' ')))
        .map(|(_, count)| count)
        .sum();
    sent.saturating_sub(failed as usize)
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n|{}\n", headers.join(" | "), headers.iter().map(|_| " --- |").collect::<String>());
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}

fn share(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{:.0} %", v * 100.0))
}

fn megabytes(kb: Option<u64>) -> String {
    kb.map_or_else(|| "—".to_owned(), |kb| format!("{:.0} MB", kb as f64 / 1024.0))
}

fn verdict(ok: bool) -> String {
    if ok { "PASS" } else { "MISS" }.to_owned()
}

/// The report, as markdown: readable on a terminal, pasted into BENCHMARKS.md.
fn report(run: &Run, stopped: Option<&str>) -> String {
    let settings = &run.settings;
    let findings = run.findings();
    let mut tally = run.crowd.tally();
    let n = settings.participants;
    let mut out = String::new();
    let _ = writeln!(out, "### Load: {} participants opening and closing a round\n", thousands(n));
    let _ = writeln!(
        out,
        "{} virtual participants, spread over the demo contest's organizations, registered; then all \
         started round `{}` at the same instant, answered its questions with {}–{} ms of thinking per \
         choice (one in ten also changing an earlier answer) while the page's autosave batched them \
         ({}, one request in flight, back-off; the submission carries the rest), and all submitted at the same instant; \
         every attempt was then read back. As a Lambda concurrency limit would, at most {} requests \
         were in flight (enough to saturate this machine; more would only move the queue into the \
         gateway, where the store's 3 s timeout per try turns waiting into errors) and the rest of the \
         crowd queued at the client: *service* latency runs from sending to the response, *perceived* \
         latency adds that wait; one start from outside the crowd warmed the gateway's caches before \
         the spike, as warm Lambdas would have them, and the round-closing job (its own function in \
         AWS) was paused. Everything ran on one {}-core machine against \
         moto, which handles one storage request at a time, and registration hashes passwords with \
         Argon2id (19 MiB, t=2) on at most one thread per core: these two bound the throughput here, \
         not the handlers, as the last table shows.\n",
        thousands(n),
        settings.round,
        settings.pace.think_ms.start(),
        settings.pace.think_ms.end(),
        contest_bench::page_policy::PagePolicy::of_the_page().describe(),
        settings.concurrency,
        std::thread::available_parallelism().map_or(0, usize::from),
    );
    if let Some(reason) = stopped {
        let _ = writeln!(out, "**{reason}: the figures below are partial.**\n");
    }

    let errors = tally.error_count();
    // Counted from the requests, so that a run stopped mid-phase still says.
    let registered = successes(&tally, "register");
    let mut summary = vec![
        vec![
            "participants registered".into(),
            format!("{} of {}", thousands(registered as u64), thousands(n)),
            thousands(n),
            "—".into(),
        ],
        vec![
            format!("start spike: all {} starts served in", thousands(findings.started as u64)),
            findings.start_spike.map_or_else(|| "—".into(), |d| format!("{:.1} s", d.as_secs_f64())),
            "—".into(),
            "—".into(),
        ],
        vec![
            "autosaves per attempt (answers per autosave)".into(),
            findings.batching.map_or_else(
                || "—".into(),
                |(saves, answers)| {
                    let per_attempt = saves as f64 / findings.started.max(1) as f64;
                    format!("{per_attempt:.1} ({:.1})", answers as f64 / saves.max(1) as f64)
                },
            ),
            "—".into(),
            "—".into(),
        ],
        vec![
            "submit burst: all submits served in".into(),
            findings.submit_burst.map_or_else(|| "—".into(), |d| format!("{:.1} s", d.as_secs_f64())),
            "—".into(),
            "—".into(),
        ],
        vec!["requests".into(), thousands(tally.requests() as u64), "—".into(), "—".into()],
        vec!["errors".into(), thousands(errors), "0".into(), verdict(errors == 0)],
    ];
    if let Some(audit) = &findings.audit {
        let lost_ok = audit.answers_lost == 0 && audit.attempts_checked > 0;
        let scored_ok = audit.scored == audit.submitted && audit.score_mismatches == 0;
        let agree_ok = audit.my_page_mismatches == 0
            && audit.organization_mismatches.is_empty()
            && audit.leaderboard_problems.is_empty();
        summary.extend([
            vec![
                "acknowledged answers lost".into(),
                format!(
                    "{} of {} in {} attempts read back",
                    thousands(audit.answers_lost as u64),
                    thousands(audit.answers_acknowledged as u64),
                    thousands(audit.attempts_checked as u64)
                ),
                "0".into(),
                verdict(lost_ok),
            ],
            vec![
                "submitted attempts stored with their score".into(),
                format!(
                    "{} of {} ({} score differences)",
                    thousands(audit.scored as u64),
                    thousands(audit.submitted as u64),
                    audit.score_mismatches
                ),
                "all".into(),
                verdict(scored_ok),
            ],
            vec![
                "my page (a sample), organizations' and round leaderboards agree with the attempts".into(),
                format!(
                    "{} of {} pages differ; {} organizations differ; round leaderboard {}",
                    audit.my_page_mismatches,
                    thousands(audit.my_page_checked as u64),
                    audit.organization_mismatches.len(),
                    if audit.leaderboard_problems.is_empty() {
                        "consistent".to_owned()
                    } else {
                        audit.leaderboard_problems.join("; ")
                    }
                ),
                "all agree".into(),
                verdict(agree_ok),
            ],
        ]);
    } else {
        summary.push(vec!["acknowledged answers lost".into(), "not audited".into(), "0".into(), "MISS".into()]);
    }
    let rss_after = vp::rss_kb(&settings.gateway_pid);
    summary.push(vec![
        "gateway memory (RSS before → after, peak)".into(),
        format!(
            "{} → {}, peak {}",
            megabytes(findings.rss_before_kb),
            megabytes(rss_after),
            megabytes(vp::peak_rss_kb(&settings.gateway_pid))
        ),
        "—".into(),
        "—".into(),
    ]);
    summary.push(vec![
        "moto memory (peak RSS)".into(),
        megabytes(vp::peak_rss_kb(&settings.moto_pid)),
        "—".into(),
        "—".into(),
    ]);
    out.push_str(&table(&["figure", "value", "target", "verdict"], &summary));

    let _ = writeln!(out, "\nPer phase (CPU as a share of one core; moto can use at most one):\n");
    let rows: Vec<Vec<String>> = findings
        .phases
        .iter()
        .map(|phase| {
            vec![
                if phase.stopped { format!("{} (stopped)", phase.name) } else { phase.name.to_owned() },
                format!("{:.1}", phase.window.seconds()),
                thousands(phase.requests as u64),
                format!("{:.0}", phase.requests as f64 / phase.window.seconds().max(1e-9)),
                share(run.cpu_share(Process::Moto, phase.window)),
                share(run.cpu_share(Process::Gateway, phase.window)),
                share(run.cpu_share(Process::Generator, phase.window)),
            ]
        })
        .collect();
    out.push_str(&table(
        &["phase", "wall s", "requests", "req/s", "moto CPU", "gateway CPU", "load generator CPU"],
        &rows,
    ));

    let slots = settings.concurrency;
    let _ = writeln!(out, "\nPer operation, in ms (perceived = service + the wait for one of the {slots} slots):\n");
    let operations: Vec<&'static str> = tally.service.keys().copied().collect();
    let mut rows = Vec::new();
    for operation in operations {
        let service = tally.service.get_mut(operation).expect("listed");
        let count = service.len();
        let service_ms = [0.5, 0.95, 0.99].map(|p| vp::percentile_ms(service, p));
        let perceived = tally.perceived.get_mut(operation).expect("recorded together");
        let perceived_ms = [0.5, 0.95, 0.99].map(|p| vp::percentile_ms(perceived, p));
        let mut row = vec![operation.to_owned(), thousands(count as u64)];
        row.extend(service_ms.iter().chain(&perceived_ms).map(|ms| format!("{ms:.0}")));
        rows.push(row);
    }
    out.push_str(&table(&["operation", "count", "service p50", "p95", "p99", "perceived p50", "p95", "p99"], &rows));

    if !tally.errors.is_empty() {
        let _ = writeln!(out, "\nErrors by kind (operation, status, code):\n");
        let rows: Vec<Vec<String>> =
            tally.errors.iter().map(|(kind, count)| vec![kind.clone(), thousands(*count)]).collect();
        out.push_str(&table(&["error", "count"], &rows));
    }

    let mut rows = Vec::new();
    for operation in ["register", "start", "autosave", "submit", "read attempt", "my page"] {
        let gateway = findings.gateway_rates.get(operation);
        let storage = findings.storage_rates.get(operation);
        if gateway.is_none() && storage.is_none() {
            continue;
        }
        let rate = |r: Option<&Rate>| r.map_or_else(|| "—".to_owned(), |r| format!("{:.0}/s", r.per_second()));
        let moto =
            |r: Option<&Rate>| r.map_or_else(|| "—".to_owned(), |r| share(run.cpu_share(Process::Moto, r.window)));
        let gateway_cpu = gateway.map_or_else(|| "—".to_owned(), |r| share(run.cpu_share(Process::Gateway, r.window)));
        let storage_requests =
            storage.and_then(|r| Some((r.requests? as f64 / r.operations.max(1) as f64, r.errors))).map_or_else(
                || "—".to_owned(),
                |(per, errors)| {
                    if errors == 0 {
                        format!("{per:.2}")
                    } else {
                        format!("{per:.2} ({errors} failed)")
                    }
                },
            );
        rows.push(vec![
            operation.to_owned(),
            rate(gateway),
            moto(gateway),
            gateway_cpu,
            rate(storage),
            moto(storage),
            storage_requests,
        ]);
    }
    if !rows.is_empty() {
        let _ = writeln!(
            out,
            "\nWho limits the throughput: each operation through the gateway during the run, next to the same \
             store calls made in-process afterwards, against the same moto and table with the same concurrency \
             ({} participants' worth of another contest; no HTTP, no handler, no Argon2):\n",
            settings.ceiling_sample
        );
        out.push_str(&table(
            &[
                "operation",
                "through the gateway",
                "moto CPU",
                "gateway CPU",
                "storage alone",
                "moto CPU",
                "storage requests per operation",
            ],
            &rows,
        ));
        let _ = writeln!(
            out,
            "\nStart and submit rates are the whole crowd over the spike and burst; autosave's is over the \
             answering phase, which participants' thinking also paces."
        );
    }
    if let Some(err) = &findings.storage_error {
        let _ = writeln!(out, "\nThe storage ceiling was not measured: {err}");
    }
    out
}

#[tokio::main]
async fn main() {
    let settings = match Settings::from_env() {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("load_test: {err:#}");
            std::process::exit(2);
        }
    };
    let crowd = Crowd::new(&settings.base, &settings.contest, Some(settings.concurrency));
    let samples = Arc::new(Mutex::new(Vec::new()));
    let moto_overgrown = Arc::new(tokio::sync::Notify::new());
    let sampler = {
        let (samples, moto_overgrown) = (samples.clone(), moto_overgrown.clone());
        let (moto, gateway) = (settings.moto_pid.clone(), settings.gateway_pid.clone());
        let (own, moto_max_rss_kb) = (std::process::id().to_string(), settings.moto_max_rss_kb);
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(Duration::from_millis(250));
            loop {
                ticker.tick().await;
                let sample = CpuSample {
                    at: Instant::now(),
                    moto: vp::cpu_ticks(&moto),
                    gateway: vp::cpu_ticks(&gateway),
                    generator: vp::cpu_ticks(&own),
                };
                samples.lock().expect("samples lock").push(sample);
                if vp::rss_kb(&moto).is_some_and(|kb| kb > moto_max_rss_kb) {
                    moto_overgrown.notify_one();
                }
            }
        })
    };
    let timeout = settings.timeout;
    let run = Arc::new(Run { settings, crowd, samples, findings: Mutex::default() });
    let progress = {
        let run = run.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            let mut ticker = tokio::time::interval(Duration::from_secs(15));
            ticker.tick().await;
            loop {
                ticker.tick().await;
                let (requests, errors) = {
                    let tally = run.crowd.tally();
                    (tally.requests(), tally.error_count())
                };
                let phase = run.findings().current_phase.map_or("between phases", |(name, _, _)| name);
                eprintln!(
                    "    {:>4.0} s  {phase}: {requests} requests so far, {errors} errors",
                    started.elapsed().as_secs_f64()
                );
            }
        })
    };

    let outcome = tokio::select! {
        outcome = tokio::time::timeout(timeout, run.drive()) => outcome.map_err(|_| {
            format!("Stopped after LOAD_TIMEOUT_SECONDS={} s", timeout.as_secs())
        }),
        () = moto_overgrown.notified() => Err(format!(
            "Stopped when moto's memory passed LOAD_MOTO_MAX_RSS_MB={} MB",
            run.settings.moto_max_rss_kb / 1024
        )),
    };
    progress.abort();
    let stopped = outcome.as_ref().err().map(|reason| {
        let phase = run.findings().current_phase.map_or("the run", |(name, _, _)| name);
        format!("{reason}, during {phase}")
    });
    if stopped.is_some() && run.findings().current_phase.is_some() {
        run.close_phase(true);
    }
    // Let the sampler take one more reading after the last phase.
    tokio::time::sleep(Duration::from_millis(300)).await;
    sampler.abort();
    let text = report(&run, stopped.as_deref());
    println!("{text}");
    if let Some(dir) = &run.settings.report_dir {
        if let Err(err) = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(dir.join("30-load.md"), &text)) {
            eprintln!("load_test: cannot write {}: {err}", dir.join("30-load.md").display());
            std::process::exit(1);
        }
    }
    match outcome {
        Err(_) => {
            eprintln!("load_test: {}", stopped.unwrap_or_default());
            std::process::exit(1);
        }
        Ok(Err(err)) => {
            eprintln!("load_test: {err:#}");
            std::process::exit(1);
        }
        // Nothing read back means nothing was measured: a broken run, not a MISS.
        Ok(Ok(())) if run.findings().audit.as_ref().is_none_or(|a| a.attempts_checked == 0) => {
            eprintln!("load_test: no attempt could be read back");
            std::process::exit(1);
        }
        Ok(Ok(())) => {}
    }
}
