//! The committee's paperwork, from the contest's real data: the weekly
//! results notice, the final report and the draft award decision as Word
//! documents (Nghị định 30/2020/NĐ-CP), certificates with a QR code anyone
//! can verify, and the follow-up link each unit head opens without an
//! account.

use chrono::{DateTime, NaiveDateTime, Utc};
use contest_documents::{
    award_decision, final_report, render_certificates_pdf, weekly_notice, AwardDecisionData, Certificate,
    CollectiveAward, CollectiveResult, FinalReportData, IndividualAward, IssuingHeader, PlaceDate, RoundSummary,
    ScoreBand, Signature, UnitParticipation, WeeklyNoticeData, Winner,
};
use contest_domain::contest::{Contest, OrganizationKind, Round, RoundStatus, TieBreak};
use contest_domain::time::{format_vietnam, in_vietnam};
use contest_domain::{ContestId, OrganizationId, RoundId};
use contest_store::certificates::{CertificateRecord, FollowUpLink};
use contest_store::exports::Folder;
use contest_store::rounds::StoredWinners;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

use super::results::organization_standings;
use super::stats::statistics;
use crate::{App, Error, Organizer};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Thông báo kết quả tuần thi (needs `round`).
    WeeklyNotice,
    /// Báo cáo tổng kết cuộc thi.
    FinalReport,
    /// Dự thảo quyết định khen thưởng.
    AwardDecision,
}

impl DocumentKind {
    fn file_stem(self) -> &'static str {
        match self {
            Self::WeeklyNotice => "thong-bao-ket-qua",
            Self::FinalReport => "bao-cao-tong-ket",
            Self::AwardDecision => "du-thao-quyet-dinh-khen-thuong",
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentRequest {
    pub kind: DocumentKind,
    /// The round of a weekly notice.
    #[serde(default)]
    #[schema(pattern = "^[a-z0-9_][a-z0-9_-]{0,63}$")]
    pub round: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentCreated {
    pub document_id: String,
    pub name: String,
    /// Presigned, valid 15 minutes.
    pub url: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentList {
    pub documents: Vec<super::exports::ExportEntry>,
}

fn local(at: DateTime<Utc>) -> NaiveDateTime {
    in_vietnam(at).naive_local()
}

fn header(contest: &Contest) -> IssuingHeader {
    let paperwork = &contest.paperwork;
    IssuingHeader {
        parent_body: paperwork.parent_body.to_uppercase(),
        body: if paperwork.issuing_body.is_empty() {
            "BAN TỔ CHỨC CUỘC THI".into()
        } else {
            paperwork.issuing_body.to_uppercase()
        },
    }
}

fn place_date(contest: &Contest, now: DateTime<Utc>) -> PlaceDate {
    let place =
        if contest.paperwork.place.is_empty() { "……………".to_owned() } else { contest.paperwork.place.clone() };
    // The clerk dates the document when it is signed.
    PlaceDate::blank(place, chrono::Datelike::year(&in_vietnam(now)))
}

fn signature(contest: &Contest) -> Signature {
    let paperwork = &contest.paperwork;
    Signature {
        authority: Some(if paperwork.signer_authority.is_empty() {
            "TM. BAN TỔ CHỨC".into()
        } else {
            paperwork.signer_authority.to_uppercase()
        }),
        title: if paperwork.signer_title.is_empty() {
            "TRƯỞNG BAN".into()
        } else {
            paperwork.signer_title.to_uppercase()
        },
        name: paperwork.signer_name.clone(),
    }
}

fn contest_name(contest: &Contest) -> String {
    if contest.paperwork.contest_name.is_empty() {
        contest.title.clone()
    } else {
        contest.paperwork.contest_name.clone()
    }
}

fn issuer(contest: &Contest) -> String {
    let body = if contest.paperwork.issuing_body.is_empty() {
        "Ban Tổ chức Cuộc thi"
    } else {
        &contest.paperwork.issuing_body
    };
    // Running text: "Ban Tổ chức Cuộc thi", not the header's capitals.
    let mut chars = body.to_lowercase().chars().collect::<Vec<_>>();
    if let Some(first) = chars.first_mut() {
        *first = first.to_uppercase().next().unwrap_or(*first);
    }
    chars.into_iter().collect()
}

/// How results are ordered, in words, from the contest's tie-break chain.
fn ranking_rule(contest: &Contest) -> String {
    let steps: Vec<&str> = contest
        .tie_breaks
        .iter()
        .map(|t| match t {
            TieBreak::Score => "điểm số cao hơn",
            TieBreak::PredictionDistance => "dự đoán số người trả lời đúng tất cả các câu hỏi gần với thực tế hơn",
            TieBreak::Duration => "thời gian làm bài ít hơn",
            TieBreak::SubmittedAt => "nộp bài sớm hơn",
        })
        .collect();
    format!("Kết quả được xếp theo thứ tự ưu tiên: {}.", steps.join("; "))
}

fn round_number(contest: &Contest, rid: &RoundId) -> u32 {
    contest.rounds.iter().filter(|r| !r.practice).position(|r| &r.id == rid).map_or(0, |i| i as u32 + 1)
}

fn winners_of(contest: &Contest, stored: &StoredWinners) -> Vec<Winner> {
    stored
        .winners
        .iter()
        .map(|w| Winner {
            name: w.candidate.full_name.clone(),
            organization: w.candidate.organization_name.clone(),
            prize: w.prize.label().to_owned(),
            score: w.candidate.score,
            max_score: w.candidate.total,
            duration_ms: w.candidate.duration_ms.max(0) as u64,
            amount: Some(contest.prize_amounts.individual(w.prize)).filter(|a| *a > 0),
        })
        .collect()
}

struct Gathered {
    stats: super::stats::Statistics,
    winners: HashMap<RoundId, StoredWinners>,
}

async fn gather(app: &App, contest: &Contest, now: DateTime<Utc>) -> Result<Gathered, Error> {
    let attempts = app.store.contest_attempts(&contest.id).await?;
    Ok(Gathered {
        stats: statistics(contest, &attempts, now),
        winners: app.store.all_winners(&contest.id).await?.into_iter().collect(),
    })
}

async fn build(
    app: &App,
    contest: &Contest,
    request: &DocumentRequest,
    now: DateTime<Utc>,
) -> Result<(contest_documents::AdministrativeDocument, String), Error> {
    let data = gather(app, contest, now).await?;
    let units_total = contest.organizations.len() as u32;
    match request.kind {
        DocumentKind::WeeklyNotice => {
            let raw = request.round.as_deref().ok_or(Error::RoundRequired)?;
            let round =
                contest.rounds.iter().find(|r| r.id.as_str() == raw && !r.practice).ok_or(Error::RoundNotFound)?;
            let stored = data.winners.get(&round.id).ok_or(Error::WinnersNotDecided)?;
            let stats = data.stats.rounds.iter().find(|r| r.round_id == round.id.as_str());
            let units_with = units_in_round(app, contest, &round.id).await?;
            let document = weekly_notice(&WeeklyNoticeData {
                header: header(contest),
                number: "…/TB-BTC".into(),
                place_date: place_date(contest, now),
                issuer: issuer(contest),
                contest_name: contest_name(contest),
                plan_reference: Some(contest.paperwork.plan_reference.clone()).filter(|p| !p.is_empty()),
                round_number: round_number(contest, &round.id),
                opens_at: local(round.opens_at.to_utc()),
                closes_at: local(round.closes_at.to_utc()),
                participants: stats.map_or(0, |s| s.participants as u32),
                attempts: stats.map_or(0, |s| s.attempts as u32),
                units_with_participants: units_with,
                units_total,
                ranking_rule: ranking_rule(contest),
                winners: winners_of(contest, stored),
                next_steps: vec![
                    "Ban Tổ chức sẽ thông báo thời gian, địa điểm trao giải đến các cá nhân đạt giải.".into(),
                    "Đề nghị các cơ quan, đơn vị tiếp tục vận động cán bộ, công chức, viên chức, người lao động \
                     và Nhân dân tích cực tham gia các tuần thi tiếp theo."
                        .into(),
                ],
                recipients: contest.paperwork.recipients.clone(),
                signature: signature(contest),
            });
            Ok((document, format!("{}-{}", request.kind.file_stem(), round.id)))
        }
        DocumentKind::FinalReport => {
            let standings = organization_standings(app, contest).await?;
            let rounds: Vec<&Round> = contest.rounds.iter().filter(|r| !r.practice).collect();
            let summaries = rounds
                .iter()
                .map(|round| {
                    let stats = data.stats.rounds.iter().find(|r| r.round_id == round.id.as_str());
                    RoundSummary {
                        number: round_number(contest, &round.id),
                        opens_at: local(round.opens_at.to_utc()),
                        closes_at: local(round.closes_at.to_utc()),
                        participants: stats.map_or(0, |s| s.participants as u32),
                        attempts: stats.map_or(0, |s| s.attempts as u32),
                        winners: data.winners.get(&round.id).map(|w| winners_of(contest, w)).unwrap_or_default(),
                    }
                })
                .collect();
            let units = standings
                .iter()
                .map(|t| {
                    let organization = contest.organization(&t.organization_id);
                    let open = organization.is_some_and(|o| o.kind == OrganizationKind::Open);
                    UnitParticipation {
                        name: t.name.clone(),
                        group: organization.map(|o| o.group.clone()).unwrap_or_default(),
                        headcount: (!open).then_some(t.headcount),
                        participants: t.participants,
                    }
                })
                .collect();
            let collective = standings
                .iter()
                .enumerate()
                .filter(|(_, t)| {
                    contest.organization(&t.organization_id).is_some_and(|o| o.kind != OrganizationKind::Open)
                })
                .enumerate()
                .map(|(rank, (_, t))| {
                    let amount = contest.prize_amounts.collective_at(rank + 1);
                    CollectiveResult {
                        unit: t.name.clone(),
                        prize: collective_prize(&contest.prize_amounts, rank + 1),
                        headcount: Some(t.headcount),
                        participants: t.participants,
                        amount,
                    }
                })
                .collect();
            let bands = data
                .stats
                .score_distribution
                .iter()
                .rev()
                .map(|c| ScoreBand { label: format!("{} câu đúng", c.score), attempts: c.count as u32 })
                .collect();
            let document = final_report(&FinalReportData {
                header: header(contest),
                number: "…/BC-BTC".into(),
                place_date: place_date(contest, now),
                issuer: issuer(contest),
                contest_name: contest_name(contest),
                introduction: Some(contest.paperwork.plan_reference.clone())
                    .filter(|p| !p.is_empty())
                    .map(|plan| vec![format!("Thực hiện {plan}, Ban Tổ chức đã tổ chức Cuộc thi theo đúng kế hoạch.")])
                    .unwrap_or_default(),
                total_participants: data.stats.totals.participants as u32,
                total_attempts: data.stats.totals.finished_attempts as u32,
                units,
                rounds: summaries,
                score_distribution: bands,
                collective_rule: "Tập thể được xếp theo tỷ lệ người dự thi trên tổng số cán bộ, công chức, viên chức, \
                                  người lao động của đơn vị; nếu bằng nhau, đơn vị đạt tỷ lệ sớm hơn, rồi đơn vị có \
                                  nhiều cá nhân đạt giải cao hơn được xếp trên."
                    .into(),
                collective,
                strengths: Vec::new(),
                limitations: Vec::new(),
                proposals: Vec::new(),
                recipients: contest.paperwork.recipients.clone(),
                signature: signature(contest),
            });
            Ok((document, request.kind.file_stem().to_owned()))
        }
        DocumentKind::AwardDecision => {
            let standings = organization_standings(app, contest).await?;
            let mut individuals = Vec::new();
            for round in contest.rounds.iter().filter(|r| !r.practice) {
                let Some(stored) = data.winners.get(&round.id) else { continue };
                for w in &stored.winners {
                    individuals.push(IndividualAward {
                        name: w.candidate.full_name.clone(),
                        organization: w.candidate.organization_name.clone(),
                        prize: format!("{} – {}", w.prize.label(), round.name),
                        amount: contest.prize_amounts.individual(w.prize),
                    });
                }
            }
            let collective = standings
                .iter()
                .filter(|t| contest.organization(&t.organization_id).is_some_and(|o| o.kind != OrganizationKind::Open))
                .enumerate()
                .filter_map(|(rank, t)| {
                    contest.prize_amounts.collective_at(rank + 1).map(|amount| CollectiveAward {
                        unit: t.name.clone(),
                        prize: collective_prize(&contest.prize_amounts, rank + 1),
                        amount,
                    })
                })
                .collect();
            let paperwork = &contest.paperwork;
            let document = award_decision(&AwardDecisionData {
                header: IssuingHeader { parent_body: String::new(), body: paperwork.parent_body.to_uppercase() },
                number: "…/QĐ-UBND".into(),
                place_date: place_date(contest, now),
                contest_name: contest_name(contest),
                authority: or_blank(&paperwork.decision_authority),
                decider: or_blank(&paperwork.decider),
                legal_bases: Vec::new(),
                plan_reference: or_blank(&paperwork.plan_reference),
                proposer: or_blank(&paperwork.proposer),
                collective,
                individuals,
                fund_source: or_blank(&paperwork.fund_source),
                executors: paperwork.executors.clone(),
                recipients: paperwork.recipients.clone(),
                signature: Signature {
                    authority: Some("KT. CHỦ TỊCH".into()),
                    title: "PHÓ CHỦ TỊCH".into(),
                    name: String::new(),
                },
            });
            Ok((document, request.kind.file_stem().to_owned()))
        }
    }
}

fn or_blank(text: &str) -> String {
    if text.is_empty() {
        "……………".into()
    } else {
        text.to_owned()
    }
}

fn collective_prize(amounts: &contest_domain::paperwork::PrizeAmounts, rank: usize) -> String {
    if amounts.collective_at(rank).is_none() {
        return String::new();
    }
    match rank {
        1 => "Giải Nhất".into(),
        2 => "Giải Nhì".into(),
        3 => "Giải Ba".into(),
        n => format!("Giải Khuyến khích {}", n - 3),
    }
}

/// Units with at least one person who finished an attempt in the round.
async fn units_in_round(app: &App, contest: &Contest, rid: &RoundId) -> Result<u32, Error> {
    let attempts = app.store.contest_attempts(&contest.id).await?;
    let units: BTreeSet<&str> = attempts
        .iter()
        .filter(|a| &a.round_id == rid && a.status.is_finished())
        .filter_map(|a| a.organization_id.as_deref())
        .collect();
    Ok(units.len() as u32)
}

fn document_id(now: DateTime<Utc>) -> String {
    format!("{}-{}", in_vietnam(now).format("%Y%m%d-%H%M%S"), &uuid::Uuid::new_v4().simple().to_string()[..6])
}

/// Writes one of the committee's documents as .docx to the exports bucket.
pub async fn create_document(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    request: DocumentRequest,
) -> Result<DocumentCreated, Error> {
    let contest = app.fresh_contest(cid).await?;
    let now = app.clock.now();
    let (document, stem) = build(app, &contest, &request, now).await?;
    let bytes = contest_documents::render_docx(&document).map_err(Error::internal)?;
    let document_id = document_id(now);
    let name = format!("{stem}.docx");
    app.store.put_file(Folder::Documents, &contest.id, &document_id, &name, DOCX, bytes).await?;
    let url = app.store.file_link(Folder::Documents, &contest.id, &document_id, &name).await?;
    #[derive(Serialize)]
    struct Created<'a> {
        document_id: &'a str,
        kind: DocumentKind,
        round: Option<&'a str>,
    }
    super::record(
        app,
        cid,
        who,
        "document.create",
        Created { document_id: &document_id, kind: request.kind, round: request.round.as_deref() },
    )
    .await?;
    Ok(DocumentCreated { document_id, name, url })
}

pub async fn list_documents(app: &App, cid: &ContestId) -> Result<DocumentList, Error> {
    let contest = app.fresh_contest(cid).await?;
    let documents = app
        .store
        .list_files(Folder::Documents, &contest.id)
        .await?
        .into_iter()
        .map(|stored| super::exports::ExportEntry {
            created_at: super::exports::created_at(&stored.export_id),
            files: stored.files.into_iter().map(|(name, url)| super::exports::ExportLink { name, url }).collect(),
            export_id: stored.export_id,
        })
        .collect();
    Ok(DocumentList { documents })
}

/// 80 random bits in 16 characters of an alphabet read without confusion,
/// shown as four groups: `7K3M-9PQ2-XW4T-R8ZD`.
fn certificate_code() -> String {
    use rand::seq::IndexedRandom;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..16).map(|_| *ALPHABET.choose(&mut rng).expect("alphabet") as char).collect()
}

/// A code as typed or scanned: any case, dashes and spaces ignored.
pub fn normalize_code(raw: &str) -> Option<String> {
    let code: String =
        raw.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    (code.len() == 16 && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())).then_some(code)
}

fn grouped_code(code: &str) -> String {
    code.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

/// The certificate the contest gives `subject`, issued on first request.
#[allow(clippy::too_many_arguments)]
async fn certificate_record(
    app: &App,
    contest: &Contest,
    subject: String,
    full_name: &str,
    organization: &str,
    award: String,
    round: &str,
    score: Option<(u32, u32)>,
    now: DateTime<Utc>,
) -> Result<CertificateRecord, Error> {
    if let Some(existing) = app.store.certificate_for(&contest.id, &subject).await? {
        return Ok(existing);
    }
    let record = CertificateRecord {
        code: certificate_code(),
        contest_id: contest.id.clone(),
        contest_title: contest.title.clone(),
        subject,
        full_name: full_name.to_owned(),
        organization: organization.to_owned(),
        award,
        round: round.to_owned(),
        score: score.map(|(s, _)| s),
        total: score.map(|(_, t)| t),
        issued_at_ms: now.timestamp_millis(),
    };
    Ok(app.store.issue_certificate(&record).await?)
}

fn certificate_page(app: &App, contest: &Contest, record: &CertificateRecord, now: DateTime<Utc>) -> Certificate {
    Certificate {
        issuing_header: header(contest),
        contest_title: contest.title.clone(),
        recipient: record.full_name.clone(),
        organization: record.organization.clone(),
        award: record.award.clone(),
        detail: match (record.score, record.total) {
            (Some(score), Some(total)) => format!("Đạt {score}/{total} câu trả lời đúng"),
            _ => String::new(),
        },
        place_date: {
            let mut date = place_date(contest, now);
            date.date = Some(in_vietnam(now).date_naive());
            date
        },
        signature: signature(contest),
        verify_url: format!("{}/?verify={}", app.site_url(), record.code),
        verify_code: grouped_code(&record.code),
    }
}

fn prize_award(label: &str, round: &Round) -> String {
    format!("{} – {}", label.to_uppercase(), round.name.to_uppercase())
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CertificatesCreated {
    pub certificates: usize,
    pub name: String,
    /// Presigned, valid 15 minutes.
    pub url: String,
}

/// Every certificate of a decided round (its prize winners, and everyone
/// who finished an attempt when the contest gives certificates of
/// participation) as one PDF in the exports bucket.
pub async fn round_certificates(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    raw_round: Option<&str>,
) -> Result<CertificatesCreated, Error> {
    let contest = app.fresh_contest(cid).await?;
    let raw = raw_round.ok_or(Error::RoundRequired)?;
    let round = contest.rounds.iter().find(|r| r.id.as_str() == raw && !r.practice).ok_or(Error::RoundNotFound)?;
    let now = app.clock.now();
    let stored =
        app.store.all_winners(&contest.id).await?.into_iter().find(|(rid, _)| rid == &round.id).map(|(_, s)| s);
    let stored = stored.ok_or(Error::WinnersNotDecided)?;
    let mut pages = Vec::new();
    let mut awarded = BTreeSet::new();
    for w in &stored.winners {
        let c = &w.candidate;
        let record = certificate_record(
            app,
            &contest,
            format!("{}#{}", round.id, c.participant_id),
            &c.full_name,
            &c.organization_name,
            prize_award(w.prize.label(), round),
            round.id.as_str(),
            Some((c.score, c.total)),
            now,
        )
        .await?;
        awarded.insert(c.participant_id.clone());
        pages.push(certificate_page(app, &contest, &record, now));
    }
    if contest.certificates_for_finishers {
        for c in app.store.round_results(&contest.id, &round.id, contest.leaderboard_shards).await? {
            if awarded.contains(&c.participant_id) {
                continue;
            }
            let record = certificate_record(
                app,
                &contest,
                format!("FINISHER#{}", c.participant_id),
                &c.full_name,
                &c.organization_name,
                "ĐÃ HOÀN THÀNH PHẦN THI".into(),
                "",
                None,
                now,
            )
            .await?;
            pages.push(certificate_page(app, &contest, &record, now));
        }
    }
    if pages.is_empty() {
        return Err(Error::NoCertificates);
    }
    let bytes = render_certificates_pdf(&pages).map_err(Error::internal)?;
    let id = document_id(now);
    let name = format!("giay-chung-nhan-{}.pdf", round.id);
    app.store.put_file(Folder::Certificates, &contest.id, &id, &name, "application/pdf", bytes).await?;
    let url = app.store.file_link(Folder::Certificates, &contest.id, &id, &name).await?;
    #[derive(Serialize)]
    struct Created<'a> {
        round: &'a RoundId,
        certificates: usize,
    }
    super::record(app, cid, who, "certificates.create", Created { round: &round.id, certificates: pages.len() })
        .await?;
    Ok(CertificatesCreated { certificates: pages.len(), name, url })
}

/// A participant's own certificates (prizes of published rounds, and
/// participation when the contest gives it) as one PDF; None when there is
/// none yet.
pub async fn my_certificates(app: &App, who: &crate::Participant, cid: &ContestId) -> Result<Option<Vec<u8>>, Error> {
    let contest = app.contest(cid).await?;
    who.require_contest(&contest.id)?;
    let now = app.clock.now();
    let mut pages = Vec::new();
    for (rid, stored) in app.store.all_winners(&contest.id).await? {
        if !stored.published {
            continue;
        }
        let Some(round) = contest.round(&rid) else { continue };
        for w in stored.winners.iter().filter(|w| w.candidate.participant_id == who.id) {
            let c = &w.candidate;
            let record = certificate_record(
                app,
                &contest,
                format!("{}#{}", rid, c.participant_id),
                &c.full_name,
                &c.organization_name,
                prize_award(w.prize.label(), round),
                rid.as_str(),
                Some((c.score, c.total)),
                now,
            )
            .await?;
            pages.push(certificate_page(app, &contest, &record, now));
        }
    }
    if pages.is_empty() && contest.certificates_for_finishers {
        let profile = app.store.get_profile(&contest.id, &who.id).await?.ok_or(Error::Unauthenticated)?;
        let finished_closed_round = profile
            .finished_rounds
            .iter()
            .any(|rid| contest.round(rid).is_some_and(|r| !r.practice && r.status_at(now) == RoundStatus::Closed));
        if finished_closed_round && !profile.erased {
            let organization = contest.organization(&profile.organization_id).map_or("", |o| o.name.as_str());
            let record = certificate_record(
                app,
                &contest,
                format!("FINISHER#{}", who.id),
                &profile.full_name,
                organization,
                "ĐÃ HOÀN THÀNH PHẦN THI".into(),
                "",
                None,
                now,
            )
            .await?;
            pages.push(certificate_page(app, &contest, &record, now));
        }
    }
    if pages.is_empty() {
        return Ok(None);
    }
    Ok(Some(render_certificates_pdf(&pages).map_err(Error::internal)?))
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VerifiedCertificate {
    pub contest_title: String,
    pub full_name: String,
    pub organization: String,
    pub award: String,
    /// The round's name ("" for a certificate of participation).
    pub round: String,
    pub score: Option<u32>,
    pub total: Option<u32>,
    /// Vietnam time.
    pub issued_at: Option<String>,
}

/// What a certificate's code attests: anyone holding one can check it.
pub async fn verify(app: &App, raw_code: &str) -> Result<VerifiedCertificate, Error> {
    let code = normalize_code(raw_code).ok_or(Error::CertificateNotFound)?;
    let record = app.store.certificate(&code).await?.ok_or(Error::CertificateNotFound)?;
    let round = match contest_domain::RoundId::parse(record.round.as_str()) {
        Ok(rid) => app
            .contest(&record.contest_id)
            .await
            .ok()
            .and_then(|c| c.round(&rid).map(|r| r.name.clone()))
            .unwrap_or(record.round),
        Err(_) => String::new(),
    };
    Ok(VerifiedCertificate {
        contest_title: record.contest_title,
        full_name: record.full_name,
        organization: record.organization,
        award: record.award,
        round,
        score: record.score,
        total: record.total,
        issued_at: contest_domain::time::from_millis(record.issued_at_ms).map(format_vietnam),
    })
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FollowUpLinkView {
    pub organization_id: OrganizationId,
    /// Give it to the unit head; it opens `/don-vi/?t=TOKEN`.
    pub url: String,
    pub token: String,
    pub created_at: Option<String>,
    pub created_by: String,
}

fn link_view(app: &App, link: FollowUpLink) -> FollowUpLinkView {
    FollowUpLinkView {
        url: format!("{}/don-vi/?t={}", app.site_url(), link.token),
        created_at: contest_domain::time::from_millis(link.created_at_ms).map(format_vietnam),
        organization_id: link.organization_id,
        token: link.token,
        created_by: link.created_by,
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FollowUpLinks {
    pub links: Vec<FollowUpLinkView>,
}

pub async fn follow_up_links(app: &App, cid: &ContestId) -> Result<FollowUpLinks, Error> {
    let contest = app.fresh_contest(cid).await?;
    let links = app.store.follow_up_links(&contest.id).await?.into_iter().map(|l| link_view(app, l)).collect();
    Ok(FollowUpLinks { links })
}

/// A new secret link for a unit (128 random bits), replacing its earlier one.
pub async fn create_follow_up_link(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    oid: &OrganizationId,
) -> Result<FollowUpLinkView, Error> {
    let contest = app.fresh_contest(cid).await?;
    contest.organization(oid).ok_or(Error::OrganizationNotFound)?;
    let previous = app.store.follow_up_links(&contest.id).await?.into_iter().find(|l| &l.organization_id == oid);
    let link = FollowUpLink {
        organization_id: oid.clone(),
        token: uuid::Uuid::new_v4().simple().to_string(),
        created_at_ms: app.clock.now().timestamp_millis(),
        created_by: who.username.clone(),
    };
    app.store.replace_follow_up_link(&contest.id, &link, previous.as_ref().map(|p| p.token.as_str())).await?;
    #[derive(Serialize)]
    struct Created<'a> {
        organization_id: &'a OrganizationId,
        replaced_earlier: bool,
    }
    super::record(
        app,
        cid,
        who,
        "follow_up.create",
        Created { organization_id: oid, replaced_earlier: previous.is_some() },
    )
    .await?;
    Ok(link_view(app, link))
}

pub async fn revoke_follow_up_link(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    oid: &OrganizationId,
) -> Result<(), Error> {
    let contest = app.fresh_contest(cid).await?;
    if !app.store.revoke_follow_up_link(&contest.id, oid).await? {
        return Err(Error::FollowUpLinkNotFound);
    }
    #[derive(Serialize)]
    struct Revoked<'a> {
        organization_id: &'a OrganizationId,
    }
    super::record(app, cid, who, "follow_up.revoke", Revoked { organization_id: oid }).await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnitFollowUp {
    pub contest_id: ContestId,
    pub contest_title: String,
    /// The contest's page, for the reminder.
    pub contest_url: String,
    pub organization: String,
    pub headcount: u32,
    /// People of the unit who finished at least one attempt.
    pub participants_total: u32,
    /// Of the headcount, rounded to four decimals.
    pub rate: f64,
    pub rounds: Vec<UnitRound>,
    /// From the unit's staff list when it has one (names only).
    pub members: Vec<UnitMember>,
    /// Whether `members` is the staff list (else: who registered).
    pub from_staff_list: bool,
    pub server_time: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnitRound {
    pub round_id: RoundId,
    pub name: String,
    pub status: RoundStatus,
    pub closes_at: String,
    /// People of the unit who finished an attempt in it.
    pub completed: u32,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnitMember {
    pub full_name: String,
    pub registered: bool,
    pub rounds_completed: Vec<RoundId>,
}

/// What a unit head sees through the unit's secret link: names only, no
/// phone, no score.
pub async fn unit_follow_up(app: &App, raw_token: &str) -> Result<UnitFollowUp, Error> {
    let token_ok = raw_token.len() == 32 && raw_token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if !token_ok {
        return Err(Error::FollowUpLinkNotFound);
    }
    let (cid, oid) = app.store.follow_up_target(raw_token).await?.ok_or(Error::FollowUpLinkNotFound)?;
    let contest = app.contest(&cid).await?;
    let organization = contest.organization(&oid).ok_or(Error::FollowUpLinkNotFound)?;
    let now = app.clock.now();
    let registered = app.store.organization_members(&contest.id, &oid).await?;
    let ids: Vec<_> = registered.iter().map(|m| m.participant_id.clone()).collect();
    let profiles: HashMap<_, _> =
        app.store.profiles(&contest.id, &ids).await?.into_iter().map(|p| (p.participant_id.clone(), p)).collect();
    let real_rounds: Vec<&Round> = contest.rounds.iter().filter(|r| !r.practice).collect();
    let completed_rounds = |pid: &contest_domain::ParticipantId| -> Vec<RoundId> {
        profiles
            .get(pid)
            .map(|p| p.finished_rounds.iter().filter(|r| real_rounds.iter().any(|rr| &rr.id == *r)).cloned().collect())
            .unwrap_or_default()
    };
    let (members, from_staff_list) = if organization.staff_list {
        let roster = app.store.roster(&contest.id, &oid).await?;
        let members = roster
            .iter()
            .map(|entry| UnitMember {
                full_name: entry.full_name.clone(),
                registered: entry.participant_id.is_some(),
                rounds_completed: entry.participant_id.as_ref().map(|pid| completed_rounds(pid)).unwrap_or_default(),
            })
            .collect();
        (members, true)
    } else {
        let members = registered
            .iter()
            .map(|m| UnitMember {
                full_name: m.full_name.clone(),
                registered: true,
                rounds_completed: completed_rounds(&m.participant_id),
            })
            .collect();
        (members, false)
    };
    let mut members: Vec<UnitMember> = members;
    members.sort_by(|a, b| a.full_name.cmp(&b.full_name));
    let participants_total = profiles
        .values()
        .filter(|p| p.finished_rounds.iter().any(|r| real_rounds.iter().any(|rr| &rr.id == r)))
        .count() as u32;
    let rounds = real_rounds
        .iter()
        .map(|round| UnitRound {
            round_id: round.id.clone(),
            name: round.name.clone(),
            status: round.status_at(now),
            closes_at: format_vietnam(round.closes_at.to_utc()),
            completed: profiles.values().filter(|p| p.finished_rounds.contains(&round.id)).count() as u32,
        })
        .collect();
    let rate = if organization.headcount == 0 {
        0.0
    } else {
        (f64::from(participants_total) / f64::from(organization.headcount) * 10_000.0).round() / 10_000.0
    };
    Ok(UnitFollowUp {
        contest_url: format!("{}/?contest={}", app.site_url(), contest.id),
        contest_id: contest.id.clone(),
        contest_title: contest.title.clone(),
        organization: organization.name.clone(),
        headcount: organization.headcount,
        participants_total,
        rate,
        rounds,
        members,
        from_staff_list,
        server_time: format_vietnam(now),
    })
}

#[derive(Debug, Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PosterRequest {
    /// A unit's variant: its link preselects the unit in the registration form.
    #[serde(default)]
    #[schema(pattern = "^[a-z0-9_][a-z0-9_-]{0,63}$")]
    pub organization_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PosterCreated {
    pub name: String,
    /// Presigned, valid 15 minutes.
    pub url: String,
    /// The link the QR code leads to.
    pub link: String,
}

/// A printable A4 poster (PDF) with the contest's title, dates, link and a
/// large QR code; with `organization_id`, the link preselects that unit.
pub async fn poster(
    app: &App,
    who: &Organizer,
    cid: &ContestId,
    request: PosterRequest,
) -> Result<PosterCreated, Error> {
    let contest = app.fresh_contest(cid).await?;
    let organization = match request.organization_id.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        Some(raw) => {
            let oid = OrganizationId::parse(raw).map_err(|_| Error::OrganizationNotFound)?;
            Some(contest.organization(&oid).ok_or(Error::OrganizationNotFound)?.clone())
        }
        None => None,
    };
    let link = match &organization {
        Some(org) => format!("{}/?contest={}&don-vi={}", app.site_url(), contest.id, org.id),
        None => format!("{}/?contest={}", app.site_url(), contest.id),
    };
    let real: Vec<&Round> = contest.rounds.iter().filter(|r| !r.practice).collect();
    let period = match (real.iter().map(|r| r.opens_at).min(), real.iter().map(|r| r.closes_at).max()) {
        (Some(from), Some(to)) => format!(
            "Từ {} đến {}",
            from.with_timezone(&contest_domain::time::vietnam()).format("%H:%M ngày %d/%m/%Y"),
            to.with_timezone(&contest_domain::time::vietnam()).format("%H:%M ngày %d/%m/%Y")
        ),
        _ => String::new(),
    };
    let contact = match (contest.contact.hotline.as_str(), contest.contact.email.as_str()) {
        ("", "") => String::new(),
        (phone, "") => format!("Hỗ trợ: {phone}"),
        ("", email) => format!("Hỗ trợ: {email}"),
        (phone, email) => format!("Hỗ trợ: {phone} – {email}"),
    };
    let poster = contest_documents::Poster {
        header: header(&contest),
        title: contest.title.clone(),
        period,
        unit: organization.as_ref().map(|org| format!("Dành cho {}", org.name)),
        url: link.clone(),
        contact,
    };
    let bytes = contest_documents::render_poster_pdf(&poster).map_err(Error::internal)?;
    let now = app.clock.now();
    let id = document_id(now);
    let name = match &organization {
        Some(org) => format!("ap-phich-{}.pdf", org.id),
        None => "ap-phich.pdf".to_owned(),
    };
    app.store.put_file(Folder::Posters, &contest.id, &id, &name, "application/pdf", bytes).await?;
    let url = app.store.file_link(Folder::Posters, &contest.id, &id, &name).await?;
    #[derive(Serialize)]
    struct Created<'a> {
        organization_id: Option<&'a OrganizationId>,
    }
    super::record(app, cid, who, "poster.create", Created { organization_id: organization.as_ref().map(|o| &o.id) })
        .await?;
    Ok(PosterCreated { name, url, link })
}
