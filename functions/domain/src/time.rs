//! Vietnam has used UTC+07:00 all year since 1975 with no daylight saving, so
//! a fixed offset is exact and spares us a time-zone database.

use chrono::{DateTime, FixedOffset, Utc};

pub fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

pub fn in_vietnam(instant: DateTime<Utc>) -> DateTime<FixedOffset> {
    instant.with_timezone(&vietnam())
}

/// RFC 3339 in Vietnam time with millisecond precision, the form every API
/// response uses so that what a participant sees matches the rules text.
pub fn format_vietnam(instant: DateTime<Utc>) -> String {
    in_vietnam(instant).to_rfc3339_opts(chrono::SecondsFormat::Millis, false)
}

/// A date as Vietnamese documents write it: 14/11/2022 (Vietnam time).
pub fn format_vietnam_date(instant: DateTime<Utc>) -> String {
    in_vietnam(instant).format("%d/%m/%Y").to_string()
}

pub fn millis(instant: DateTime<Utc>) -> i64 {
    instant.timestamp_millis()
}

pub fn from_millis(ms: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats_in_vietnam_time() {
        let instant = Utc.with_ymd_and_hms(2022, 10, 17, 1, 0, 0).unwrap();
        assert_eq!(format_vietnam(instant), "2022-10-17T08:00:00.000+07:00");
    }

    #[test]
    fn millis_round_trip() {
        let instant = Utc.with_ymd_and_hms(2022, 10, 23, 15, 0, 0).unwrap();
        assert_eq!(from_millis(millis(instant)), Some(instant));
    }
}
