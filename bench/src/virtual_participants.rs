//! Virtual participants for the load tools (`make soak` and the load part of
//! `make bench`). Each one drives the participant API the way the web page
//! does: register, start, every choice journalled and autosaved with the
//! page's batching (static-site/js/journal.js), submit with every answer.
//! The crowd tallies every request: latency per operation, errors by kind.

use rand::Rng;
use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::time::{sleep, sleep_until, Instant};

use crate::page_policy::PagePolicy;

/// The page's retry policy (static-site/js/journal.js); its batching is
/// read from the page ([`PagePolicy`]).
const FIRST_RETRY: Duration = Duration::from_millis(1000);
const MAX_RETRY: Duration = Duration::from_millis(15_000);
const MAX_BATCH: usize = 100;
/// The page's fetch timeout (static-site/js/api.js).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// The page retries for as long as it stays open; a virtual participant
/// gives up after this many failed tries of one request (about 30 s of
/// back-off), so that a broken server ends the run instead of stalling it.
const MAX_TRIES: u32 = 6;

pub const PASSWORD: &str = "mat-khau-thu-tai";

/// Distinct for every serial, and valid for the registration form.
pub fn phone(serial: u64) -> String {
    format!("03{:08}", 10_000_000 + serial)
}

#[derive(Default)]
pub struct Tally {
    /// Request sent → response read: what the service took.
    pub service: BTreeMap<&'static str, Vec<Duration>>,
    /// Request wanted → response read: what the participant waited,
    /// including the wait for a free slot when the crowd is bounded.
    pub perceived: BTreeMap<&'static str, Vec<Duration>>,
    pub errors: BTreeMap<String, u64>,
}

impl Tally {
    pub fn requests(&self) -> usize {
        self.service.values().map(Vec::len).sum()
    }

    pub fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }
}

/// A request that did not succeed, as the page classifies it.
#[derive(Debug, Clone)]
pub struct Failure {
    /// None when no response came (connection, timeout).
    pub status: Option<StatusCode>,
    pub code: String,
    retry_after: Option<Duration>,
}

impl Failure {
    /// The page's `ApiError.retryable`.
    fn retryable(&self) -> bool {
        self.status.is_none_or(|s| {
            s == StatusCode::REQUEST_TIMEOUT || s == StatusCode::TOO_MANY_REQUESTS || s.is_server_error()
        })
    }

    /// The journal stops for good on these: nothing more can be saved.
    fn ends_journal(&self) -> bool {
        self.status == Some(StatusCode::UNAUTHORIZED)
            || self.code == "ATTEMPT_CLOSED"
            || self.code == "ATTEMPT_NOT_FOUND"
    }
}

/// The journal's back-off: exponential from 1 s to 15 s with ±20 % jitter,
/// never sooner than the server's Retry-After.
fn retry_delay(failures: u32, retry_after: Option<Duration>) -> Duration {
    let exponential = FIRST_RETRY.saturating_mul(1 << (failures.saturating_sub(1)).min(8)).min(MAX_RETRY);
    let jittered = exponential.mul_f64(rand::rng().random_range(0.8..1.2));
    jittered.max(retry_after.unwrap_or_default())
}

/// How a participant answers: thinking time before each choice, and how
/// often they go back to change an earlier answer.
#[derive(Debug, Clone)]
pub struct Pace {
    pub think_ms: std::ops::RangeInclusive<u64>,
    pub change_of_mind: f64,
}

impl Pace {
    fn think(&self) -> Duration {
        Duration::from_millis(rand::rng().random_range(self.think_ms.clone()))
    }

    /// The choices in the order they are made: each question in turn, now
    /// and then a changed answer to an earlier one.
    fn choices(&self, questions: &[Question]) -> Vec<(String, String)> {
        let mut rng = rand::rng();
        let mut choices = Vec::with_capacity(questions.len() * 2);
        for (index, question) in questions.iter().enumerate() {
            choices.push((question.id.clone(), question.options[rng.random_range(0..question.options.len())].clone()));
            if index > 0 && rng.random_bool(self.change_of_mind) {
                let earlier = &questions[rng.random_range(0..index)];
                choices.push((earlier.id.clone(), earlier.options[rng.random_range(0..earlier.options.len())].clone()));
            }
        }
        choices
    }
}

pub struct Session {
    pub token: String,
    pub organization_id: String,
}

pub struct Question {
    pub id: String,
    pub options: Vec<String>,
}

pub struct Attempt {
    pub id: String,
    pub questions: Vec<Question>,
}

impl Attempt {
    fn from_view(view: &Value) -> Option<Self> {
        let questions = view["questions"]
            .as_array()?
            .iter()
            .map(|q| {
                let options = q["options"]
                    .as_array()?
                    .iter()
                    .map(|o| o["id"].as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()?;
                Some(Question { id: q["id"].as_str()?.to_owned(), options }).filter(|q| !q.options.is_empty())
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self { id: view["attempt_id"].as_str()?.to_owned(), questions })
    }
}

/// One participant's answers as the page journals them.
#[derive(Default)]
pub struct Journal {
    /// Every question's latest choice.
    pub chosen: Map<String, Value>,
    /// What the server confirmed with a 2xx, latest value per question: it
    /// must be in the stored attempt afterwards.
    pub acknowledged: Map<String, Value>,
    /// Answers per successful autosave request, in order.
    pub batches: Vec<usize>,
    /// What the page no longer needs to send (confirmed, or dropped after a
    /// refusal it cannot retry).
    synced: Map<String, Value>,
}

impl Journal {
    fn pending(&self) -> Map<String, Value> {
        self.chosen
            .iter()
            .filter(|(question, option)| self.synced.get(*question) != Some(*option))
            .take(MAX_BATCH)
            .map(|(question, option)| (question.clone(), option.clone()))
            .collect()
    }

    /// Answers acknowledged but missing or different in a stored attempt.
    pub fn lost_in(&self, stored: &Value) -> usize {
        self.acknowledged.iter().filter(|(question, option)| stored["answers"].get(*question) != Some(*option)).count()
    }
}

type SaveFuture<'a> = Pin<Box<dyn Future<Output = (Map<String, Value>, Result<Value, Failure>)> + Send + 'a>>;

/// The crowd's shared HTTP client and tally. With `in_flight`, at most that
/// many requests are outstanding at once and the others wait their turn, in
/// order, at the client.
#[derive(Clone)]
pub struct Crowd {
    client: Client,
    api: String,
    gate: Option<Arc<Semaphore>>,
    tally: Arc<Mutex<Tally>>,
    /// The privacy notice's version each registration consents to, read
    /// once from the contest's public information as the page does.
    notice_version: Arc<tokio::sync::OnceCell<String>>,
}

impl Crowd {
    pub fn new(base: &str, contest: &str, in_flight: Option<usize>) -> Self {
        let client = Client::builder().timeout(REQUEST_TIMEOUT).build().expect("HTTP client");
        Self {
            client,
            api: format!("{base}/api/contests/{contest}"),
            gate: in_flight.map(|n| Arc::new(Semaphore::new(n))),
            tally: Arc::default(),
            notice_version: Arc::default(),
        }
    }

    pub fn tally(&self) -> MutexGuard<'_, Tally> {
        self.tally.lock().expect("tally lock")
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.client.get(format!("{}{path}", self.api))
    }

    /// Sends one request, records it, and returns the JSON body of a 2xx.
    pub async fn call(&self, operation: &'static str, request: RequestBuilder) -> Result<Value, Failure> {
        let wanted = Instant::now();
        let _slot = match &self.gate {
            Some(gate) => Some(gate.acquire().await.expect("the gate is never closed")),
            None => None,
        };
        let sent = Instant::now();
        let outcome = match request.send().await {
            Ok(response) => {
                let status = response.status();
                let retry_after = response
                    .headers()
                    .get(reqwest::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok()?.parse().ok())
                    .map(Duration::from_secs);
                match response.bytes().await {
                    Ok(bytes) => {
                        let body: Value = serde_json::from_slice(&bytes).unwrap_or_default();
                        if status.is_success() {
                            Ok(body)
                        } else {
                            let code = body["error"]["code"].as_str().unwrap_or_default().to_owned();
                            Err(Failure { status: Some(status), code, retry_after })
                        }
                    }
                    Err(err) => Err(transport_failure(&err)),
                }
            }
            Err(err) => Err(transport_failure(&err)),
        };
        let done = Instant::now();
        let mut tally = self.tally();
        tally.service.entry(operation).or_default().push(done - sent);
        tally.perceived.entry(operation).or_default().push(done - wanted);
        if let Err(failure) = &outcome {
            let status = failure.status.map_or_else(|| "no response".to_owned(), |s| s.as_u16().to_string());
            *tally.errors.entry(format!("{operation} {status} {}", failure.code).trim_end().to_owned()).or_default() +=
                1;
        }
        outcome
    }

    /// `call`, retried with the page's back-off while the failure is one the
    /// page would retry.
    async fn call_until_done(
        &self,
        operation: &'static str,
        request: impl Fn() -> RequestBuilder,
    ) -> Result<Value, Failure> {
        let mut failures = 0;
        loop {
            match self.call(operation, request()).await {
                Err(failure) if failure.retryable() && failures + 1 < MAX_TRIES => {
                    failures += 1;
                    sleep(retry_delay(failures, failure.retry_after)).await;
                }
                outcome => return outcome,
            }
        }
    }

    pub async fn register(&self, serial: u64, organization_id: &str) -> Result<Session, Failure> {
        let version = self
            .notice_version
            .get_or_try_init(|| async {
                let info = self.call_until_done("contest info", || self.client.get(&self.api)).await?;
                Ok::<_, Failure>(info["privacy_notice_version"].as_str().unwrap_or_default().to_owned())
            })
            .await?;
        let body = json!({
            "full_name": format!("Thí sinh thử tải {serial}"), "phone": phone(serial),
            "password": PASSWORD, "organization_id": organization_id,
            "consent": true, "privacy_notice_version": version
        });
        let reply =
            self.call_until_done("register", || self.client.post(format!("{}/register", self.api)).json(&body)).await?;
        let token = reply["token"].as_str().ok_or_else(|| malformed("register"))?.to_owned();
        Ok(Session { token, organization_id: organization_id.to_owned() })
    }

    pub async fn start(&self, session: &Session, round: &str) -> Result<Attempt, Failure> {
        let url = format!("{}/rounds/{round}/attempts", self.api);
        let view = self.call_until_done("start", || self.client.post(&url).bearer_auth(&session.token)).await?;
        Attempt::from_view(&view).ok_or_else(|| malformed("start"))
    }

    fn save<'a>(&'a self, session: &'a Session, attempt: &'a Attempt, batch: Map<String, Value>) -> SaveFuture<'a> {
        Box::pin(async move {
            let url = format!("{}/attempts/{}/answers", self.api, attempt.id);
            let request = self.client.put(url).bearer_auth(&session.token).json(&json!({ "answers": batch }));
            let outcome = self.call("autosave", request).await;
            (batch, outcome)
        })
    }

    /// Answers every question at `pace`, autosaving as the page's journal
    /// does: a send once `BATCH_ANSWERS` choices wait (after the short
    /// debounce) or the oldest has waited `MAX_UNSENT_MS`, at most one
    /// request in flight, a failure retried with back-off. Returns once every
    /// question is answered and no request is in flight: the participant
    /// submits then, and the submission carries whatever is still unsent.
    pub async fn answer(&self, session: &Session, attempt: &Attempt, pace: &Pace) -> Journal {
        let policy = PagePolicy::of_the_page();
        let mut oldest_unsent: Option<Instant> = None;
        let mut journal = Journal::default();
        let mut choices = pace.choices(&attempt.questions).into_iter().peekable();
        let mut choice_due = Instant::now() + pace.think();
        let mut flush_due: Option<Instant> = None;
        let mut in_flight: Option<SaveFuture<'_>> = None;
        let mut failures = 0;
        loop {
            let choosing = choices.peek().is_some();
            if !choosing && in_flight.is_none() {
                return journal;
            }
            tokio::select! {
                () = sleep_until(choice_due), if choosing => {
                    let (question, option) = choices.next().expect("a choice is left");
                    journal.chosen.insert(question, Value::String(option));
                    // While failing, the retry timer owns the schedule.
                    if failures == 0 {
                        let now = Instant::now();
                        let oldest = *oldest_unsent.get_or_insert(now);
                        let due = if journal.pending().len() >= policy.batch_answers {
                            now + policy.debounce
                        } else {
                            oldest + policy.max_unsent
                        };
                        flush_due = Some(flush_due.map_or(due, |earlier| earlier.min(due)));
                    }
                    choice_due = Instant::now() + pace.think();
                }
                () = sleep_until(flush_due.unwrap_or_else(Instant::now)), if flush_due.is_some() => {
                    flush_due = None;
                    // A timer that fires during a save is spent: the save's
                    // completion schedules the next one.
                    if in_flight.is_none() {
                        let batch = journal.pending();
                        if !batch.is_empty() {
                            in_flight = Some(self.save(session, attempt, batch));
                        }
                    }
                }
                (batch, outcome) = async { in_flight.as_mut().expect("guarded").await }, if in_flight.is_some() => {
                    in_flight = None;
                    match outcome {
                        Ok(_) => {
                            failures = 0;
                            journal.batches.push(batch.len());
                            journal.synced.extend(batch.clone());
                            journal.acknowledged.extend(batch);
                            // What was chosen during the send waits from now on.
                            let now = Instant::now();
                            let waiting = journal.pending().len();
                            oldest_unsent = (waiting > 0).then_some(now);
                            flush_due = match waiting {
                                0 => None,
                                n if n >= policy.batch_answers => Some(now + policy.debounce),
                                _ => Some(now + policy.max_unsent),
                            };
                        }
                        Err(failure) if failure.ends_journal() => return journal,
                        // Refused for good: the page stops resending it.
                        Err(failure) if !failure.retryable() => journal.synced.extend(batch),
                        Err(failure) => {
                            failures += 1;
                            if failures >= MAX_TRIES {
                                return journal;
                            }
                            flush_due = Some(Instant::now() + retry_delay(failures, failure.retry_after));
                        }
                    }
                }
            }
        }
    }

    /// Submits with every chosen answer, as the page does; a 2xx
    /// acknowledges them all.
    pub async fn submit(
        &self,
        session: &Session,
        attempt: &Attempt,
        journal: &mut Journal,
        prediction: u64,
    ) -> Result<Value, Failure> {
        let url = format!("{}/attempts/{}/submit", self.api, attempt.id);
        let body = json!({ "answers": journal.chosen, "prediction": prediction });
        let result =
            self.call_until_done("submit", || self.client.post(&url).bearer_auth(&session.token).json(&body)).await?;
        journal.acknowledged.extend(journal.chosen.clone());
        Ok(result)
    }

    pub async fn read_attempt(&self, session: &Session, attempt: &Attempt) -> Result<Value, Failure> {
        let url = format!("{}/attempts/{}", self.api, attempt.id);
        self.call_until_done("read attempt", || self.client.get(&url).bearer_auth(&session.token)).await
    }

    pub async fn my_page(&self, session: &Session) -> Result<Value, Failure> {
        let url = format!("{}/me", self.api);
        self.call_until_done("my page", || self.client.get(&url).bearer_auth(&session.token)).await
    }
}

fn transport_failure(err: &reqwest::Error) -> Failure {
    let code = if err.is_timeout() {
        "timeout"
    } else if err.is_connect() {
        "connection refused"
    } else {
        "transport"
    };
    Failure { status: None, code: code.to_owned(), retry_after: None }
}

fn malformed(operation: &str) -> Failure {
    Failure { status: Some(StatusCode::OK), code: format!("malformed {operation} reply"), retry_after: None }
}

/// The `p` quantile (0–1) of samples, in milliseconds; 0 without samples.
pub fn percentile_ms(samples: &mut [Duration], p: f64) -> f64 {
    if samples.is_empty() {
        return 0.0;
    }
    samples.sort_unstable();
    samples[((samples.len() - 1) as f64 * p).round() as usize].as_secs_f64() * 1000.0
}

/// A process's resident memory (VmRSS), in kB.
pub fn rss_kb(pid: &str) -> Option<u64> {
    proc_status_kb(pid, "VmRSS:")
}

/// A process's peak resident memory (VmHWM), in kB.
pub fn peak_rss_kb(pid: &str) -> Option<u64> {
    proc_status_kb(pid, "VmHWM:")
}

fn proc_status_kb(pid: &str, field: &str) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix(field))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// CPU time a process has used so far (user + system), in clock ticks.
pub fn cpu_ticks(pid: &str) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces; the fields after it do not.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}
