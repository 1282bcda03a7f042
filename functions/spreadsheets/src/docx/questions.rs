//! Lines of a Word document → question rows, following the layout authors
//! use (see the module documentation of `docx`).

use contest_domain::import::QuestionRow;
use unicode_normalization::UnicodeNormalization;

use super::document::{Line, Segment};
use crate::import::{normalize_header, split_list, ImportError, MAX_ROWS};

/// Options A–F, as the domain allows.
const LETTERS: [char; 6] = ['A', 'B', 'C', 'D', 'E', 'F'];
/// Layout problems listed in one error; past that, only a count.
const MAX_PROBLEMS: usize = 20;
/// A question number has at most this many digits ("Câu 1234567." is text).
const MAX_NUMBER_DIGITS: usize = 6;

/// The labelled lines a question may have besides its text and options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Answer,
    Topic,
    Source,
    Rounds,
    Shuffle,
    /// Explanations and notes: allowed, not imported.
    Ignored,
}

impl Field {
    /// "Đáp án: B" → (Answer, "B"). The label is compared without case,
    /// spacing or diacritics, like the spreadsheet's headers.
    fn parse(text: &str) -> Option<(Self, &str)> {
        let (label, value) = text.split_once([':', '：'])?;
        if label.chars().count() > 40 {
            return None;
        }
        let field = match normalize_header(label).as_str() {
            "dap an" | "dap an dung" | "dap an dung la" | "da" | "answer" => Self::Answer,
            "chu de" | "topic" => Self::Topic,
            "nguon" | "source" => Self::Source,
            "tuan thi" | "tuan" | "rounds" | "round" => Self::Rounds,
            "xao tron phuong an" | "xao tron" | "dao phuong an" | "shuffle options" => Self::Shuffle,
            "giai thich" | "ghi chu" => Self::Ignored,
            _ => return None,
        };
        Some((field, value.trim()))
    }

    fn label(self) -> &'static str {
        match self {
            Self::Answer => "Đáp án",
            Self::Topic => "Chủ đề",
            Self::Source => "Nguồn",
            Self::Rounds => "Tuần thi",
            Self::Shuffle => "Xáo trộn phương án",
            Self::Ignored => "Ghi chú",
        }
    }
}

/// `text` without a case-insensitive `prefix` ("CÂU" matches "câu").
fn strip_prefix_ignoring_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let mut rest = text.char_indices();
    for expected in prefix.chars() {
        let (_, found) = rest.next()?;
        if !found.to_lowercase().eq(expected.to_lowercase()) {
            return None;
        }
    }
    Some(rest.next().map_or("", |(index, _)| &text[index..]))
}

/// "Câu 7. Nội dung" → (7, "Nội dung"); also "Câu 7:", "Câu 7 -",
/// "Câu hỏi 7:" and a bare "Câu 7" whose text follows in the next paragraph.
fn question_start(text: &str) -> Option<(usize, &str)> {
    let rest = strip_prefix_ignoring_case(text.trim_start(), "câu")?.trim_start();
    let rest = strip_prefix_ignoring_case(rest, "hỏi").map_or(rest, str::trim_start);
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > MAX_NUMBER_DIGITS {
        return None;
    }
    let number = rest[..digits].parse().ok()?;
    let rest = rest[digits..].trim_start();
    match rest.chars().next() {
        None => Some((number, "")),
        Some(c @ ('.' | ':' | '-' | '–' | '—' | ')' | '：')) => Some((number, &rest[c.len_utf8()..])),
        Some(_) => None,
    }
}

/// "B. Huế" → (1, length of "B. "); also "b." and "B)". The text may follow
/// at once when it starts with a capital ("B.Huế"), not with a small letter,
/// so that "a.m." or "E.coli" stay text.
fn option_label(text: &str) -> Option<(usize, usize)> {
    let start = text.len() - text.trim_start().len();
    let mut chars = text[start..].chars();
    let letter = chars.next()?.to_ascii_uppercase();
    let index = LETTERS.iter().position(|l| *l == letter)?;
    if !matches!(chars.next()?, '.' | ')') {
        return None;
    }
    let after = chars.as_str();
    match after.chars().next() {
        None => Some((index, text.len())),
        Some(c) if c.is_whitespace() || c.is_uppercase() => Some((index, text.len() - after.trim_start().len())),
        Some(_) => None,
    }
}

/// A line's text split at tabs, formatting kept: the pieces of "A. X\tB. Y".
fn split_at_tabs(line: &Line) -> Vec<Vec<Segment>> {
    let mut pieces = vec![Vec::new()];
    for segment in &line.segments {
        for (index, part) in segment.text.split('\t').enumerate() {
            if index > 0 {
                pieces.push(Vec::new());
            }
            if let Some(piece) = pieces.last_mut() {
                piece.push(Segment { text: part.to_owned(), ..segment.clone() });
            }
        }
    }
    pieces.retain(|piece| piece.iter().any(|s| !s.text.trim().is_empty()));
    pieces
}

/// Whether every visible character of `segments`, past the first `skip`
/// bytes, is bold (underlined).
#[derive(Debug, Clone, Copy)]
struct Marks {
    visible: bool,
    bold: bool,
    underline: bool,
}

impl Marks {
    const NONE: Self = Self { visible: false, bold: true, underline: true };

    fn of(segments: &[Segment], mut skip: usize) -> Self {
        let mut marks = Self::NONE;
        for segment in segments {
            let text: &str = segment.text.get(skip.min(segment.text.len())..).unwrap_or_default();
            skip = skip.saturating_sub(segment.text.len());
            if text.chars().any(|c| !c.is_whitespace()) {
                marks.visible = true;
                marks.bold &= segment.bold;
                marks.underline &= segment.underline;
            }
        }
        marks
    }

    fn and(self, other: Self) -> Self {
        if !other.visible {
            return self;
        }
        if !self.visible {
            return other;
        }
        Self { visible: true, bold: self.bold && other.bold, underline: self.underline && other.underline }
    }

    fn marked(self) -> bool {
        self.visible && (self.bold || self.underline)
    }
}

struct DraftOption {
    text: String,
    marks: Marks,
}

#[derive(Default)]
struct Draft {
    number: usize,
    text: String,
    /// By letter; a letter skipped is None (an empty option for the checks).
    options: Vec<Option<DraftOption>>,
    /// The letter of the option being written, for continuations.
    current: Option<usize>,
    answer: Option<String>,
    topic: Option<String>,
    source: Option<String>,
    rounds: Vec<String>,
    shuffle: Option<String>,
}

fn append(text: &mut String, more: &str) {
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(more);
}

/// Whitespace (tabs, line breaks, non-breaking spaces) as single spaces, NFC.
fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").nfc().collect()
}

fn quote(text: &str) -> String {
    let tidy = tidy(text);
    match tidy.char_indices().nth(60) {
        Some((cut, _)) => format!("«{}…»", &tidy[..cut]),
        None => format!("«{tidy}»"),
    }
}

/// The answer letter from "B", "b.", "B. Huế" or "(B)"; anything else as
/// written, for the checks to report.
fn answer_letter(value: &str) -> String {
    let trimmed = value.trim().trim_start_matches('(');
    let mut chars = trimmed.chars();
    match (chars.next().map(|c| c.to_ascii_uppercase()), chars.next()) {
        (Some(letter), next) if LETTERS.contains(&letter) && next.is_none_or(|c| !c.is_alphanumeric()) => {
            letter.to_string()
        }
        _ => value.trim().to_owned(),
    }
}

impl Draft {
    fn add_option(&mut self, index: usize, segments: &[Segment], skip: usize, problems: &mut Problems) {
        if self.options.get(index).is_some_and(Option::is_some) {
            problems.add(format!("Câu {}: có hai phương án {}", self.number, LETTERS[index]));
        }
        if self.options.len() <= index {
            self.options.resize_with(index + 1, || None);
        }
        let text: String = segments.iter().map(|s| s.text.as_str()).collect();
        let text = text.get(skip..).unwrap_or_default().to_owned();
        self.options[index] = Some(DraftOption { text, marks: Marks::of(segments, skip) });
        self.current = Some(index);
    }

    /// More text for the option being written (or the question's text).
    fn continue_with(&mut self, segments: &[Segment]) {
        let text: String = segments.iter().map(|s| s.text.as_str()).collect();
        match self.current.and_then(|index| self.options.get_mut(index)).and_then(Option::as_mut) {
            Some(option) => {
                append(&mut option.text, &text);
                option.marks = option.marks.and(Marks::of(segments, 0));
            }
            None => append(&mut self.text, &text),
        }
    }

    fn set(&mut self, field: Field, value: &str, problems: &mut Problems) {
        let slot = match field {
            Field::Answer => &mut self.answer,
            Field::Topic => &mut self.topic,
            Field::Source => &mut self.source,
            Field::Shuffle => &mut self.shuffle,
            Field::Rounds => {
                self.rounds.extend(split_list(&tidy(value)));
                return;
            }
            Field::Ignored => return,
        };
        let value = if field == Field::Answer { answer_letter(value) } else { tidy(value) };
        if value.is_empty() {
            return;
        }
        match slot {
            Some(existing) if *existing != value => {
                problems.add(format!("Câu {}: có hai dòng «{}» khác nhau", self.number, field.label()))
            }
            _ => *slot = Some(value),
        }
    }

    fn finish(self) -> QuestionRow {
        let marked: Vec<String> = self
            .options
            .iter()
            .enumerate()
            .filter(|(_, option)| option.as_ref().is_some_and(|o| o.marks.marked()))
            .map(|(index, _)| LETTERS[index].to_string())
            .collect();
        // An explicit «Đáp án» line wins over formatting. Several marked
        // options are passed on as "A, C": the checks reject that answer
        // as naming more than one option.
        let answer = self.answer.filter(|a| !a.is_empty()).unwrap_or_else(|| marked.join(", "));
        QuestionRow {
            row: self.number,
            text: tidy(&self.text),
            options: self.options.iter().map(|o| o.as_ref().map(|o| tidy(&o.text)).unwrap_or_default()).collect(),
            answer,
            topic: self.topic.unwrap_or_default(),
            source: self.source.unwrap_or_default(),
            rounds: self.rounds,
            shuffle_options: self.shuffle.unwrap_or_default(),
        }
    }
}

#[derive(Default)]
struct Problems {
    listed: Vec<String>,
    more: usize,
}

impl Problems {
    fn add(&mut self, problem: String) {
        if self.listed.contains(&problem) {
            return;
        }
        if self.listed.len() < MAX_PROBLEMS {
            self.listed.push(problem);
        } else {
            self.more += 1;
        }
    }
}

/// Reads lines in order; `finish` gives the rows or what is wrong with the
/// layout.
#[derive(Default)]
pub(super) struct QuestionParser {
    rows: Vec<QuestionRow>,
    draft: Option<Draft>,
    problems: Problems,
}

impl QuestionParser {
    pub fn push(&mut self, line: Line) -> Result<(), ImportError> {
        // Segments are composed one by one; a letter and its accent in two
        // runs are only composed here.
        let text: String = line.text().nfc().collect();
        if text.trim().is_empty() {
            return Ok(());
        }
        if let Some((number, rest)) = question_start(&text) {
            if let Some(done) = self.draft.take() {
                self.rows.push(done.finish());
            }
            if self.rows.len() == MAX_ROWS {
                return Err(ImportError::TooManyRows(MAX_ROWS));
            }
            self.draft = Some(Draft { number, text: rest.to_owned(), ..Default::default() });
            return Ok(());
        }
        // Titles, instructions: whatever comes before the first question.
        let Some(draft) = self.draft.as_mut() else { return Ok(()) };
        let pieces = split_at_tabs(&line);
        let starts_options = pieces.first().is_some_and(|p| option_label(&concat(p)).is_some());
        if !starts_options {
            if let Some((field, value)) = Field::parse(&text) {
                draft.set(field, value, &mut self.problems);
            } else if draft.current.is_none() || line.soft {
                draft.continue_with(&line.segments);
            } else {
                self.problems.add(format!(
                    "Câu {}: đoạn {} nằm sau các phương án nhưng không phải phương án (A. …) hay một dòng \
                     «Đáp án:», «Chủ đề:», «Nguồn:», «Tuần thi:», «Xáo trộn phương án:»",
                    draft.number,
                    quote(&text)
                ));
            }
            return Ok(());
        }
        for piece in pieces {
            let piece_text = concat(&piece);
            if let Some((index, skip)) = option_label(&piece_text) {
                draft.add_option(index, &piece, skip, &mut self.problems);
            } else if let Some((field, value)) = Field::parse(&piece_text) {
                draft.set(field, value, &mut self.problems);
            } else {
                draft.continue_with(&piece);
            }
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<Vec<QuestionRow>, ImportError> {
        if let Some(done) = self.draft.take() {
            self.rows.push(done.finish());
        }
        if !self.problems.listed.is_empty() {
            let mut message = self.problems.listed.join("; ");
            if self.problems.more > 0 {
                message.push_str(&format!("; và {} chỗ khác", self.problems.more));
            }
            return Err(ImportError::DocxLayout(message));
        }
        if self.rows.is_empty() {
            return Err(ImportError::DocxLayout(
                "không thấy câu hỏi nào: mỗi câu bắt đầu bằng một đoạn «Câu 1.» hoặc «Câu 1:»".into(),
            ));
        }
        Ok(self.rows)
    }
}

fn concat(segments: &[Segment]) -> String {
    segments.iter().map(|s| s.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_starts() {
        assert_eq!(question_start("Câu 1. Hỏi?"), Some((1, " Hỏi?")));
        assert_eq!(question_start("  CÂU 12: Hỏi?"), Some((12, " Hỏi?")));
        assert_eq!(question_start("câu 3 - Hỏi?"), Some((3, " Hỏi?")));
        assert_eq!(question_start("Câu hỏi 4) Hỏi?"), Some((4, " Hỏi?")));
        assert_eq!(question_start("Câu 5"), Some((5, "")));
        assert_eq!(question_start("Câu 5 của Điều 3"), None);
        assert_eq!(question_start("Câu trả lời: A"), None);
        assert_eq!(question_start("Câu 1234567. Hỏi?"), None);
    }

    #[test]
    fn option_labels() {
        assert_eq!(option_label("A. Hà Nội"), Some((0, 3)));
        assert_eq!(option_label("b) Huế"), Some((1, 3)));
        assert_eq!(option_label("C.Đà Nẵng"), Some((2, 2)));
        assert_eq!(option_label("D."), Some((3, 2)));
        assert_eq!(option_label("G. Không"), None);
        assert_eq!(option_label("a.m. là buổi sáng"), None);
        assert_eq!(option_label("Ai là người"), None);
    }

    #[test]
    fn answers_from_explicit_lines() {
        assert_eq!(answer_letter(" b "), "B");
        assert_eq!(answer_letter("B. Huế"), "B");
        assert_eq!(answer_letter("(c)"), "C");
        assert_eq!(answer_letter("Hà Nội"), "Hà Nội");
        assert_eq!(Field::parse("ĐA: C"), Some((Field::Answer, "C")));
        assert_eq!(Field::parse("Đáp án đúng : D"), Some((Field::Answer, "D")));
        assert_eq!(Field::parse("Theo Điều 5: ai?"), None);
    }

    #[test]
    fn marks_skip_the_label_and_whitespace() {
        let segments = vec![
            Segment { text: "A. ".into(), bold: false, underline: false },
            Segment { text: "Hà Nội".into(), bold: true, underline: false },
            Segment { text: " ".into(), bold: false, underline: false },
        ];
        let marks = Marks::of(&segments, 3);
        assert!(marks.marked() && marks.bold && !marks.underline);
        assert!(!Marks::of(&segments, 0).marked());
        assert!(!Marks::of(&segments[..1], 3).marked());
    }
}
