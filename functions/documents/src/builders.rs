//! The three documents the committee issues, built from plain data: the
//! weekly results notice, the final report and the draft award decision.
//! Figures (totals, shares, amounts in words) are computed here from the
//! data, so a document never disagrees with itself; the committee's own
//! texts (bases, evaluations, next steps) are taken as given and can be
//! edited in Word afterwards.

use chrono::NaiveDateTime;

use crate::format::{count, duration, grouped, long_date, money, money_in_words, ordinal, percent, period};
use crate::model::{AdministrativeDocument, Annex, Block, IssuingHeader, PlaceDate, Signature, Table};

/// A dash for a figure that does not exist (the share of an open group
/// without a headcount), so it is not read as zero.
const NO_FIGURE: &str = "-";

/// An individual prize winner of a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Winner {
    pub name: String,
    pub organization: String,
    /// "Giải Nhất", "Giải Nhì", …
    pub prize: String,
    /// Correct answers of the attempt that ranked, out of `max_score`.
    pub score: u32,
    pub max_score: u32,
    pub duration_ms: u64,
    /// Prize money in đồng, when the plan gives one.
    pub amount: Option<u64>,
}

/// "THÔNG BÁO Kết quả Tuần thi thứ …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyNoticeData {
    pub header: IssuingHeader,
    /// "…/TB-BTC" until the clerk registers it.
    pub number: String,
    pub place_date: PlaceDate,
    /// Who speaks in the text: "Ban Tổ chức Cuộc thi".
    pub issuer: String,
    /// The contest as running text names it: "Cuộc thi trắc nghiệm trực
    /// tuyến “Tìm hiểu cải cách hành chính” thị xã Quảng Trị năm 2022".
    pub contest_name: String,
    /// The plan the contest runs under ("Kế hoạch số …/KH-UBND ngày … của
    /// UBND thị xã Quảng Trị"), cited at the start when given.
    pub plan_reference: Option<String>,
    /// 1 for the first week.
    pub round_number: u32,
    /// Local (Vietnam) times.
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    /// People with at least one finished attempt in the round.
    pub participants: u32,
    pub attempts: u32,
    /// Units (agencies, wards, open groups) with at least one participant,
    /// out of all units registered.
    pub units_with_participants: u32,
    pub units_total: u32,
    /// How results are ordered and ties broken, in the contest rules' words.
    pub ranking_rule: String,
    pub winners: Vec<Winner>,
    /// How and where prizes are received, what comes next.
    pub next_steps: Vec<String>,
    pub recipients: Vec<String>,
    pub signature: Signature,
}

/// A unit's participation over the whole contest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitParticipation {
    pub name: String,
    /// "Phường, xã", "Cơ quan chuyên môn", "Nhân dân", …
    pub group: String,
    /// Staff on the unit's list; None for open groups (citizens, firms).
    pub headcount: Option<u32>,
    /// Distinct people of the unit who finished at least one attempt.
    pub participants: u32,
}

/// One round (week) of the contest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundSummary {
    /// 1 for the first week.
    pub number: u32,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub participants: u32,
    pub attempts: u32,
    pub winners: Vec<Winner>,
}

/// A line of the score distribution: "20/20 câu đúng" and how many attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreBand {
    pub label: String,
    pub attempts: u32,
}

/// A unit in the collective ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectiveResult {
    pub unit: String,
    /// "Giải Nhất", …; empty for a ranked unit without a prize.
    pub prize: String,
    pub headcount: Option<u32>,
    pub participants: u32,
    pub amount: Option<u64>,
}

/// "BÁO CÁO Tổng kết …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalReportData {
    pub header: IssuingHeader,
    pub number: String,
    pub place_date: PlaceDate,
    pub issuer: String,
    pub contest_name: String,
    /// How the contest was prepared and run (section I), after a first
    /// paragraph built from the rounds.
    pub introduction: Vec<String>,
    /// Distinct people over the whole contest (someone who sat three weeks
    /// counts once) and all attempts.
    pub total_participants: u32,
    pub total_attempts: u32,
    pub units: Vec<UnitParticipation>,
    pub rounds: Vec<RoundSummary>,
    pub score_distribution: Vec<ScoreBand>,
    /// How units were ranked for the collective prizes.
    pub collective_rule: String,
    /// In ranking order.
    pub collective: Vec<CollectiveResult>,
    pub strengths: Vec<String>,
    pub limitations: Vec<String>,
    pub proposals: Vec<String>,
    pub recipients: Vec<String>,
    pub signature: Signature,
}

/// A person in the award decision's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndividualAward {
    pub name: String,
    pub organization: String,
    /// "Giải Nhất – Tuần thi thứ nhất".
    pub prize: String,
    pub amount: u64,
}

/// A unit in the award decision's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectiveAward {
    pub unit: String,
    pub prize: String,
    pub amount: u64,
}

/// "QUYẾT ĐỊNH Về việc khen thưởng …", a draft for the authority to sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwardDecisionData {
    pub header: IssuingHeader,
    /// "…/QĐ-UBND".
    pub number: String,
    pub place_date: PlaceDate,
    pub contest_name: String,
    /// The deciding authority, upper case, as the line above the bases:
    /// "CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG TRỊ".
    pub authority: String,
    /// The same in running text, for the annex: "Chủ tịch UBND thị xã
    /// Quảng Trị".
    pub decider: String,
    /// "Căn cứ …" lines. Empty: the plan and the results are cited.
    pub legal_bases: Vec<String>,
    /// "Kế hoạch số …/KH-UBND ngày … của UBND thị xã Quảng Trị về …".
    pub plan_reference: String,
    /// Whose proposal the decision follows: "Trưởng phòng Nội vụ".
    pub proposer: String,
    pub collective: Vec<CollectiveAward>,
    pub individuals: Vec<IndividualAward>,
    /// Where the money comes from: "kinh phí tổ chức Cuộc thi từ nguồn ngân
    /// sách thị xã năm 2022".
    pub fund_source: String,
    /// Who carries the decision out (Article 3): "Chánh Văn phòng HĐND và
    /// UBND thị xã", "Trưởng phòng Nội vụ", …
    pub executors: Vec<String>,
    pub recipients: Vec<String>,
    pub signature: Signature,
}

fn strings<const N: usize>(items: [&str; N]) -> Vec<String> {
    items.map(str::to_owned).to_vec()
}

fn paragraphs(texts: &[String]) -> impl Iterator<Item = Block> + '_ {
    texts.iter().filter(|t| !t.trim().is_empty()).map(|t| Block::Paragraph(t.trim().to_owned()))
}

fn amount_cell(amount: Option<u64>) -> String {
    amount.map(grouped).unwrap_or_default()
}

/// "Tổng số tiền thưởng: 1.000.000 đồng (Bằng chữ: Một triệu đồng)."
fn amount_sentence(lead: &str, amount: u64) -> String {
    format!("{lead}: {} (Bằng chữ: {}).", money(amount), money_in_words(amount))
}

/// The winners of a round: rank, name, unit, prize, score, time, and the
/// prize money with its total when the plan gives amounts.
fn winners_table(caption: Option<String>, winners: &[Winner]) -> Table {
    let with_amounts = winners.iter().any(|w| w.amount.is_some());
    let mut header = strings(["STT", "Họ và tên", "Đơn vị", "Giải", "Điểm", "Thời gian làm bài"]);
    // Widths in millimetres of the 165 mm text width.
    let mut widths = vec![13, 37, 49, 20, 18, 28];
    if with_amounts {
        header.push("Tiền thưởng (đồng)".into());
        widths = vec![13, 32, 37, 20, 15, 25, 23];
    }
    let rows = winners
        .iter()
        .enumerate()
        .map(|(index, w)| {
            let mut row = vec![
                (index + 1).to_string(),
                w.name.clone(),
                w.organization.clone(),
                w.prize.clone(),
                format!("{}/{}", w.score, w.max_score),
                duration(w.duration_ms),
            ];
            if with_amounts {
                row.push(amount_cell(w.amount));
            }
            row
        })
        .collect();
    let total_row =
        with_amounts.then(|| vec!["Tổng cộng".to_owned(), grouped(winners.iter().filter_map(|w| w.amount).sum())]);
    Table { caption, header, rows, widths, total_row }
}

/// Builds the weekly results notice.
pub fn weekly_notice(data: &WeeklyNoticeData) -> AdministrativeDocument {
    let round = format!("Tuần thi thứ {}", ordinal(data.round_number));
    let mut body = Vec::new();
    let opening = match data.plan_reference.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(plan) => format!(
            "Căn cứ {plan}; căn cứ kết quả {round} {}, {} thông báo kết quả như sau:",
            data.contest_name, data.issuer
        ),
        None => format!("Căn cứ kết quả {round} {}, {} thông báo kết quả như sau:", data.contest_name, data.issuer),
    };
    body.push(Block::Paragraph(opening));

    body.push(Block::Heading("1. Thời gian và tình hình tham gia".into()));
    body.push(Block::Paragraph(format!(
        "{round} diễn ra {}. Có {} người dự thi với {} lượt thi; {}/{} cơ quan, đơn vị và nhóm đối tượng có người \
         dự thi ({}).",
        period(data.opens_at, data.closes_at),
        grouped(data.participants.into()),
        grouped(data.attempts.into()),
        data.units_with_participants,
        data.units_total,
        percent(data.units_with_participants.into(), data.units_total.into()).unwrap_or_else(|| NO_FIGURE.into()),
    )));

    body.push(Block::Heading("2. Cách xét giải".into()));
    body.push(Block::Paragraph(data.ranking_rule.trim().to_owned()));

    body.push(Block::Heading("3. Danh sách cá nhân đạt giải".into()));
    if data.winners.is_empty() {
        body.push(Block::Paragraph(format!("{round} không có cá nhân đạt giải.")));
    } else {
        body.push(Block::Paragraph(format!(
            "{} trao {} giải cá nhân {round} cho các cá nhân sau:",
            data.issuer,
            count(data.winners.len() as u64)
        )));
        body.push(Block::Table(winners_table(None, &data.winners)));
        let total: u64 = data.winners.iter().filter_map(|w| w.amount).sum();
        if total > 0 {
            body.push(Block::Paragraph(amount_sentence("Tổng số tiền thưởng", total)));
        }
    }

    if !data.next_steps.is_empty() {
        body.push(Block::Heading("4. Nhận giải và các tuần thi tiếp theo".into()));
        body.extend(paragraphs(&data.next_steps));
    }
    body.push(Block::Paragraph(format!(
        "{} thông báo để các cơ quan, đơn vị và cá nhân dự thi được biết./.",
        data.issuer
    )));

    AdministrativeDocument {
        header: data.header.clone(),
        number: data.number.clone(),
        place_date: data.place_date.clone(),
        kind: "THÔNG BÁO".into(),
        subject: format!("Kết quả {round} {}", data.contest_name),
        body,
        recipients: data.recipients.clone(),
        signature: data.signature.clone(),
        annexes: Vec::new(),
        draft: false,
    }
}

/// A unit group's totals, in the order groups first appear.
struct GroupTotals {
    name: String,
    units: u32,
    headcount: Option<u64>,
    counted_participants: u64,
    participants: u64,
}

fn group_totals(units: &[UnitParticipation]) -> Vec<GroupTotals> {
    let mut groups: Vec<GroupTotals> = Vec::new();
    for unit in units {
        let index = match groups.iter().position(|g| g.name == unit.group) {
            Some(index) => index,
            None => {
                groups.push(GroupTotals {
                    name: unit.group.clone(),
                    units: 0,
                    headcount: None,
                    counted_participants: 0,
                    participants: 0,
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[index];
        group.units += 1;
        group.participants += u64::from(unit.participants);
        if let Some(headcount) = unit.headcount {
            group.headcount = Some(group.headcount.unwrap_or(0) + u64::from(headcount));
            group.counted_participants += u64::from(unit.participants);
        }
    }
    groups
}

/// A share only where there is a headcount to share: open groups show a
/// dash, and totals count only the units that have one.
fn share(participants: u64, headcount: Option<u64>) -> String {
    headcount.and_then(|h| percent(participants, h)).unwrap_or_else(|| NO_FIGURE.into())
}

fn headcount_cell(headcount: Option<u64>) -> String {
    headcount.map(grouped).unwrap_or_else(|| NO_FIGURE.into())
}

/// Builds the final report.
pub fn final_report(data: &FinalReportData) -> AdministrativeDocument {
    let mut body = Vec::new();
    let first = data.rounds.iter().map(|r| r.opens_at).min();
    let last = data.rounds.iter().map(|r| r.closes_at).max();

    body.push(Block::Heading("I. CÔNG TÁC TRIỂN KHAI, TỔ CHỨC CUỘC THI".into()));
    if let (Some(first), Some(last)) = (first, last) {
        body.push(Block::Paragraph(format!(
            "{} được tổ chức {}, gồm {} tuần thi.",
            data.contest_name,
            period(first, last),
            count(data.rounds.len() as u64)
        )));
    }
    body.extend(paragraphs(&data.introduction));

    body.push(Block::Heading("II. KẾT QUẢ CUỘC THI".into()));
    body.push(Block::Heading("1. Số lượng tham gia".into()));
    let units_with = data.units.iter().filter(|u| u.participants > 0).count() as u64;
    body.push(Block::Paragraph(format!(
        "Toàn cuộc thi có {} người dự thi với {} lượt thi; {}/{} cơ quan, đơn vị và nhóm đối tượng có người dự thi. \
         Mỗi người được tính một lần dù dự thi nhiều tuần; tỷ lệ tham gia tính trên số người của cơ quan, đơn vị \
         (không tính cho nhóm không có danh sách).",
        grouped(data.total_participants.into()),
        grouped(data.total_attempts.into()),
        units_with,
        data.units.len()
    )));
    let unit_rows = data
        .units
        .iter()
        .enumerate()
        .map(|(index, unit)| {
            let headcount = unit.headcount.map(u64::from);
            vec![
                (index + 1).to_string(),
                unit.name.clone(),
                unit.group.clone(),
                headcount_cell(headcount),
                grouped(unit.participants.into()),
                share(unit.participants.into(), headcount),
            ]
        })
        .collect();
    let groups = group_totals(&data.units);
    let all_headcount: Option<u64> = groups.iter().filter_map(|g| g.headcount).reduce(|a, b| a + b);
    let all_counted: u64 = groups.iter().map(|g| g.counted_participants).sum();
    let all_participants: u64 = groups.iter().map(|g| g.participants).sum();
    body.push(Block::Table(Table {
        caption: Some("Bảng 1. Số người dự thi theo cơ quan, đơn vị".into()),
        header: strings(["STT", "Đơn vị", "Nhóm", "Số người", "Số người dự thi", "Tỷ lệ %"]),
        rows: unit_rows,
        widths: vec![13, 55, 39, 18, 20, 20],
        total_row: Some(vec![
            "Tổng cộng".into(),
            headcount_cell(all_headcount),
            grouped(all_participants),
            share(all_counted, all_headcount),
        ]),
    }));
    body.push(Block::Table(Table {
        caption: Some("Bảng 2. Số người dự thi theo nhóm đối tượng".into()),
        header: strings(["STT", "Nhóm", "Số đơn vị", "Số người", "Số người dự thi", "Tỷ lệ %"]),
        rows: groups
            .iter()
            .enumerate()
            .map(|(index, g)| {
                vec![
                    (index + 1).to_string(),
                    g.name.clone(),
                    g.units.to_string(),
                    headcount_cell(g.headcount),
                    grouped(g.participants),
                    share(g.counted_participants, g.headcount),
                ]
            })
            .collect(),
        widths: vec![13, 56, 20, 22, 30, 24],
        total_row: Some(vec![
            "Tổng cộng".into(),
            data.units.len().to_string(),
            headcount_cell(all_headcount),
            grouped(all_participants),
            share(all_counted, all_headcount),
        ]),
    }));

    body.push(Block::Heading("2. Kết quả theo tuần thi".into()));
    let prizes_total: usize = data.rounds.iter().map(|r| r.winners.len()).sum();
    body.push(Block::Table(Table {
        caption: Some("Bảng 3. Số người, lượt dự thi và số giải theo tuần thi".into()),
        header: strings(["Tuần thi", "Thời gian", "Số người dự thi", "Số lượt thi", "Số giải"]),
        rows: data
            .rounds
            .iter()
            .map(|r| {
                vec![
                    format!("Thứ {}", ordinal(r.number)),
                    period(r.opens_at, r.closes_at),
                    grouped(r.participants.into()),
                    grouped(r.attempts.into()),
                    r.winners.len().to_string(),
                ]
            })
            .collect(),
        widths: vec![23, 72, 26, 24, 20],
        total_row: Some(vec![
            "Cả cuộc thi".into(),
            String::new(),
            grouped(data.total_participants.into()),
            grouped(data.total_attempts.into()),
            prizes_total.to_string(),
        ]),
    }));

    body.push(Block::Heading("3. Phổ điểm".into()));
    let band_total: u64 = data.score_distribution.iter().map(|b| u64::from(b.attempts)).sum();
    body.push(Block::Table(Table {
        caption: Some("Bảng 4. Phân bố kết quả các lượt thi".into()),
        header: strings(["STT", "Kết quả", "Số lượt thi", "Tỷ lệ %"]),
        rows: data
            .score_distribution
            .iter()
            .enumerate()
            .map(|(index, band)| {
                vec![
                    (index + 1).to_string(),
                    band.label.clone(),
                    grouped(band.attempts.into()),
                    percent(band.attempts.into(), band_total).unwrap_or_else(|| NO_FIGURE.into()),
                ]
            })
            .collect(),
        widths: vec![13, 82, 35, 35],
        total_row: Some(vec![
            "Tổng cộng".into(),
            grouped(band_total),
            percent(band_total, band_total).unwrap_or_else(|| NO_FIGURE.into()),
        ]),
    }));

    body.push(Block::Heading("4. Kết quả xét giải".into()));
    body.push(Block::Heading("a) Giải cá nhân".into()));
    for round in &data.rounds {
        let caption = format!("Tuần thi thứ {} ({})", ordinal(round.number), period(round.opens_at, round.closes_at));
        if round.winners.is_empty() {
            body.push(Block::Paragraph(format!("{caption}: không có cá nhân đạt giải.")));
        } else {
            body.push(Block::Table(winners_table(Some(caption), &round.winners)));
        }
    }
    body.push(Block::Heading("b) Giải tập thể".into()));
    if !data.collective_rule.trim().is_empty() {
        body.push(Block::Paragraph(data.collective_rule.trim().to_owned()));
    }
    let collective_amounts = data.collective.iter().any(|c| c.amount.is_some());
    let mut header = strings(["STT", "Đơn vị", "Giải", "Số người", "Số người dự thi", "Tỷ lệ %"]);
    let mut widths = vec![13, 62, 20, 22, 24, 24];
    if collective_amounts {
        header.push("Tiền thưởng (đồng)".into());
        widths = vec![13, 43, 20, 18, 20, 22, 29];
    }
    let collective_total: u64 = data.collective.iter().filter_map(|c| c.amount).sum();
    body.push(Block::Table(Table {
        caption: Some("Bảng 5. Xếp hạng tập thể".into()),
        header,
        rows: data
            .collective
            .iter()
            .enumerate()
            .map(|(index, c)| {
                let headcount = c.headcount.map(u64::from);
                let mut row = vec![
                    (index + 1).to_string(),
                    c.unit.clone(),
                    c.prize.clone(),
                    headcount_cell(headcount),
                    grouped(c.participants.into()),
                    share(c.participants.into(), headcount),
                ];
                if collective_amounts {
                    row.push(amount_cell(c.amount));
                }
                row
            })
            .collect(),
        widths,
        total_row: collective_amounts.then(|| vec!["Tổng cộng".to_owned(), grouped(collective_total)]),
    }));

    body.push(Block::Heading("5. Kinh phí khen thưởng".into()));
    let individual_total: u64 = data.rounds.iter().flat_map(|r| &r.winners).filter_map(|w| w.amount).sum();
    body.push(Block::Paragraph(format!(
        "{} Trong đó: giải cá nhân {}; giải tập thể {}.",
        amount_sentence("Tổng số tiền thưởng", individual_total + collective_total),
        money(individual_total),
        money(collective_total)
    )));

    // Evaluations and proposals are points, as such reports list them.
    body.push(Block::Heading("III. ĐÁNH GIÁ CHUNG".into()));
    if !data.strengths.is_empty() {
        body.push(Block::Heading("1. Ưu điểm".into()));
        body.push(Block::Bullets(data.strengths.clone()));
    }
    if !data.limitations.is_empty() {
        body.push(Block::Heading(format!("{}. Hạn chế", if data.strengths.is_empty() { 1 } else { 2 })));
        body.push(Block::Bullets(data.limitations.clone()));
    }
    if !data.proposals.is_empty() {
        body.push(Block::Heading("IV. ĐỀ XUẤT, KIẾN NGHỊ".into()));
        body.push(Block::Bullets(data.proposals.clone()));
    }
    body.push(Block::Paragraph(format!("Trên đây là Báo cáo tổng kết {} của {}./.", data.contest_name, data.issuer)));

    AdministrativeDocument {
        header: data.header.clone(),
        number: data.number.clone(),
        place_date: data.place_date.clone(),
        kind: "BÁO CÁO".into(),
        subject: format!("Tổng kết {}", data.contest_name),
        body,
        recipients: data.recipients.clone(),
        signature: data.signature.clone(),
        annexes: Vec::new(),
        draft: false,
    }
}

/// A legal basis punctuated as the decree asks: ";" at the end of each, "."
/// after the last.
fn punctuate(text: &str, last: bool) -> String {
    let text = text.trim().trim_end_matches([';', '.', ',']);
    format!("{text}{}", if last { "." } else { ";" })
}

/// Builds the draft award decision with its annex listing every award.
pub fn award_decision(data: &AwardDecisionData) -> AdministrativeDocument {
    let mut bases: Vec<String> = data.legal_bases.iter().filter(|b| !b.trim().is_empty()).cloned().collect();
    if bases.is_empty() {
        bases.push(format!("Căn cứ {}", data.plan_reference.trim()));
        bases.push(format!("Căn cứ kết quả {}", data.contest_name));
    }
    if !data.proposer.trim().is_empty() {
        bases.push(format!("Theo đề nghị của {}", data.proposer.trim()));
    }
    let mut body = vec![Block::Centered(data.authority.to_uppercase())];
    let last = bases.len() - 1;
    body.extend(bases.iter().enumerate().map(|(index, basis)| Block::Basis(punctuate(basis, index == last))));
    body.push(Block::Centered("QUYẾT ĐỊNH:".into()));

    let collective_total: u64 = data.collective.iter().map(|c| c.amount).sum();
    let individual_total: u64 = data.individuals.iter().map(|i| i.amount).sum();
    let total = collective_total + individual_total;
    let whom = match (data.collective.len(), data.individuals.len()) {
        (0, people) => format!("{} cá nhân", count(people as u64)),
        (units, 0) => format!("{} tập thể", count(units as u64)),
        (units, people) => format!("{} tập thể và {} cá nhân", count(units as u64), count(people as u64)),
    };
    body.push(Block::Article {
        number: 1,
        text: format!(
            "Khen thưởng {whom} đã đạt giải trong {}, mỗi tập thể, cá nhân được tặng Giấy chứng nhận kèm theo \
             tiền thưởng (có danh sách kèm theo).",
            data.contest_name
        ),
    });
    body.push(Block::Article {
        number: 2,
        text: format!(
            "Mức tiền thưởng theo quy định tại {}. {} Tiền thưởng được chi từ {}.",
            data.plan_reference.trim(),
            amount_sentence("Tổng số tiền thưởng", total),
            data.fund_source.trim().trim_end_matches('.')
        ),
    });
    let executors: Vec<&str> = data.executors.iter().map(|e| e.trim()).filter(|e| !e.is_empty()).collect();
    body.push(Block::Article {
        number: 3,
        text: if executors.is_empty() {
            "Quyết định này có hiệu lực kể từ ngày ký. Các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi \
             hành Quyết định này./."
                .to_owned()
        } else {
            format!(
                "Quyết định này có hiệu lực kể từ ngày ký. {} và các tập thể, cá nhân có tên tại Điều 1 chịu trách \
                 nhiệm thi hành Quyết định này./.",
                executors.join(", ")
            )
        },
    });

    let mut annex_body = Vec::new();
    if !data.collective.is_empty() {
        annex_body.push(Block::Heading("I. TẬP THỂ".into()));
        annex_body.push(Block::Table(Table {
            caption: None,
            header: strings(["STT", "Tên tập thể", "Giải", "Số tiền (đồng)"]),
            rows: data
                .collective
                .iter()
                .enumerate()
                .map(|(index, c)| vec![(index + 1).to_string(), c.unit.clone(), c.prize.clone(), grouped(c.amount)])
                .collect(),
            widths: vec![13, 82, 35, 35],
            total_row: Some(vec!["Cộng".into(), grouped(collective_total)]),
        }));
    }
    if !data.individuals.is_empty() {
        let section = if data.collective.is_empty() { "I" } else { "II" };
        annex_body.push(Block::Heading(format!("{section}. CÁ NHÂN")));
        annex_body.push(Block::Table(Table {
            caption: None,
            header: strings(["STT", "Họ và tên", "Đơn vị", "Giải", "Số tiền (đồng)"]),
            rows: data
                .individuals
                .iter()
                .enumerate()
                .map(|(index, i)| {
                    vec![
                        (index + 1).to_string(),
                        i.name.clone(),
                        i.organization.clone(),
                        i.prize.clone(),
                        grouped(i.amount),
                    ]
                })
                .collect(),
            widths: vec![13, 37, 47, 40, 28],
            total_row: Some(vec!["Cộng".into(), grouped(individual_total)]),
        }));
    }
    annex_body.push(Block::Heading(amount_sentence("Tổng số tiền thưởng", total)));

    AdministrativeDocument {
        header: data.header.clone(),
        number: data.number.clone(),
        place_date: data.place_date.clone(),
        kind: "QUYẾT ĐỊNH".into(),
        subject: format!("Về việc khen thưởng các tập thể, cá nhân đạt giải {}", data.contest_name),
        body,
        recipients: data.recipients.clone(),
        signature: data.signature.clone(),
        annexes: vec![Annex {
            title: "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG".into(),
            subtitle: format!(
                "(Kèm theo Quyết định số {} {} của {})",
                data.number.trim(),
                long_date(&data.place_date),
                data.decider.trim()
            ),
            body: annex_body,
        }],
        draft: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_end_with_semicolons_then_a_full_stop() {
        assert_eq!(punctuate("Căn cứ Kế hoạch số 10/KH-UBND.", false), "Căn cứ Kế hoạch số 10/KH-UBND;");
        assert_eq!(punctuate(" Theo đề nghị của Trưởng phòng Nội vụ;", true), "Theo đề nghị của Trưởng phòng Nội vụ.");
    }

    #[test]
    fn groups_add_up_units_and_leave_open_groups_without_a_share() {
        let unit = |name: &str, group: &str, headcount, participants| UnitParticipation {
            name: name.into(),
            group: group.into(),
            headcount,
            participants,
        };
        let units = [
            unit("UBND Phường 1", "Phường, xã", Some(40), 30),
            unit("Nhân dân", "Nhân dân", None, 12),
            unit("UBND Phường 2", "Phường, xã", Some(36), 27),
        ];
        let groups = group_totals(&units);
        assert_eq!(groups.len(), 2);
        assert_eq!((groups[0].units, groups[0].headcount, groups[0].participants), (2, Some(76), 57));
        assert_eq!(share(groups[0].counted_participants, groups[0].headcount), "75,0%");
        assert_eq!((groups[1].headcount, groups[1].participants), (None, 12));
        assert_eq!(share(groups[1].counted_participants, groups[1].headcount), NO_FIGURE);
    }
}
