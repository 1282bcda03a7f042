//! The three documents read back from their .docx bytes: the layout Decree
//! 30/2020/NĐ-CP asks for, and every figure and name of the data in place.
//! Expectations are computed from the sample data, not copied from output.

mod common;

use chrono::Datelike;
use contest_documents::format::{grouped, money, money_in_words};
use contest_documents::{
    award_decision, final_report, render_docx, samples, weekly_notice, AdministrativeDocument, Block, DocumentError,
    IssuingHeader, PlaceDate, Signature, Table, FONT_NAME,
};

use common::{read, WordDoc};

const MOTTO_COUNTRY: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// What every document shares: A4 portrait, margins in the decree's
/// ranges, Times New Roman at 13–14 pt, the motto block, the header, the
/// number, the place and date, the kind and the closing block.
fn check_common_layout(word: &WordDoc, doc: &AdministrativeDocument) {
    assert_eq!(word.page_size.get("w").map(String::as_str), Some("11906"), "A4 width");
    assert_eq!(word.page_size.get("h").map(String::as_str), Some("16838"), "A4 height");
    assert_ne!(word.page_size.get("orient").map(String::as_str), Some("landscape"));
    for (side, range) in [("top", 20.0..=25.0), ("bottom", 20.0..=25.0), ("left", 30.0..=35.0), ("right", 15.0..=20.0)]
    {
        let mm = word.margin_mm(side);
        assert!(range.contains(&(mm.round())), "{side} margin {mm:.1} mm outside {range:?}");
    }
    assert_eq!(word.default_font.as_deref(), Some(FONT_NAME));
    assert!(matches!(word.default_size, Some(26..=28)), "body size {:?} half-points", word.default_size);

    for motto in [MOTTO_COUNTRY, MOTTO] {
        let line = word.paragraph(motto).unwrap_or_else(|| panic!("no motto line {motto}"));
        assert_eq!(line.bold, motto, "the motto is bold");
        assert_eq!(line.align.as_deref(), Some("center"));
        assert!(line.in_table, "the motto sits in the header table");
    }
    for line in doc.header.body.lines() {
        let upper = line.trim().to_uppercase();
        let p = word.paragraph(&upper).unwrap_or_else(|| panic!("no issuing body line {upper}"));
        assert_eq!(p.bold, upper, "the issuing body is bold");
    }
    for line in doc.header.parent_body.lines().filter(|l| !l.trim().is_empty()) {
        let p = word.paragraph(&line.trim().to_uppercase()).expect("the managing body");
        assert!(p.bold.is_empty(), "the managing body is not bold");
    }
    // Short lines under the issuing body, the motto and the subject.
    assert!(word.paragraphs.iter().filter(|p| p.bordered && p.text.is_empty()).count() >= 3);

    assert!(word.paragraph(&format!("Số: {}", doc.number)).is_some(), "Số: {}", doc.number);
    let date = &doc.place_date;
    let expected_date = match date.date {
        Some(d) => format!("{}, ngày {:02} tháng {} năm {}", date.place, d.day(), d.month(), d.year()),
        None => format!("{}, ngày … tháng … năm {}", date.place, date.year),
    };
    let date_line = word.paragraph(&expected_date).unwrap_or_else(|| panic!("no date line {expected_date}"));
    assert_eq!(date_line.italic, expected_date, "the place and date are in italics");

    let kind = word.paragraph(&doc.kind).expect("the kind");
    assert_eq!((kind.bold.as_str(), kind.align.as_deref()), (doc.kind.as_str(), Some("center")));
    let subject = word.paragraph(&doc.subject).expect("the subject");
    assert_eq!(subject.bold, doc.subject);

    let to = word.paragraph("Nơi nhận:").expect("Nơi nhận:");
    assert_eq!((to.bold.as_str(), to.italic.as_str()), ("Nơi nhận:", "Nơi nhận:"), "bold italic");
    let recipients: Vec<&str> = word
        .paragraphs
        .iter()
        .skip_while(|p| p.text != "Nơi nhận:")
        .skip(1)
        .take_while(|p| p.text.starts_with("- "))
        .map(|p| p.text.as_str())
        .collect();
    let last = recipients.last().expect("recipients");
    assert!(last.starts_with("- Lưu: VT") && last.ends_with('.'), "{last}");
    assert!(recipients[..recipients.len() - 1].iter().all(|r| r.ends_with(';')), "{recipients:?}");
    for given in &doc.recipients {
        let given = given.trim_end_matches(['.', ';']);
        assert!(recipients.iter().any(|r| r.contains(given)), "recipient {given} missing from {recipients:?}");
    }

    let signature = &doc.signature;
    for line in signature.authority.iter().chain([&signature.title]) {
        assert_eq!(word.paragraph(line).map(|p| p.bold.as_str()), Some(line.as_str()), "{line}");
    }
    let name = word.paragraph(&signature.name).expect("the signer's name");
    assert_eq!(name.bold, signature.name);

    // Page numbers from the second page: a PAGE field in the default header,
    // an empty first-page header.
    assert!(word.title_page, "a different first page");
    assert!(word.header_xml.iter().any(|xml| xml.contains("PAGE")), "a page number field");
    assert!(word.headers.iter().any(|text| text.trim().is_empty()), "an empty first-page header");
}

#[test]
fn weekly_notice_lists_the_round_and_every_winner() {
    let data = samples::weekly_notice_data();
    let doc = weekly_notice(&data);
    let word = read(&render_docx(&doc).expect("renders"));
    check_common_layout(&word, &doc);
    assert_eq!(doc.kind, "THÔNG BÁO");
    assert!(doc.subject.starts_with("Kết quả Tuần thi thứ nhất") && doc.subject.ends_with(&data.contest_name));

    let text = word.all_text();
    assert!(text.contains("từ 08h00 ngày 17/10/2022 đến 22h00 ngày 23/10/2022"), "the round's period");
    assert!(text.contains(&format!("{} người dự thi", grouped(data.participants.into()))));
    assert!(text.contains(&format!("{} lượt thi", grouped(data.attempts.into()))));
    assert!(text.contains(&format!("{}/{}", data.units_with_participants, data.units_total)));
    assert!(text.contains(data.ranking_rule.trim()));
    for step in &data.next_steps {
        assert!(text.contains(step.trim()), "next step {step}");
    }

    let header = word.row_with(&["STT", "Họ và tên", "Đơn vị", "Giải", "Điểm", "Thời gian làm bài"]).expect("winners");
    assert_eq!(header.last().map(String::as_str), Some("Tiền thưởng (đồng)"));
    for (index, w) in data.winners.iter().enumerate() {
        let rank = (index + 1).to_string();
        let score = format!("{}/{}", w.score, w.max_score);
        let row = word
            .row_with(&[&rank, &w.name, &w.organization, &w.prize, &score])
            .unwrap_or_else(|| panic!("no row for {}", w.name));
        assert_eq!(row.last(), Some(&grouped(w.amount.unwrap())));
    }
    let total: u64 = data.winners.iter().filter_map(|w| w.amount).sum();
    assert!(word.row_with(&["Tổng cộng", &grouped(total)]).is_some(), "the total row");
    assert!(text.contains(&format!("{} (Bằng chữ: {})", money(total), money_in_words(total))));
}

#[test]
fn final_report_adds_up_units_groups_rounds_and_prizes() {
    let data = samples::final_report_data();
    let doc = final_report(&data);
    let word = read(&render_docx(&doc).expect("renders"));
    check_common_layout(&word, &doc);
    assert_eq!(doc.kind, "BÁO CÁO");

    assert!(word.row_with(&["STT", "Đơn vị", "Nhóm", "Số người", "Số người dự thi", "Tỷ lệ %"]).is_some());
    for unit in &data.units {
        let participants = unit.participants.to_string();
        let row = word.row_with(&[&unit.name, &unit.group, &participants]).unwrap_or_else(|| panic!("{}", unit.name));
        match unit.headcount {
            Some(headcount) => {
                let tenths = (u64::from(unit.participants) * 1000 + u64::from(headcount) / 2) / u64::from(headcount);
                assert_eq!(row[5], format!("{},{}%", tenths / 10, tenths % 10), "{}", unit.name);
            }
            None => assert_eq!((row[3].as_str(), row[5].as_str()), ("-", "-"), "open group {}", unit.name),
        }
    }
    let headcount: u32 = data.units.iter().filter_map(|u| u.headcount).sum();
    let participants: u32 = data.units.iter().map(|u| u.participants).sum();
    let unit_total =
        word.row_with(&["Tổng cộng", &grouped(headcount.into()), &grouped(participants.into())]).expect("unit total");
    assert_eq!(unit_total.len(), 4, "'Tổng cộng' spans STT, Đơn vị and Nhóm");

    let mut groups: Vec<&str> = data.units.iter().map(|u| u.group.as_str()).collect();
    groups.dedup();
    for group in groups {
        let units = data.units.iter().filter(|u| u.group == group);
        let count = units.clone().count().to_string();
        let sum: u32 = units.map(|u| u.participants).sum();
        assert!(word.row_with(&[group, &count, &grouped(sum.into())]).is_some(), "group {group}");
    }

    for round in &data.rounds {
        assert!(
            word.row_with(&[&grouped(round.participants.into()), &grouped(round.attempts.into())]).is_some(),
            "round {}",
            round.number
        );
        for w in &round.winners {
            assert!(word.row_with(&[&w.name, &w.organization, &w.prize]).is_some(), "winner {}", w.name);
        }
    }
    let attempts: u32 = data.score_distribution.iter().map(|b| b.attempts).sum();
    assert_eq!(attempts, data.total_attempts, "the sample's distribution covers every attempt");
    for band in &data.score_distribution {
        assert!(word.row_with(&[&band.label, &grouped(band.attempts.into())]).is_some(), "{}", band.label);
    }
    for c in &data.collective {
        assert!(word.row_with(&[&c.unit, &c.prize]).is_some(), "collective {}", c.unit);
    }

    let individual: u64 = data.rounds.iter().flat_map(|r| &r.winners).filter_map(|w| w.amount).sum();
    let collective: u64 = data.collective.iter().filter_map(|c| c.amount).sum();
    let text = word.all_text();
    let total = individual + collective;
    assert!(text.contains(&format!("Tổng số tiền thưởng: {} (Bằng chữ: {})", money(total), money_in_words(total))));
    assert!(text.contains(&format!("giải cá nhân {}", money(individual))));
    assert!(text.contains(&format!("giải tập thể {}", money(collective))));
    for paragraph in &data.introduction {
        assert!(word.paragraph(paragraph.trim()).is_some(), "{paragraph}");
    }
    for point in data.strengths.iter().chain(&data.limitations).chain(&data.proposals) {
        assert!(word.paragraph(&format!("- {}", point.trim())).is_some(), "a bullet: {point}");
    }
}

#[test]
fn award_decision_is_a_draft_with_bases_articles_and_an_annex() {
    let data = samples::award_decision_data();
    let doc = award_decision(&data);
    let word = read(&render_docx(&doc).expect("renders"));
    check_common_layout(&word, &doc);
    assert_eq!(doc.kind, "QUYẾT ĐỊNH");
    let mark = word.paragraph("DỰ THẢO").expect("marked as a draft");
    assert!(mark.bordered && mark.bold == "DỰ THẢO");

    assert_eq!(word.paragraph(&data.authority).map(|p| p.bold.as_str()), Some(data.authority.as_str()));
    let bases: Vec<_> = word
        .paragraphs
        .iter()
        .take_while(|p| p.text != "QUYẾT ĐỊNH:")
        .filter(|p| !p.italic.is_empty() && !p.in_table)
        .collect();
    assert!(bases.iter().all(|p| p.italic == p.text), "the bases are in italics");
    let last = bases.last().expect("bases");
    assert!(last.text.starts_with("Theo đề nghị của") && last.text.ends_with('.'), "{}", last.text);
    assert_eq!(bases.len(), data.legal_bases.len() + 1, "every basis and the proposal");
    assert!(bases[..bases.len() - 1].iter().all(|p| p.text.starts_with("Căn cứ") && p.text.ends_with(';')));
    assert_eq!(word.paragraph("QUYẾT ĐỊNH:").map(|p| p.bold.as_str()), Some("QUYẾT ĐỊNH:"));
    for article in 1..=3 {
        let label = format!("Điều {article}. ");
        let p = word.paragraphs.iter().find(|p| p.text.starts_with(&label)).unwrap_or_else(|| panic!("{label}"));
        assert_eq!(p.bold, label);
    }
    let article1 = word.paragraph_containing("Điều 1.").unwrap();
    assert!(article1.text.contains(&format!(
        "{:02} tập thể và {:02} cá nhân",
        data.collective.len(),
        data.individuals.len()
    )));
    assert!(article1.text.contains("(có danh sách kèm theo)"));
    let article3 = word.paragraph_containing("Điều 3.").unwrap();
    assert!(data.executors.iter().all(|e| article3.text.contains(e.as_str())));

    let title = word.paragraph("DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG").expect("the annex");
    assert!(title.page_break_before, "the annex starts a page");
    let after_annex: Vec<_> = word.paragraphs.iter().skip_while(|p| !p.page_break_before).collect();
    assert!(after_annex.iter().any(|p| p.text.contains(&format!("Kèm theo Quyết định số {}", data.number))));
    for c in &data.collective {
        assert!(word.row_with(&[&c.unit, &c.prize, &grouped(c.amount)]).is_some(), "{}", c.unit);
    }
    for i in &data.individuals {
        assert!(word.row_with(&[&i.name, &i.organization, &i.prize, &grouped(i.amount)]).is_some(), "{}", i.name);
    }
    let collective: u64 = data.collective.iter().map(|c| c.amount).sum();
    let individual: u64 = data.individuals.iter().map(|i| i.amount).sum();
    assert!(word.row_with(&["Cộng", &grouped(collective)]).is_some());
    assert!(word.row_with(&["Cộng", &grouped(individual)]).is_some());
    let total = collective + individual;
    let sentence = format!("Tổng số tiền thưởng: {} (Bằng chữ: {}).", money(total), money_in_words(total));
    assert!(article_text(&word, 2).contains(&sentence), "Article 2 states the total");
    assert!(after_annex.iter().any(|p| p.text == sentence && p.bold == sentence), "the annex ends with the total");
}

fn article_text(word: &WordDoc, number: u32) -> String {
    word.paragraph_containing(&format!("Điều {number}.")).map(|p| p.text.clone()).unwrap_or_default()
}

fn minimal(body: Vec<Block>) -> AdministrativeDocument {
    AdministrativeDocument {
        header: IssuingHeader { parent_body: String::new(), body: "Ban Tổ chức Cuộc thi".into() },
        number: "…/TB-BTC".into(),
        place_date: PlaceDate::blank("Quảng Trị", 2022),
        kind: "THÔNG BÁO".into(),
        subject: "Thử".into(),
        body,
        recipients: Vec::new(),
        signature: Signature { authority: None, title: "Trưởng ban".into(), name: "Nguyễn Văn An".into() },
        annexes: Vec::new(),
        draft: false,
    }
}

#[test]
fn decomposed_text_is_composed_and_control_characters_dropped() {
    // "Nguyễn Thị Ánh" typed on a phone that decomposes accents, with a bell
    // character and an ampersand pasted in.
    let decomposed = "Nguye\u{0302}\u{0303}n Thi\u{0323} A\u{0301}nh\u{7} & đồng nghiệp";
    let doc = minimal(vec![Block::Paragraph(decomposed.into())]);
    let word = read(&render_docx(&doc).expect("renders"));
    assert!(word.paragraph("Nguyễn Thị Ánh & đồng nghiệp").is_some(), "{:?}", word.all_text());
    // Upper-casing the header and the title keeps the diacritics.
    assert!(word.paragraph("BAN TỔ CHỨC CUỘC THI").is_some());
    assert!(word.paragraph("TRƯỞNG BAN").is_some());
}

#[test]
fn tables_of_the_wrong_shape_are_refused() {
    let table = |rows: Vec<Vec<String>>, widths: Vec<u32>, total_row: Option<Vec<String>>| Table {
        caption: Some("Bảng thử".into()),
        header: vec!["STT".into(), "Họ và tên".into()],
        rows,
        widths,
        total_row,
    };
    let cases = [
        table(vec![vec!["1".into()]], Vec::new(), None),
        table(Vec::new(), vec![1, 2, 3], None),
        table(Vec::new(), Vec::new(), Some(vec!["a".into(), "b".into(), "c".into()])),
    ];
    for case in cases {
        let error = render_docx(&minimal(vec![Block::Table(case)])).unwrap_err();
        assert!(matches!(error, DocumentError::TableShape { .. }), "{error:?}");
        assert!(error.to_string().contains("Bảng thử"), "{error}");
    }
    let fine = table(vec![vec!["1".into(), "An".into()]], vec![1, 4], Some(vec!["Tổng cộng".into()]));
    let word = read(&render_docx(&minimal(vec![Block::Table(fine)])).expect("a well-formed table renders"));
    assert!(word.row_with(&["1", "An"]).is_some());
    assert_eq!(word.row_with(&["Tổng cộng"]).map(Vec::len), Some(1), "a one-cell total spans the table");
}

#[test]
fn the_package_is_deflated_and_has_the_usual_parts() {
    let bytes = render_docx(&final_report(&samples::final_report_data())).unwrap();
    let word = read(&bytes);
    for part in ["[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml"] {
        assert!(word.parts.iter().any(|p| p == part), "{part} in {:?}", word.parts);
    }
    assert_eq!(word.parts[0], "[Content_Types].xml", "content types first, as Word writes it");
    let document = common::part(&bytes, "word/document.xml").unwrap();
    assert!(bytes.len() * 4 < document.len(), "{} bytes for {} of XML", bytes.len(), document.len());
}
