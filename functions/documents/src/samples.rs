//! Sample data for the examples, the tests and the screenshots in docs/:
//! the 2022 online contest "Tìm hiểu cải cách hành chính" of Quảng Trị town
//! as its plan describes it (rounds, units and their groups, prizes and
//! amounts, the funding source, who advises whom). The units are those of
//! contests/cchc-2022.json. Every person's name, every result and every
//! count is made up; document numbers and dates the plan does not give are
//! left blank ("…") as a clerk would leave them.

use chrono::{NaiveDate, NaiveDateTime};

use crate::builders::{
    AwardDecisionData, CollectiveAward, CollectiveResult, FinalReportData, IndividualAward, RoundSummary, ScoreBand,
    UnitParticipation, WeeklyNoticeData, Winner,
};
use crate::certificate::Certificate;
use crate::format::{duration, ordinal};
use crate::model::{IssuingHeader, PlaceDate, Signature};

pub const CONTEST_NAME: &str =
    "Cuộc thi trắc nghiệm trực tuyến “Tìm hiểu cải cách hành chính” thị xã Quảng Trị năm 2022";
pub const PLAN_REFERENCE: &str = "Kế hoạch số …/KH-UBND ngày …/10/2022 của UBND thị xã Quảng Trị về tổ chức Cuộc thi \
                                  trắc nghiệm trực tuyến “Tìm hiểu cải cách hành chính” thị xã Quảng Trị năm 2022";
const PLACE: &str = "Quảng Trị";
const QUESTIONS: u32 = 20;

/// The prize money per individual prize, from the plan (IV.2).
const INDIVIDUAL_PRIZES: [(&str, u64); 3] = [("Giải Nhất", 500_000), ("Giải Nhì", 300_000), ("Giải Ba", 200_000)];
/// The collective prizes (IV.1).
const COLLECTIVE_PRIZES: [(&str, u64); 3] = [("Giải Nhất", 1_000_000), ("Giải Nhì", 600_000), ("Giải Ba", 400_000)];

fn at(year: i32, month: u32, day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(year, month, day).and_then(|d| d.and_hms_opt(hour, 0, 0)).expect("a valid sample date")
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid sample date")
}

/// The committee, as the notices and the report are headed.
pub fn committee_header() -> IssuingHeader {
    IssuingHeader { parent_body: "UBND THỊ XÃ QUẢNG TRỊ".into(), body: "BAN TỔ CHỨC CUỘC THI".into() }
}

/// The town's People's Committee, which decides the awards and whose
/// chairman's certificates the plan promises.
pub fn town_header() -> IssuingHeader {
    IssuingHeader { parent_body: String::new(), body: "ỦY BAN NHÂN DÂN\nTHỊ XÃ QUẢNG TRỊ".into() }
}

pub fn committee_signature() -> Signature {
    Signature {
        authority: Some("TM. BAN TỔ CHỨC".into()), title: "TRƯỞNG BAN".into(), name: "Lê Quang Hưng".into()
    }
}

pub fn town_signature() -> Signature {
    Signature {
        authority: Some("KT. CHỦ TỊCH".into()), title: "PHÓ CHỦ TỊCH".into(), name: "Lê Quang Hưng".into()
    }
}

/// The three weeks the plan schedules (III.1), local time.
pub fn round_periods() -> [(NaiveDateTime, NaiveDateTime); 3] {
    [
        (at(2022, 10, 17, 8), at(2022, 10, 23, 22)),
        (at(2022, 10, 24, 8), at(2022, 10, 30, 22)),
        (at(2022, 10, 31, 8), at(2022, 11, 6, 22)),
    ]
}

/// (name, unit, correct answers, time in ms) of each week's three winners.
const WINNERS: [[(&str, &str, u32, u64); 3]; 3] = [
    [
        ("Nguyễn Thị Ánh Tuyết", "Phòng Nội vụ", 20, 402_300),
        ("Trần Quốc Huy", "UBND Phường 2", 20, 435_800),
        ("Lê Thị Thu Hà", "Các trường tiểu học thuộc thị xã", 20, 483_100),
    ],
    [
        ("Hoàng Văn Nam", "Phòng Tư pháp", 20, 358_600),
        ("Phan Thị Mỹ Linh", "UBND Phường An Đôn", 20, 380_400),
        ("Võ Đình Khánh", "Trung tâm Văn hóa Thông tin – Thể dục Thể thao thị xã", 20, 464_900),
    ],
    [
        ("Đặng Thị Hồng Nhung", "UBND Xã Hải Lệ", 20, 331_700),
        ("Ngô Minh Tuấn", "Phòng Tài chính – Kế hoạch", 20, 362_200),
        ("Bùi Thị Phương Thảo", "Các trường trung học cơ sở thuộc thị xã", 19, 312_500),
    ],
];

/// (participants, attempts) of each week.
const ROUND_FIGURES: [(u32, u32); 3] = [(412, 586), (468, 655), (503, 712)];

/// A week's winners with the plan's prize money.
pub fn winners(week: usize) -> Vec<Winner> {
    WINNERS[week]
        .iter()
        .zip(INDIVIDUAL_PRIZES)
        .map(|((name, unit, score, duration_ms), (prize, amount))| Winner {
            name: (*name).into(),
            organization: (*unit).into(),
            prize: prize.into(),
            score: *score,
            max_score: QUESTIONS,
            duration_ms: *duration_ms,
            amount: Some(amount),
        })
        .collect()
}

/// Units of contests/cchc-2022.json: (name, group, headcount, participants).
const UNITS: [(&str, &str, Option<u32>, u32); 29] = [
    ("UBND Phường 1", "Phường, xã", Some(40), 37),
    ("UBND Phường 2", "Phường, xã", Some(36), 35),
    ("UBND Phường 3", "Phường, xã", Some(32), 27),
    ("UBND Phường An Đôn", "Phường, xã", Some(28), 28),
    ("UBND Xã Hải Lệ", "Phường, xã", Some(34), 33),
    ("Phòng Nội vụ", "Cơ quan chuyên môn", Some(8), 8),
    ("Phòng Văn hóa và Thông tin", "Cơ quan chuyên môn", Some(7), 7),
    ("Phòng Tài chính – Kế hoạch", "Cơ quan chuyên môn", Some(10), 9),
    ("Phòng Tư pháp", "Cơ quan chuyên môn", Some(6), 6),
    ("Văn phòng HĐND và UBND thị xã", "Cơ quan chuyên môn", Some(18), 16),
    ("Phòng Kinh tế", "Cơ quan chuyên môn", Some(9), 7),
    ("Phòng Quản lý đô thị", "Cơ quan chuyên môn", Some(10), 8),
    ("Phòng Tài nguyên và Môi trường", "Cơ quan chuyên môn", Some(8), 6),
    ("Phòng Giáo dục và Đào tạo", "Cơ quan chuyên môn", Some(12), 12),
    ("Phòng Lao động – Thương binh và Xã hội", "Cơ quan chuyên môn", Some(8), 7),
    ("Thanh tra thị xã", "Cơ quan chuyên môn", Some(6), 5),
    ("Trung tâm Văn hóa Thông tin – Thể dục Thể thao thị xã", "Đơn vị sự nghiệp", Some(16), 15),
    ("Ban Quản lý dự án đầu tư xây dựng thị xã", "Đơn vị sự nghiệp", Some(12), 9),
    ("Các trường mầm non thuộc thị xã", "Đơn vị sự nghiệp", Some(110), 96),
    ("Các trường tiểu học thuộc thị xã", "Đơn vị sự nghiệp", Some(120), 113),
    ("Các trường trung học cơ sở thuộc thị xã", "Đơn vị sự nghiệp", Some(100), 91),
    ("Ủy ban MTTQ Việt Nam thị xã", "Mặt trận, đoàn thể", Some(8), 6),
    ("Thị đoàn (Đoàn TNCS Hồ Chí Minh thị xã)", "Mặt trận, đoàn thể", Some(5), 5),
    ("Hội Liên hiệp Phụ nữ thị xã", "Mặt trận, đoàn thể", Some(5), 4),
    ("Hội Nông dân thị xã", "Mặt trận, đoàn thể", Some(5), 3),
    ("Hội Cựu chiến binh thị xã", "Mặt trận, đoàn thể", Some(4), 2),
    ("Liên đoàn Lao động thị xã", "Mặt trận, đoàn thể", Some(4), 0),
    ("Doanh nghiệp trên địa bàn", "Doanh nghiệp", None, 21),
    ("Nhân dân", "Nhân dân", None, 94),
];

pub fn units() -> Vec<UnitParticipation> {
    UNITS
        .iter()
        .map(|(name, group, headcount, participants)| UnitParticipation {
            name: (*name).into(),
            group: (*group).into(),
            headcount: *headcount,
            participants: *participants,
        })
        .collect()
}

const RANKING_RULE: &str = "Kết quả được xếp theo số câu trả lời đúng (từ cao xuống thấp); nếu bằng nhau thì xét thời \
     gian làm bài ít hơn; nếu vẫn bằng nhau thì xét dự đoán gần đúng nhất với số người trả lời đúng tất cả các câu \
     hỏi; cuối cùng xét thời điểm nộp bài sớm hơn. Mỗi người được thi tối đa 02 lượt trong tuần, kết quả cao nhất \
     được dùng để xét giải; người đã đạt giải ở tuần trước không được xét giải ở các tuần sau.";

/// The notice of the first week's results.
pub fn weekly_notice_data() -> WeeklyNoticeData {
    let [(opens_at, closes_at), (next_opens, next_closes), _] = round_periods();
    let (participants, attempts) = ROUND_FIGURES[0];
    WeeklyNoticeData {
        header: committee_header(),
        number: "…/TB-BTC".into(),
        place_date: PlaceDate::on(PLACE, date(2022, 10, 25)),
        issuer: "Ban Tổ chức Cuộc thi".into(),
        contest_name: CONTEST_NAME.into(),
        plan_reference: Some(PLAN_REFERENCE.into()),
        round_number: 1,
        opens_at,
        closes_at,
        participants,
        attempts,
        units_with_participants: 26,
        units_total: UNITS.len() as u32,
        ranking_rule: RANKING_RULE.into(),
        winners: winners(0),
        next_steps: vec![
            "Các cá nhân đạt giải liên hệ Phòng Văn hóa và Thông tin thị xã (cơ quan thường trực của Ban Tổ chức) \
             để được hướng dẫn nhận Giấy chứng nhận và tiền thưởng; Giấy chứng nhận và tiền thưởng được trao tại \
             buổi tổng kết Cuộc thi trong tháng 11/2022."
                .into(),
            format!(
                "Tuần thi thứ {} diễn ra {}. Đề nghị các cơ quan, đơn vị, UBND các phường, xã tiếp tục tuyên truyền, \
                 vận động cán bộ, công chức, viên chức, người lao động và Nhân dân tích cực tham gia.",
                ordinal(2),
                crate::format::period(next_opens, next_closes)
            ),
        ],
        recipients: vec![
            "Thường trực Thị ủy, HĐND thị xã (b/c)".into(),
            "Chủ tịch, các PCT UBND thị xã".into(),
            "Các cơ quan, đơn vị thuộc UBND thị xã".into(),
            "UBND các phường, xã".into(),
            "Cổng thông tin điện tử thị xã (đăng tải)".into(),
            "Lưu: VT, BTC".into(),
        ],
        signature: committee_signature(),
    }
}

/// The final report after the third week.
pub fn final_report_data() -> FinalReportData {
    let units = units();
    let rounds = round_periods()
        .into_iter()
        .enumerate()
        .map(|(index, (opens_at, closes_at))| RoundSummary {
            number: index as u32 + 1,
            opens_at,
            closes_at,
            participants: ROUND_FIGURES[index].0,
            attempts: ROUND_FIGURES[index].1,
            winners: winners(index),
        })
        .collect();
    let find = |name: &str| units.iter().find(|u| u.name == name).expect("a sample unit");
    let ranked = ["Phòng Nội vụ", "Phòng Tư pháp", "UBND Phường An Đôn", "Phòng Giáo dục và Đào tạo"];
    let collective = ranked
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let unit = find(name);
            let prize = COLLECTIVE_PRIZES.get(index);
            CollectiveResult {
                unit: unit.name.clone(),
                prize: prize.map(|p| p.0.to_owned()).unwrap_or_default(),
                headcount: unit.headcount,
                participants: unit.participants,
                amount: prize.map(|p| p.1),
            }
        })
        .collect();
    FinalReportData {
        header: committee_header(),
        number: "…/BC-BTC".into(),
        place_date: PlaceDate::blank(PLACE, 2022),
        issuer: "Ban Tổ chức Cuộc thi".into(),
        contest_name: CONTEST_NAME.into(),
        introduction: vec![
            "Thực hiện Kế hoạch của UBND thị xã, Ban Tổ chức Cuộc thi đã ban hành Thể lệ, xây dựng bộ câu hỏi - đáp \
             án và phối hợp với Văn phòng HĐND và UBND thị xã tích hợp Cuộc thi trên Cổng thông tin điện tử thị xã; \
             Cuộc thi được phát động từ ngày 14/10/2022 và tuyên truyền rộng rãi trên Cổng thông tin điện tử, trang \
             thông tin điện tử của các phường, xã, Fanpage của Phòng Văn hóa và Thông tin và Trung tâm Văn hóa Thông \
             tin – Thể dục Thể thao thị xã."
                .into(),
            "Mỗi lượt thi gồm 20 câu hỏi trắc nghiệm chọn ngẫu nhiên từ ngân hàng câu hỏi, thời gian làm bài 30 phút; \
             hệ thống tự động chấm điểm, xếp hạng và lưu toàn bộ kết quả."
                .into(),
        ],
        total_participants: UNITS.iter().map(|u| u.3).sum(),
        total_attempts: ROUND_FIGURES.iter().map(|r| r.1).sum(),
        units,
        rounds,
        score_distribution: [
            ("20/20 câu đúng", 388),
            ("Từ 18 đến 19 câu đúng", 612),
            ("Từ 15 đến 17 câu đúng", 571),
            ("Từ 10 đến 14 câu đúng", 311),
            ("Dưới 10 câu đúng", 71),
        ]
        .into_iter()
        .map(|(label, attempts)| ScoreBand { label: label.into(), attempts })
        .collect(),
        collective_rule: "Giải tập thể được xét theo tỷ lệ số người dự thi trên tổng số người của cơ quan, đơn vị; \
                          nếu bằng nhau thì xét đơn vị có nhiều cá nhân đạt giải cao hơn, sau đó đến đơn vị hoàn \
                          thành sớm hơn. Nhóm Doanh nghiệp và Nhân dân không có danh sách nên không xét giải tập thể."
            .into(),
        collective,
        strengths: vec![
            "Cuộc thi được các cơ quan, đơn vị, UBND các phường, xã quan tâm triển khai; nhiều đơn vị có 100% cán \
             bộ, công chức tham gia. Hình thức thi trực tuyến thuận tiện, tiết kiệm, kết quả được công khai, minh \
             bạch."
                .into(),
        ],
        limitations: vec![
            "Một số đơn vị có tỷ lệ tham gia còn thấp; số lượt thi tập trung vào những ngày cuối của mỗi tuần thi."
                .into(),
        ],
        proposals: vec![
            "Đề nghị UBND thị xã khen thưởng các tập thể, cá nhân đạt giải theo Kế hoạch và tiếp tục tổ chức Cuộc \
             thi trong các năm tiếp theo."
                .into(),
        ],
        recipients: vec![
            "Thường trực Thị ủy (b/c)".into(),
            "Thường trực HĐND thị xã (b/c)".into(),
            "Chủ tịch, các PCT UBND thị xã".into(),
            "Thành viên Ban Tổ chức".into(),
        ],
        signature: committee_signature(),
    }
}

/// The draft decision awarding the week winners and the three units.
pub fn award_decision_data() -> AwardDecisionData {
    let report = final_report_data();
    let individuals = (0..3)
        .flat_map(|week| {
            winners(week).into_iter().map(move |w| IndividualAward {
                prize: format!("{} – Tuần thi thứ {}", w.prize, ordinal(week as u32 + 1)),
                amount: w.amount.unwrap_or(0),
                name: w.name,
                organization: w.organization,
            })
        })
        .collect();
    let collective = report
        .collective
        .iter()
        .filter_map(|c| Some(CollectiveAward { unit: c.unit.clone(), prize: c.prize.clone(), amount: c.amount? }))
        .collect();
    AwardDecisionData {
        header: town_header(),
        number: "…/QĐ-UBND".into(),
        place_date: PlaceDate::blank(PLACE, 2022),
        contest_name: CONTEST_NAME.into(),
        authority: "CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG TRỊ".into(),
        decider: "Chủ tịch UBND thị xã Quảng Trị".into(),
        legal_bases: vec![
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều \
             của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019"
                .into(),
            "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số điều của Luật \
             Thi đua, Khen thưởng ngày 16 tháng 11 năm 2013"
                .into(),
            format!("Căn cứ {PLAN_REFERENCE}"),
            "Căn cứ Báo cáo tổng kết Cuộc thi của Ban Tổ chức Cuộc thi".into(),
        ],
        plan_reference: PLAN_REFERENCE.into(),
        proposer: "Trưởng phòng Nội vụ thị xã".into(),
        collective,
        individuals,
        fund_source: "nguồn ngân sách thị xã năm 2022 bố trí cho Cuộc thi".into(),
        executors: vec![
            "Chánh Văn phòng HĐND và UBND thị xã".into(),
            "Trưởng phòng Nội vụ".into(),
            "Trưởng phòng Tài chính – Kế hoạch".into(),
            "Trưởng phòng Văn hóa và Thông tin".into(),
            "Trưởng Ban Tổ chức Cuộc thi".into(),
        ],
        recipients: vec!["Như Điều 3".into(), "Chủ tịch, các PCT UBND thị xã".into(), "Lưu: VT, NV".into()],
        signature: town_signature(),
    }
}

/// Verification codes of the sample certificates (made up; the platform
/// issues its own).
const CODES: [&str; 9] = [
    "7K3M-9PQ2-XW4T-R8ZD",
    "H2VN-4C8J-QM7R-T1XE",
    "P9DW-6F3K-ZB2N-M5QA",
    "B4TR-8X1M-WK6P-C3VH",
    "N7QE-2J5D-RH9F-X4MT",
    "C6ZK-1W8V-TQ3B-N2PJ",
    "R5HM-7D2X-KC4W-Q8FT",
    "W1PB-3N9Q-EV6K-H7ZR",
    "F8XJ-5T4C-MR1D-B9WN",
];

fn verify_url(code: &str) -> String {
    format!("https://cuocthi.example.vn/?verify={}", code.replace('-', ""))
}

/// The certificates of every week winner, signed for the town's chairman.
pub fn winner_certificates() -> Vec<Certificate> {
    (0..3)
        .flat_map(|week| winners(week).into_iter().map(move |w| (week, w)))
        .zip(CODES)
        .map(|((week, w), code)| Certificate {
            issuing_header: town_header(),
            contest_title: CONTEST_NAME.into(),
            recipient: w.name,
            organization: w.organization,
            award: format!("{} – Tuần thi thứ {}", w.prize, ordinal(week as u32 + 1)).to_uppercase(),
            detail: format!(
                "Trả lời đúng {}/{} câu hỏi, thời gian làm bài {}",
                w.score,
                w.max_score,
                duration(w.duration_ms)
            ),
            place_date: PlaceDate::on(PLACE, date(2022, 11, 25)),
            signature: town_signature(),
            verify_url: verify_url(code),
            verify_code: code.into(),
        })
        .collect()
}
