//! `word/document.xml` → lines of formatted text, in reading order.
//!
//! A line is a paragraph (`w:p`), or the part of one after a line break
//! (`w:br`, Shift+Enter in Word). Its text is the concatenation of its runs'
//! `w:t`, with `w:tab` kept as a tab (options may share a line, separated by
//! tabs) and every run's bold/underline recorded, since authors mark the
//! answer that way. Automatic numbering is written out as the text Word shows
//! («Câu 3:», «B.»), so the question parser never has to know about it.

use unicode_normalization::UnicodeNormalization;

use super::numbering::Numbering;
use super::xml::{attribute, number, toggle, Item, Tag, WordXml};
use crate::import::ImportError;

/// A stretch of a line's text with one formatting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Segment {
    pub text: String,
    pub bold: bool,
    pub underline: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Line {
    pub segments: Vec<Segment>,
    /// The line continues the previous one rather than starting a paragraph
    /// of its own: it follows a line break, or it is the next cell of the
    /// same table row. An unrecognised soft line after an option belongs to
    /// that option; an unrecognised paragraph is a layout error.
    pub soft: bool,
}

impl Line {
    pub fn text(&self) -> String {
        self.segments.iter().map(|s| s.text.as_str()).collect()
    }

    fn push(&mut self, text: &str, format: RunFormat) {
        match self.segments.last_mut() {
            Some(last) if last.bold == format.bold && last.underline == format.underline => last.text.push_str(text),
            _ => self.segments.push(Segment { text: text.to_owned(), bold: format.bold, underline: format.underline }),
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct RunFormat {
    bold: bool,
    underline: bool,
    hidden: bool,
}

#[derive(Default)]
struct Paragraph {
    lines: Vec<Line>,
    style: Option<String>,
    num_id: Option<i64>,
    level: Option<i64>,
}

/// Reads the document's paragraphs, handing each line to `sink` in order.
pub(super) fn read_lines(
    xml: &[u8],
    numbering: &mut Numbering,
    mut sink: impl FnMut(Line) -> Result<(), ImportError>,
) -> Result<(), ImportError> {
    let mut xml = WordXml::new("word/document.xml", xml).map_err(ImportError::Docx)?;
    // Paragraphs nest: a text box's paragraphs sit inside a run of the
    // paragraph that anchors it.
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut run = RunFormat::default();
    // Cells seen so far in each open table row (tables nest too).
    let mut rows: Vec<usize> = Vec::new();
    let mut next_is_soft = false;
    // Inside mc:Fallback or w:moveFrom nothing counts; a depth, since they
    // may nest in hostile files.
    let mut skipped = 0usize;
    let mut seen_root = false;
    loop {
        let item = xml.next().map_err(ImportError::Docx)?;
        if skipped > 0 {
            match item {
                Item::Open { tag: Tag::Fallback | Tag::MoveFrom, .. } => skipped += 1,
                Item::Close(Tag::Fallback | Tag::MoveFrom) => skipped -= 1,
                Item::Eof => break,
                _ => {}
            }
            continue;
        }
        match item {
            Item::Open { tag, element } => {
                if !seen_root {
                    if tag != Tag::Document {
                        let message = "phần word/document.xml không chứa nội dung tài liệu Word";
                        return Err(ImportError::Docx(message.into()));
                    }
                    seen_root = true;
                }
                let current = paragraphs.last_mut();
                match (tag, current) {
                    (Tag::Fallback | Tag::MoveFrom, _) => skipped = 1,
                    (Tag::P, _) => {
                        let soft = std::mem::take(&mut next_is_soft);
                        paragraphs
                            .push(Paragraph { lines: vec![Line { segments: Vec::new(), soft }], ..Default::default() });
                    }
                    (Tag::Tr, _) => rows.push(0),
                    (Tag::Tc, _) => {
                        if let Some(cells) = rows.last_mut() {
                            next_is_soft = *cells > 0;
                            *cells += 1;
                        }
                    }
                    (Tag::R, _) => run = RunFormat::default(),
                    (Tag::PStyle, Some(paragraph)) if xml.parent_is(&[Tag::P, Tag::PPr]) => {
                        paragraph.style = attribute(&element, "val");
                    }
                    (Tag::NumId, Some(paragraph)) if xml.parent_is(&[Tag::P, Tag::PPr, Tag::NumPr]) => {
                        paragraph.num_id = number(&element, "val");
                    }
                    (Tag::Ilvl, Some(paragraph)) if xml.parent_is(&[Tag::P, Tag::PPr, Tag::NumPr]) => {
                        paragraph.level = number(&element, "val");
                    }
                    (Tag::B, _) if xml.parent_is(&[Tag::R, Tag::RPr]) => run.bold = toggle(&element),
                    (Tag::U, _) if xml.parent_is(&[Tag::R, Tag::RPr]) => run.underline = toggle(&element),
                    (Tag::Vanish, _) if xml.parent_is(&[Tag::R, Tag::RPr]) => run.hidden = toggle(&element),
                    (Tag::Tab | Tag::PTab, Some(paragraph)) if xml.parent_is(&[Tag::R]) && !run.hidden => {
                        if let Some(line) = paragraph.lines.last_mut() {
                            line.push("\t", run);
                        }
                    }
                    (Tag::NoBreakHyphen, Some(paragraph)) if xml.parent_is(&[Tag::R]) && !run.hidden => {
                        if let Some(line) = paragraph.lines.last_mut() {
                            line.push("-", run);
                        }
                    }
                    (Tag::Br | Tag::Cr, Some(paragraph)) if xml.parent_is(&[Tag::R]) && !run.hidden => {
                        paragraph.lines.push(Line { segments: Vec::new(), soft: true });
                    }
                    _ => {}
                }
            }
            Item::Text(text) => {
                if run.hidden || !xml.within(&[Tag::R, Tag::T]) {
                    continue;
                }
                if let Some(line) = paragraphs.last_mut().and_then(|p| p.lines.last_mut()) {
                    // Invisible characters pasted from the web would hide a
                    // «Câu 1.» or «A.» at the start of a line.
                    let visible: String =
                        text.chars().filter(|c| !matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{00AD}')).collect();
                    line.push(&visible, run);
                }
            }
            Item::Close(Tag::P) => {
                if let Some(paragraph) = paragraphs.pop() {
                    let label = numbering.label(paragraph.style.as_deref(), paragraph.num_id, paragraph.level);
                    for (index, mut line) in paragraph.lines.into_iter().enumerate() {
                        for segment in &mut line.segments {
                            // Per segment so formatting stays aligned; authors'
                            // Vietnamese may be decomposed (NFD).
                            segment.text = segment.text.nfc().collect();
                        }
                        if index == 0 {
                            if let Some(label) = &label {
                                let text = format!("{label}\t");
                                line.segments.insert(0, Segment { text, bold: false, underline: false });
                            }
                        }
                        sink(line)?;
                    }
                }
            }
            Item::Close(Tag::Tr) => {
                rows.pop();
                next_is_soft = false;
            }
            Item::Close(_) => {}
            Item::Eof => break,
        }
    }
    if !seen_root {
        return Err(ImportError::Docx("phần word/document.xml trống".into()));
    }
    Ok(())
}
