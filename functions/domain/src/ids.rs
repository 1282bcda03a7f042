//! Identifiers that can only hold valid values. Ids come from URLs, JSON and
//! contest files, and end up inside DynamoDB keys, so every one is restricted
//! to a small alphabet: no `#` (the key separator), no path tricks.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidId {
    pub kind: &'static str,
    pub value: String,
}

impl fmt::Display for InvalidId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} «{}» không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu gạch ngang (1–64 ký tự)",
            self.kind,
            self.value.chars().take(80).collect::<String>()
        )
    }
}

impl std::error::Error for InvalidId {}

fn is_slug(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !value.starts_with('-')
}

fn is_hex_id(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $check:path, $pattern:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
        #[serde(try_from = "String", into = "String")]
        #[schema(value_type = String, pattern = $pattern)]
        pub struct $name(String);

        impl $name {
            pub fn parse(value: impl Into<String>) -> Result<Self, InvalidId> {
                let value = value.into();
                if $check(&value) {
                    Ok(Self(value))
                } else {
                    Err(InvalidId { kind: $kind, value })
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidId;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = InvalidId;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::parse(value)
            }
        }
    };
}

id_type!(ContestId, "Mã cuộc thi", is_slug, "^[a-z0-9_][a-z0-9_-]{0,63}$");
id_type!(RoundId, "Mã tuần thi", is_slug, "^[a-z0-9_][a-z0-9_-]{0,63}$");
id_type!(OrganizationId, "Mã đơn vị", is_slug, "^[a-z0-9_][a-z0-9_-]{0,63}$");
id_type!(QuestionId, "Mã câu hỏi", is_slug, "^[a-z0-9_][a-z0-9_-]{0,63}$");
id_type!(
    /// Server-generated; 32 lowercase hex digits.
    ParticipantId,
    "Mã thí sinh",
    is_hex_id,
    "^[0-9a-f]{32}$"
);
id_type!(
    /// Server-generated; 32 lowercase hex digits.
    AttemptId,
    "Mã lượt thi",
    is_hex_id,
    "^[0-9a-f]{32}$"
);
id_type!(
    /// Opaque per attempt, so that an option id reveals nothing about the
    /// option's position in the bank or in another attempt.
    OptionId,
    "Mã phương án",
    is_slug,
    "^[a-z0-9_][a-z0-9_-]{0,63}$"
);

/// Organizer user names: 3–32 lowercase ASCII letters, digits, `.`, `_`, `-`.
pub fn is_valid_username(username: &str) -> bool {
    (3..=32).contains(&username.len())
        && username.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
}

impl ParticipantId {
    pub fn generate() -> Self {
        Self(uuid::Uuid::new_v4().simple().to_string())
    }
}

impl AttemptId {
    pub fn generate() -> Self {
        Self(uuid::Uuid::new_v4().simple().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_accept_lowercase_digits_and_dashes() {
        assert!(RoundId::parse("tuan-1").is_ok());
        assert!(ContestId::parse("cchc_2022").is_ok());
    }

    #[test]
    fn slugs_reject_key_separators_paths_and_case() {
        for bad in ["", "a#b", "../etc", "Tuan-1", "tuần-1", "a b", "-x", &"x".repeat(65)] {
            assert!(RoundId::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn generated_ids_round_trip_through_parse() {
        let id = AttemptId::generate();
        assert_eq!(AttemptId::parse(id.as_str()).unwrap(), id);
        assert!(AttemptId::parse("not-hex").is_err());
        assert!(ParticipantId::parse("ABCDEF0123456789ABCDEF0123456789").is_err());
    }

    #[test]
    fn organizer_usernames() {
        assert!(is_valid_username("phong.vhtt"));
        for bad in ["ab", "Admin", "a b", "x#y", &"a".repeat(33)] {
            assert!(!is_valid_username(bad), "{bad}");
        }
    }

    #[test]
    fn serde_rejects_invalid_ids() {
        assert!(serde_json::from_str::<RoundId>("\"tuan-1\"").is_ok());
        assert!(serde_json::from_str::<RoundId>("\"tuan#1\"").is_err());
    }
}
