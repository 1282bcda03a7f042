//! Numbers, amounts, durations and dates written the Vietnamese way, as the
//! committee's documents write them: "1.500.000 đồng", "85,5%",
//! "12 phút 05,3 giây", "ngày 05 tháng 02 năm 2022".

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::model::PlaceDate;

/// Digits grouped by threes with "." (Vietnamese uses "," for decimals):
/// 1500000 → "1.500.000".
pub fn grouped(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

/// An amount of money in đồng: "1.500.000 đồng".
pub fn money(amount: u64) -> String {
    format!("{} đồng", grouped(amount))
}

/// A share as a percentage with one decimal and a decimal comma:
/// 171 of 200 → "85,5%". None when there is no whole to share (an open
/// group without a headcount), so tables can show a dash instead of a
/// made-up number.
pub fn percent(part: u64, whole: u64) -> Option<String> {
    if whole == 0 {
        return None;
    }
    // Tenths of a percent, rounded half up, in integers: no float noise.
    let tenths = (part as u128 * 1000 + whole as u128 / 2) / whole as u128;
    Some(format!("{},{}%", tenths / 10, tenths % 10))
}

/// A time taken, to the tenth of a second the results are ranked by (the
/// tenth is cut, not rounded, as the ranking does): "12 phút 05,3 giây",
/// and "45,2 giây" under a minute. Documents and certificates use this
/// form only.
pub fn duration(duration_ms: u64) -> String {
    let tenths = duration_ms / 100;
    let minutes = tenths / 600;
    let seconds = (tenths / 10) % 60;
    let tenth = tenths % 10;
    if minutes == 0 {
        format!("{seconds},{tenth} giây")
    } else {
        format!("{minutes} phút {seconds:02},{tenth} giây")
    }
}

/// A count as administrative documents write it, two digits at least:
/// "03 tập thể", "01 giải Nhất".
pub fn count(value: u64) -> String {
    format!("{value:02}")
}

/// Day and month as the decree writes them in the place/date line: a zero
/// before days under 10 and before months 1 and 2 (so that nothing can be
/// added in front of them afterwards), none before months 3 to 12.
fn day_month(date: NaiveDate) -> (String, String) {
    let month = if date.month() < 3 { format!("{:02}", date.month()) } else { date.month().to_string() };
    (format!("{:02}", date.day()), month)
}

/// "Quảng Trị, ngày 14 tháng 11 năm 2022"; with no date, blanks for the day
/// and month: "Quảng Trị, ngày … tháng … năm 2022".
pub fn place_date_line(place_date: &PlaceDate) -> String {
    let place = place_date.place.trim();
    let prefix = if place.is_empty() { String::new() } else { format!("{place}, ") };
    match place_date.date {
        Some(date) => {
            let (day, month) = day_month(date);
            format!("{prefix}ngày {day} tháng {month} năm {}", date.year())
        }
        None => format!("{prefix}ngày … tháng … năm {}", place_date.year),
    }
}

/// "ngày 14 tháng 11 năm 2022" (or blanks), for running text.
pub fn long_date(place_date: &PlaceDate) -> String {
    place_date_line(&PlaceDate { place: String::new(), ..place_date.clone() })
}

/// "17/10/2022", as the plan writes dates in running text.
pub fn short_date(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", date.day(), date.month(), date.year())
}

/// "08h00 ngày 17/10/2022", as the plan writes a round's opening and closing.
pub fn date_time(at: NaiveDateTime) -> String {
    format!("{:02}h{:02} ngày {}", at.hour(), at.minute(), short_date(at.date()))
}

/// "từ 08h00 ngày 17/10/2022 đến 22h00 ngày 23/10/2022".
pub fn period(opens_at: NaiveDateTime, closes_at: NaiveDateTime) -> String {
    format!("từ {} đến {}", date_time(opens_at), date_time(closes_at))
}

/// Ordinal words for rounds: 1 → "nhất", 4 → "tư"; digits past ten.
pub fn ordinal(n: u32) -> String {
    const WORDS: [&str; 10] = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"];
    match n {
        1..=10 => WORDS[n as usize - 1].to_owned(),
        _ => n.to_string(),
    }
}

const DIGITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

/// Reads a group of three digits. `full` reads "không trăm" and "linh" for
/// a group that follows a higher one (1.050.000 is "một triệu không trăm
/// năm mươi nghìn").
fn read_triple(value: u64, full: bool, words: &mut Vec<&'static str>) {
    let (hundreds, tens, units) = ((value / 100) as usize, ((value / 10) % 10) as usize, (value % 10) as usize);
    if hundreds > 0 || full {
        words.extend([DIGITS[hundreds], "trăm"]);
    }
    match tens {
        0 if units > 0 && (hundreds > 0 || full) => words.push("linh"),
        0 => {}
        1 => words.push("mười"),
        _ => words.extend([DIGITS[tens], "mươi"]),
    }
    match units {
        0 => {}
        1 if tens > 1 => words.push("mốt"),
        5 if tens > 0 => words.push("lăm"),
        _ => words.push(DIGITS[units]),
    }
}

/// Reads a number under a billion, group by group ("triệu", "nghìn"), skipping
/// empty groups. `full`: a higher group was read before this one.
fn read_below_billion(value: u64, mut full: bool, words: &mut Vec<&'static str>) {
    for (group, scale) in
        [(value / 1_000_000, Some("triệu")), ((value / 1_000) % 1_000, Some("nghìn")), (value % 1_000, None)]
    {
        if group == 0 {
            continue;
        }
        read_triple(group, full, words);
        words.extend(scale);
        full = true;
    }
}

/// Reads any number: billions ("tỷ") repeat the reading above them, as
/// amounts are read aloud ("hai nghìn tỷ").
fn read_number(value: u64, full: bool, words: &mut Vec<&'static str>) {
    const BILLION: u64 = 1_000_000_000;
    if value >= BILLION {
        read_number(value / BILLION, full, words);
        words.push("tỷ");
        if !value.is_multiple_of(BILLION) {
            read_below_billion(value % BILLION, true, words);
        }
    } else {
        read_below_billion(value, full, words);
    }
}

/// An amount in words, as payment documents repeat it after the figure
/// ("Bằng chữ: …"): 1500000 → "Một triệu năm trăm nghìn đồng".
pub fn money_in_words(amount: u64) -> String {
    if amount == 0 {
        return "Không đồng".to_owned();
    }
    let mut words = Vec::new();
    read_number(amount, false, &mut words);
    let text = words.join(" ");
    let mut chars = text.chars();
    let first: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    format!("{first}{} đồng", chars.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands_with_dots() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1.000");
        assert_eq!(grouped(1_500_000), "1.500.000");
        assert_eq!(grouped(12_345_678_901), "12.345.678.901");
        assert_eq!(money(200_000), "200.000 đồng");
    }

    #[test]
    fn percentages_have_one_decimal_and_a_comma() {
        assert_eq!(percent(171, 200).as_deref(), Some("85,5%"));
        assert_eq!(percent(1, 3).as_deref(), Some("33,3%"));
        assert_eq!(percent(2, 3).as_deref(), Some("66,7%"));
        assert_eq!(percent(40, 40).as_deref(), Some("100,0%"));
        assert_eq!(percent(45, 40).as_deref(), Some("112,5%"), "an outdated headcount is shown, not hidden");
        assert_eq!(percent(3, 0), None);
    }

    #[test]
    fn durations_cut_to_the_tenth() {
        assert_eq!(duration(725_390), "12 phút 05,3 giây");
        assert_eq!(duration(45_299), "45,2 giây");
        assert_eq!(duration(60_000), "1 phút 00,0 giây");
        assert_eq!(duration(1_800_000), "30 phút 00,0 giây");
        assert_eq!(duration(0), "0,0 giây");
    }

    #[test]
    fn dates_follow_the_decree() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(
            place_date_line(&PlaceDate::on("Quảng Trị", d(2022, 11, 14))),
            "Quảng Trị, ngày 14 tháng 11 năm 2022"
        );
        assert_eq!(place_date_line(&PlaceDate::on("Quảng Trị", d(2022, 2, 5))), "Quảng Trị, ngày 05 tháng 02 năm 2022");
        assert_eq!(place_date_line(&PlaceDate::on("Quảng Trị", d(2022, 3, 9))), "Quảng Trị, ngày 09 tháng 3 năm 2022");
        assert_eq!(place_date_line(&PlaceDate::blank("Quảng Trị", 2022)), "Quảng Trị, ngày … tháng … năm 2022");
        assert_eq!(long_date(&PlaceDate::on("Quảng Trị", d(2022, 10, 1))), "ngày 01 tháng 10 năm 2022");
        let at = d(2022, 10, 17).and_hms_opt(8, 0, 0).unwrap();
        let until = d(2022, 10, 23).and_hms_opt(22, 0, 0).unwrap();
        assert_eq!(period(at, until), "từ 08h00 ngày 17/10/2022 đến 22h00 ngày 23/10/2022");
    }

    #[test]
    fn ordinals_and_counts() {
        assert_eq!(ordinal(1), "nhất");
        assert_eq!(ordinal(4), "tư");
        assert_eq!(ordinal(12), "12");
        assert_eq!(count(3), "03");
        assert_eq!(count(12), "12");
    }

    #[test]
    fn amounts_in_words() {
        let cases = [
            (0, "Không đồng"),
            (5, "Năm đồng"),
            (15, "Mười lăm đồng"),
            (21, "Hai mươi mốt đồng"),
            (25, "Hai mươi lăm đồng"),
            (105, "Một trăm linh năm đồng"),
            (111, "Một trăm mười một đồng"),
            (200_000, "Hai trăm nghìn đồng"),
            (1_000_000, "Một triệu đồng"),
            (1_500_000, "Một triệu năm trăm nghìn đồng"),
            (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
            (1_000_500, "Một triệu năm trăm đồng"),
            (2_005_000, "Hai triệu không trăm linh năm nghìn đồng"),
            (5_000_000, "Năm triệu đồng"),
            (14_600_000, "Mười bốn triệu sáu trăm nghìn đồng"),
            (1_000_000_000, "Một tỷ đồng"),
            (2_000_000_000_000, "Hai nghìn tỷ đồng"),
            (3_000_500_000_000, "Ba nghìn tỷ năm trăm triệu đồng"),
            (1_000_000_005, "Một tỷ không trăm linh năm đồng"),
        ];
        for (amount, words) in cases {
            assert_eq!(money_in_words(amount), words, "{amount}");
        }
    }
}
