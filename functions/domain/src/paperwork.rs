//! What the committee's documents and certificates need that the rest of
//! the contest does not: who issues them and signs them, to whom they go,
//! and the prize money.

use serde::{Deserialize, Serialize};

/// The issuing body and the signature block of the committee's documents
/// (Nghị định 30/2020/NĐ-CP), and the wording of the award decision.
/// Every field may stay empty: the documents then leave a blank for the
/// clerk to fill.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Paperwork {
    /// The governing body above the issuer, upper case: "UBND THỊ XÃ QUẢNG TRỊ".
    #[schema(max_length = 200)]
    pub parent_body: String,
    /// The issuer: "BAN TỔ CHỨC CUỘC THI".
    #[schema(max_length = 200)]
    pub issuing_body: String,
    /// Where documents are dated: "Quảng Trị".
    #[schema(max_length = 100)]
    pub place: String,
    /// The contest as running text names it; the title when empty.
    #[schema(max_length = 500)]
    pub contest_name: String,
    /// "Kế hoạch số …/KH-UBND ngày … của UBND thị xã Quảng Trị".
    #[schema(max_length = 500)]
    pub plan_reference: String,
    /// "TM. BAN TỔ CHỨC".
    #[schema(max_length = 100)]
    pub signer_authority: String,
    /// "TRƯỞNG BAN".
    #[schema(max_length = 100)]
    pub signer_title: String,
    #[schema(max_length = 100)]
    pub signer_name: String,
    /// "Nơi nhận" of notices and reports ("Thường trực Thị ủy", …).
    #[schema(max_items = 30)]
    pub recipients: Vec<String>,
    /// The award decision's authority, upper case: "CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ XÃ QUẢNG TRỊ".
    #[schema(max_length = 200)]
    pub decision_authority: String,
    /// The same in running text: "Chủ tịch UBND thị xã Quảng Trị".
    #[schema(max_length = 200)]
    pub decider: String,
    /// Whose proposal the decision follows: "Trưởng phòng Nội vụ".
    #[schema(max_length = 200)]
    pub proposer: String,
    /// "kinh phí tổ chức Cuộc thi từ nguồn ngân sách thị xã năm 2022".
    #[schema(max_length = 500)]
    pub fund_source: String,
    /// Who carries out the decision (Article 3).
    #[schema(max_items = 20)]
    pub executors: Vec<String>,
}

/// Prize money in đồng; zero: no money for that prize.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PrizeAmounts {
    /// Per weekly individual prize.
    pub first: u64,
    pub second: u64,
    pub third: u64,
    /// Collective prizes, by rank (first, second, …).
    #[schema(max_items = 20)]
    pub collective: Vec<u64>,
}

impl PrizeAmounts {
    pub fn individual(&self, prize: crate::winners::Prize) -> u64 {
        match prize {
            crate::winners::Prize::First => self.first,
            crate::winners::Prize::Second => self.second,
            crate::winners::Prize::Third => self.third,
        }
    }

    /// The collective prize of the unit ranked `rank` (1-based), if any.
    pub fn collective_at(&self, rank: usize) -> Option<u64> {
        rank.checked_sub(1).and_then(|i| self.collective.get(i)).copied().filter(|amount| *amount > 0)
    }
}

/// Problems with the paperwork settings, by field.
pub fn check_paperwork(paperwork: &Paperwork, amounts: &PrizeAmounts) -> Vec<String> {
    let mut problems = Vec::new();
    let texts = [
        ("paperwork.parent_body", &paperwork.parent_body, 200),
        ("paperwork.issuing_body", &paperwork.issuing_body, 200),
        ("paperwork.place", &paperwork.place, 100),
        ("paperwork.contest_name", &paperwork.contest_name, 500),
        ("paperwork.plan_reference", &paperwork.plan_reference, 500),
        ("paperwork.signer_authority", &paperwork.signer_authority, 100),
        ("paperwork.signer_title", &paperwork.signer_title, 100),
        ("paperwork.signer_name", &paperwork.signer_name, 100),
        ("paperwork.decision_authority", &paperwork.decision_authority, 200),
        ("paperwork.decider", &paperwork.decider, 200),
        ("paperwork.proposer", &paperwork.proposer, 200),
        ("paperwork.fund_source", &paperwork.fund_source, 500),
    ];
    for (field, value, max) in texts {
        if value.chars().count() > max {
            problems.push(format!("{field}: tối đa {max} ký tự"));
        }
        if value.chars().any(char::is_control) {
            problems.push(format!("{field}: không được chứa ký tự điều khiển"));
        }
    }
    for (field, list, max_items) in
        [("paperwork.recipients", &paperwork.recipients, 30), ("paperwork.executors", &paperwork.executors, 20)]
    {
        if list.len() > max_items {
            problems.push(format!("{field}: tối đa {max_items} dòng"));
        }
        if list.iter().any(|line| line.chars().count() > 300 || line.chars().any(char::is_control)) {
            problems.push(format!("{field}: mỗi dòng tối đa 300 ký tự, không xuống dòng"));
        }
    }
    const MAX_AMOUNT: u64 = 1_000_000_000;
    if [amounts.first, amounts.second, amounts.third].iter().chain(&amounts.collective).any(|a| *a > MAX_AMOUNT) {
        problems.push("prize_amounts: mỗi mức thưởng tối đa 1.000.000.000 đồng".into());
    }
    if amounts.collective.len() > 20 {
        problems.push("prize_amounts.collective: tối đa 20 mức".into());
    }
    problems
}
