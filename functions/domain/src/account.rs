//! Helping participants with their accounts: finding them by a name typed
//! any way, and the one-time codes that reset a forgotten password.

use rand::seq::IndexedRandom;
use rand::Rng;
use unicode_normalization::UnicodeNormalization;

/// A name reduced for searching: no diacritics (đ → d), lowercase, single
/// spaces. "Nguyễn  Văn AN" and "nguyen van an" match.
pub fn search_key(text: &str) -> String {
    let folded: String = text
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            other => other,
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Letters and digits that cannot be mistaken for each other when read out
/// over the phone (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
const RESET_CODE_ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY3469";
pub const RESET_CODE_LENGTH: usize = 8;

/// A one-time password-reset code: 8 characters from a 24-letter alphabet
/// (~36.7 bits; five wrong tries void it, so guessing one is hopeless).
#[derive(Clone, PartialEq, Eq)]
pub struct ResetCode(String);

impl std::fmt::Debug for ResetCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ResetCode(***)")
    }
}

impl ResetCode {
    pub fn generate(rng: &mut impl Rng) -> Self {
        Self(
            (0..RESET_CODE_LENGTH)
                .map(|_| *RESET_CODE_ALPHABET.choose(rng).expect("alphabet is not empty") as char)
                .collect(),
        )
    }

    /// A code as a person typed it: any case, spaces and dashes ignored.
    pub fn parse(typed: &str) -> Option<Self> {
        let code: String =
            typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
        (code.len() == RESET_CODE_LENGTH && code.bytes().all(|b| RESET_CODE_ALPHABET.contains(&b)))
            .then_some(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;
    use rand::SeedableRng;

    #[test]
    fn names_match_without_diacritics_case_or_spacing() {
        assert_eq!(search_key("Nguyễn  Văn AN"), "nguyen van an");
        assert_eq!(search_key("Đặng Thị Ánh"), "dang thi anh");
        // The same name typed with decomposed diacritics (as some phones do).
        assert_eq!(search_key("Nguye\u{302}\u{303}n"), "nguyen");
    }

    #[test]
    fn reset_codes_are_random_readable_and_parsed_leniently() {
        let mut rng = StdRng::seed_from_u64(1);
        let first = ResetCode::generate(&mut rng);
        let second = ResetCode::generate(&mut rng);
        assert_ne!(first, second);
        assert_eq!(first.as_str().len(), 8);
        assert!(first.as_str().bytes().all(|b| RESET_CODE_ALPHABET.contains(&b)));
        let typed = format!(" {}-{} ", &first.as_str()[..4].to_lowercase(), &first.as_str()[4..]);
        assert_eq!(ResetCode::parse(&typed), Some(first.clone()));
        assert_eq!(ResetCode::parse("ABC"), None);
        assert_eq!(ResetCode::parse("OOOOOOOO"), None, "O is not in the alphabet");
        assert_eq!(format!("{first:?}"), "ResetCode(***)");
    }
}
