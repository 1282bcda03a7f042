//! A registration request parsed into values that can only be valid.

use chrono::Datelike;

use crate::{FieldError, OrganizationId, Phone};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullName(String);

/// A person's name as stored and shown: Unicode NFC (a name typed with
/// combining diacritics and the same name typed precomposed are one name),
/// whitespace runs collapsed to one space, trimmed.
pub fn canonical_name(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    raw.nfc().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The form two names are compared in (a roster name against a registered
/// name, two leaderboard entries): [`canonical_name`], then lower case.
pub fn normalized_name(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // Lower-casing can produce decomposed sequences again: normalize last.
    canonical_name(raw).to_lowercase().nfc().collect()
}

/// Format characters (Unicode category Cf: bidi overrides such as U+202E,
/// zero-width spaces and joiners, the BOM...) change how a name is drawn
/// without being seen, so two names could look identical on the
/// leaderboard, the winners list and the certificates.
pub fn has_format_characters(text: &str) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    text.chars().any(|c| c.general_category() == GeneralCategory::Format)
}

impl FullName {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let collapsed = canonical_name(raw);
        if has_format_characters(&collapsed) {
            return Err(FieldError::new(
                "VALIDATION",
                "full_name",
                "Họ và tên chứa ký tự định dạng ẩn (ví dụ ký tự đảo chiều hoặc ký tự không có độ rộng); vui lòng nhập lại.",
            ));
        }
        let length = collapsed.chars().count();
        if length < 2 || length > 100 {
            return Err(FieldError::new("INVALID_FULL_NAME", "full_name", "Họ và tên phải có từ 2 đến 100 ký tự."));
        }
        if collapsed.chars().any(|c| c.is_control()) {
            return Err(FieldError::new("INVALID_FULL_NAME", "full_name", "Họ và tên chứa ký tự không hợp lệ."));
        }
        Ok(Self(collapsed))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password as typed; only its argon2id hash is ever stored.
#[derive(Clone)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_BYTES: usize = 128;

impl Password {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        if raw.chars().count() < MIN_PASSWORD_CHARS {
            return Err(FieldError::new(
                "PASSWORD_TOO_SHORT",
                "password",
                format!("Mật khẩu phải có ít nhất {MIN_PASSWORD_CHARS} ký tự."),
            ));
        }
        if raw.len() > MAX_PASSWORD_BYTES {
            return Err(FieldError::new(
                "PASSWORD_TOO_LONG",
                "password",
                format!("Mật khẩu không được dài quá {MAX_PASSWORD_BYTES} ký tự."),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BirthYear(u16);

impl BirthYear {
    pub fn parse(raw: i64, today: chrono::NaiveDate) -> Result<Self, FieldError> {
        let latest = i64::from(today.year()) - 6;
        if (1900..=latest).contains(&raw) {
            Ok(Self(raw as u16))
        } else {
            Err(FieldError::new("INVALID_BIRTH_YEAR", "birth_year", format!("Năm sinh phải từ 1900 đến {latest}.")))
        }
    }

    pub fn value(self) -> u16 {
        self.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let trimmed = raw.trim();
        let valid = trimmed.len() <= 254
            && !trimmed.chars().any(|c| c.is_whitespace() || c.is_control())
            && matches!(trimmed.split_once('@'), Some((local, domain))
                if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains('@'));
        if valid {
            Ok(Self(trimmed.to_lowercase()))
        } else {
            Err(FieldError::new("INVALID_EMAIL", "email", "Địa chỉ email không hợp lệ."))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Who registers (the password travels apart: only its hash is stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub full_name: FullName,
    pub phone: Phone,
    pub organization_id: OrganizationId,
    pub birth_year: Option<BirthYear>,
    pub email: Option<Email>,
    /// The privacy notice's version the person consented to.
    pub consent_version: String,
}

pub fn parse_organization_id(raw: &str) -> Result<OrganizationId, FieldError> {
    OrganizationId::parse(raw).map_err(|_| unknown_organization())
}

pub fn unknown_organization() -> FieldError {
    FieldError::new(
        "UNKNOWN_ORGANIZATION",
        "organization_id",
        "Đơn vị không có trong danh sách của cuộc thi. Vui lòng chọn lại.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_name_collapses_whitespace_and_bounds_length() {
        assert_eq!(FullName::parse("  Nguyễn   Văn  An ").unwrap().as_str(), "Nguyễn Văn An");
        assert_eq!(FullName::parse("A").unwrap_err().code, "INVALID_FULL_NAME");
        assert!(FullName::parse(&"ă".repeat(101)).is_err());
        assert!(FullName::parse(&"ă".repeat(100)).is_ok());
        assert!(FullName::parse("An\u{0}h").is_err());
    }

    #[test]
    fn full_names_are_nfc_and_refuse_format_characters() {
        // "Nguyễn" typed with combining marks (NFD) is stored precomposed.
        let nfd = "Nguye\u{302}\u{303}n Va\u{306}n An";
        assert_eq!(FullName::parse(nfd).unwrap().as_str(), "Nguyễn Văn An");
        for spoof in ["An\u{202E}nahT", "Nguyễn\u{200B} Văn An", "An\u{2066}B", "\u{FEFF}Bình An", "Lê\u{00AD}Na"]
        {
            let err = FullName::parse(spoof).unwrap_err();
            assert_eq!((err.code, err.field), ("VALIDATION", Some("full_name")), "{spoof:?}");
        }
        // Vietnamese letters are letters, not format characters.
        assert!(FullName::parse("Đặng Thị Ngọc Ánh").is_ok());
    }

    #[test]
    fn normalized_names_compare_nfc_caseless_and_spaceless() {
        assert_eq!(normalized_name("  NGUYE\u{302}\u{303}N   văn An "), normalized_name("Nguyễn Văn An"));
        assert_eq!(normalized_name("Nguyễn Văn An"), "nguyễn văn an");
        assert_ne!(normalized_name("Nguyễn Văn An"), normalized_name("Nguyen Van An"));
    }

    #[test]
    fn password_needs_eight_characters_counted_as_characters() {
        assert_eq!(Password::parse("1234567").unwrap_err().code, "PASSWORD_TOO_SHORT");
        assert!(Password::parse("mậtkhẩu1").is_ok());
        assert_eq!(Password::parse(&"x".repeat(129)).unwrap_err().code, "PASSWORD_TOO_LONG");
        assert_eq!(format!("{:?}", Password::parse("secret-pass").unwrap()), "Password(***)");
    }

    #[test]
    fn birth_year_within_plausible_range() {
        let today = chrono::NaiveDate::from_ymd_opt(2022, 10, 17).unwrap();
        assert_eq!(BirthYear::parse(1985, today).unwrap().value(), 1985);
        assert!(BirthYear::parse(1899, today).is_err());
        assert!(BirthYear::parse(2020, today).is_err());
        assert!(BirthYear::parse(-5, today).is_err());
    }

    #[test]
    fn email_basic_shape() {
        assert_eq!(Email::parse(" An@Example.VN ").unwrap().as_str(), "an@example.vn");
        for bad in ["an", "an@", "@x.vn", "a@b", "a b@x.vn", "a@.vn"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
