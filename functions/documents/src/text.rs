//! Cleaning user text before it is written into a document.

use unicode_normalization::UnicodeNormalization;

/// Composed (NFC) text without the control characters XML 1.0 forbids.
///
/// Names typed on some phones and on macOS arrive decomposed (a letter then
/// combining marks). Word copes, but the PDF writer has no shaping and would
/// draw the marks beside the letters, and searches and tests compare
/// composed text: both renderers therefore compose first. A stray control
/// character (pasted from a spreadsheet) would make the .docx unreadable.
/// Tabs become spaces; line breaks are kept for the callers that split on
/// them.
pub(crate) fn clean(text: &str) -> String {
    text.nfc()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            '\r' => None,
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => None,
            c => Some(c),
        })
        .collect()
}

/// Clean lines: `text` split on line breaks, each cleaned and trimmed at the
/// end (a trailing space would shift centred text).
pub(crate) fn lines(text: &str) -> Vec<String> {
    clean(text).split('\n').map(|line| line.trim_end().to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_and_drops_controls() {
        let decomposed = "Nguye\u{0302}\u{0303}n Thi\u{0323} A\u{0301}nh";
        assert_eq!(clean(decomposed), "Nguyễn Thị Ánh");
        assert_eq!(clean("An\u{0}\u{7}\tBình\r\n"), "An Bình\n");
        assert_eq!(lines("ỦY BAN NHÂN DÂN \nTHỊ XÃ QUẢNG TRỊ"), ["ỦY BAN NHÂN DÂN", "THỊ XÃ QUẢNG TRỊ"]);
    }
}
