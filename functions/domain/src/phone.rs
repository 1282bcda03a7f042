use serde::{Deserialize, Serialize};
use std::fmt;

use crate::FieldError;

/// A Vietnamese mobile number in its national form (`0` + 9 digits).
/// `+84 912 345 678`, `84912345678` and `0912.345.678` are the same person,
/// so they must become the same key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, pattern = "^0[35789][0-9]{8}$")]
pub struct Phone(String);

/// Mobile prefixes in use since the 2018 renumbering (03x, 05x, 07x, 08x, 09x).
const MOBILE_PREFIXES: [u8; 5] = [b'3', b'5', b'7', b'8', b'9'];

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let invalid = || {
            FieldError::new(
                "INVALID_PHONE",
                "phone",
                "Số điện thoại không hợp lệ. Nhập số di động Việt Nam, ví dụ 0912345678.",
            )
        };
        if raw.len() > 32 {
            return Err(invalid());
        }
        let mut digits = String::with_capacity(12);
        for (index, c) in raw.trim().chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if index == 0 => {}
                ' ' | '.' | '-' => {}
                _ => return Err(invalid()),
            }
        }
        let national = if let Some(rest) = digits.strip_prefix("84").filter(|r| r.len() == 9) {
            format!("0{rest}")
        } else {
            digits
        };
        let bytes = national.as_bytes();
        if bytes.len() == 10 && bytes[0] == b'0' && MOBILE_PREFIXES.contains(&bytes[1]) {
            Ok(Self(national))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Phone {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Phone> for String {
    fn from(phone: Phone) -> String {
        phone.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn international_and_national_forms_are_the_same_person() {
        let expected = Phone::parse("0912345678").unwrap();
        for form in ["+84912345678", "84912345678", "0912 345 678", "0912.345.678", " +84 912-345-678 "] {
            assert_eq!(Phone::parse(form).unwrap(), expected, "{form}");
        }
    }

    #[test]
    fn rejects_landlines_short_numbers_and_letters() {
        for bad in [
            "",
            "0212345678",
            "091234567",
            "09123456789",
            "09123x5678",
            "++84912345678",
            "0012345678",
            "84 1234",
            "０912345678",
        ] {
            let err = Phone::parse(bad).unwrap_err();
            assert_eq!(err.code, "INVALID_PHONE", "{bad}");
            assert_eq!(err.field, Some("phone"));
        }
    }

    #[test]
    fn accepts_every_mobile_prefix() {
        for prefix in ["03", "05", "07", "08", "09"] {
            assert!(Phone::parse(&format!("{prefix}12345678")).is_ok(), "{prefix}");
        }
    }
}
