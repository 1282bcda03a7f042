//! Word's automatic numbering, written out as the text Word shows: a
//! paragraph numbered with the level "Câu %1:" reads «Câu 3:», one with an
//! `upperLetter` level "%1." reads «B.».
//!
//! Supported: numbering set on the paragraph (`w:numPr`) or by its paragraph
//! style (following `w:basedOn`), abstract numberings reached through
//! `w:numStyleLink`, `w:startOverride` and whole-level overrides, counters
//! shared by the numberings of one abstract numbering (as Word does) and
//! deeper levels restarting after a shallower one. Formats: decimal,
//! decimalZero, upper/lowerLetter, upper/lowerRoman; any other format is
//! written as a decimal number, and bullets or "none" give no text at all.
//! Not modelled: `w:lvlRestart`, `w:isLgl`, legacy and picture numbering.

use std::collections::{HashMap, HashSet};

use super::xml::{attribute, number, Item, Tag, WordXml};

/// Word has levels 0 to 8.
const LEVELS: usize = 9;
/// A level's text is a few characters ("Câu %1:"); a longer one is hostile
/// (it would be copied onto every paragraph) and is dropped when read.
const MAX_LEVEL_TEXT_CHARS: usize = 64;
/// basedOn and numStyleLink chains are short; a cycle must not loop.
const MAX_CHAIN: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum NumberFormat {
    #[default]
    Decimal,
    DecimalZero,
    UpperLetter,
    LowerLetter,
    UpperRoman,
    LowerRoman,
    /// Bullets and "none": no number to read.
    Nothing,
}

impl NumberFormat {
    fn parse(raw: &str) -> Self {
        match raw {
            "decimalZero" => Self::DecimalZero,
            "upperLetter" => Self::UpperLetter,
            "lowerLetter" => Self::LowerLetter,
            "upperRoman" => Self::UpperRoman,
            "lowerRoman" => Self::LowerRoman,
            "bullet" | "none" => Self::Nothing,
            _ => Self::Decimal,
        }
    }

    fn write(self, n: i64) -> String {
        match self {
            Self::UpperLetter | Self::LowerLetter if (1..=26 * 30).contains(&n) => {
                // Word goes A…Z, AA…ZZ, AAA…
                let index = (n - 1) as usize;
                let letter = (b'A' + (index % 26) as u8) as char;
                let text = letter.to_string().repeat(index / 26 + 1);
                if self == Self::LowerLetter {
                    text.to_lowercase()
                } else {
                    text
                }
            }
            Self::UpperRoman | Self::LowerRoman if (1..4000).contains(&n) => {
                let text = roman(n);
                if self == Self::LowerRoman {
                    text.to_lowercase()
                } else {
                    text
                }
            }
            Self::DecimalZero if (0..10).contains(&n) => format!("0{n}"),
            _ => n.to_string(),
        }
    }
}

fn roman(mut n: i64) -> String {
    const DIGITS: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut text = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            text.push_str(digits);
            n -= value;
        }
    }
    text
}

#[derive(Debug, Clone, Default)]
struct Level {
    /// `w:start`; the specification's default is 0.
    start: i64,
    format: NumberFormat,
    text: Option<String>,
}

#[derive(Debug, Default)]
struct AbstractNumbering {
    levels: [Option<Level>; LEVELS],
    /// The numbering style whose own numbering defines the levels.
    style_link: Option<String>,
}

#[derive(Debug, Default)]
struct Num {
    abstract_id: Option<i64>,
    start_overrides: Vec<(usize, i64)>,
    levels: [Option<Level>; LEVELS],
}

#[derive(Debug, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<i64>,
    level: Option<i64>,
}

/// What numbering.xml and styles.xml say, and the counters so far.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<i64, AbstractNumbering>,
    nums: HashMap<i64, Num>,
    styles: HashMap<String, Style>,
    default_paragraph_style: Option<String>,
    counters: HashMap<i64, [Option<i64>; LEVELS]>,
    /// Numberings whose start overrides have been applied (at first use).
    started: HashSet<i64>,
}

fn level_index(raw: Option<i64>) -> Option<usize> {
    raw.and_then(|l| usize::try_from(l).ok()).filter(|l| *l < LEVELS)
}

impl Numbering {
    /// Reads `word/numbering.xml` (absent: no numbering).
    pub fn read_numbering(&mut self, xml: &[u8]) -> Result<(), String> {
        let mut xml = WordXml::new("word/numbering.xml", xml)?;
        let mut abstract_num: Option<(i64, AbstractNumbering)> = None;
        let mut num: Option<(i64, Num)> = None;
        let mut override_level: Option<usize> = None;
        let mut level: Option<(usize, Level)> = None;
        loop {
            let closed = match xml.next()? {
                Item::Eof => break,
                Item::Text(_) => continue,
                Item::Close(tag) => tag,
                Item::Open { tag, element } => {
                    match tag {
                        Tag::AbstractNum => {
                            abstract_num = number(&element, "abstractNumId").map(|id| (id, Default::default()))
                        }
                        Tag::Num => num = number(&element, "numId").map(|id| (id, Default::default())),
                        Tag::AbstractNumId => {
                            if let Some((_, num)) = &mut num {
                                num.abstract_id = number(&element, "val");
                            }
                        }
                        Tag::LvlOverride => override_level = level_index(number(&element, "ilvl")),
                        Tag::StartOverride => {
                            if let (Some((_, num)), Some(index), Some(start)) =
                                (&mut num, override_level, number(&element, "val"))
                            {
                                num.start_overrides.push((index, start));
                            }
                        }
                        Tag::NumStyleLink => {
                            if let Some((_, abstract_num)) = &mut abstract_num {
                                abstract_num.style_link = attribute(&element, "val");
                            }
                        }
                        Tag::Lvl => level = level_index(number(&element, "ilvl")).map(|i| (i, Level::default())),
                        Tag::Start => {
                            if let Some((_, level)) = &mut level {
                                level.start = number(&element, "val").unwrap_or(0);
                            }
                        }
                        Tag::NumFmt => {
                            if let Some((_, level)) = &mut level {
                                level.format = NumberFormat::parse(&attribute(&element, "val").unwrap_or_default());
                            }
                        }
                        Tag::LvlText => {
                            if let Some((_, level)) = &mut level {
                                level.text = attribute(&element, "val")
                                    .filter(|text| text.chars().count() <= MAX_LEVEL_TEXT_CHARS);
                            }
                        }
                        _ => {}
                    }
                    continue;
                }
            };
            match closed {
                Tag::Lvl => {
                    if let Some((index, finished)) = level.take() {
                        match (&mut num, override_level, &mut abstract_num) {
                            (Some((_, num)), Some(_), _) => num.levels[index] = Some(finished),
                            (None, _, Some((_, abstract_num))) => abstract_num.levels[index] = Some(finished),
                            _ => {}
                        }
                    }
                }
                Tag::LvlOverride => override_level = None,
                Tag::AbstractNum => {
                    if let Some((id, finished)) = abstract_num.take() {
                        self.abstracts.insert(id, finished);
                    }
                }
                Tag::Num => {
                    if let Some((id, finished)) = num.take() {
                        self.nums.insert(id, finished);
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Reads `word/styles.xml` for the numbering paragraph and numbering
    /// styles carry (absent: none).
    pub fn read_styles(&mut self, xml: &[u8]) -> Result<(), String> {
        let mut xml = WordXml::new("word/styles.xml", xml)?;
        let mut style: Option<(String, Style)> = None;
        loop {
            match xml.next()? {
                Item::Eof => break,
                Item::Open { tag: Tag::Style, element } => {
                    let kind = attribute(&element, "type").unwrap_or_else(|| "paragraph".into());
                    let id = attribute(&element, "styleId");
                    if kind == "paragraph"
                        && matches!(attribute(&element, "default").as_deref(), Some("1" | "true" | "on"))
                    {
                        self.default_paragraph_style.clone_from(&id);
                    }
                    style = id.filter(|_| kind == "paragraph" || kind == "numbering").map(|id| (id, Style::default()));
                }
                Item::Open { tag, element } => {
                    let Some((_, style)) = &mut style else { continue };
                    let in_numbering = xml.parent_is(&[Tag::Style, Tag::PPr, Tag::NumPr]);
                    match tag {
                        Tag::BasedOn if xml.parent_is(&[Tag::Style]) => style.based_on = attribute(&element, "val"),
                        Tag::NumId if in_numbering => style.num_id = number(&element, "val"),
                        Tag::Ilvl if in_numbering => style.level = number(&element, "val"),
                        _ => {}
                    }
                }
                Item::Close(Tag::Style) => {
                    if let Some((id, finished)) = style.take() {
                        self.styles.insert(id, finished);
                    }
                }
                Item::Close(_) | Item::Text(_) => {}
            }
        }
        Ok(())
    }

    /// The numbering a paragraph style gives, following basedOn.
    fn style_numbering(&self, style: Option<&str>) -> (Option<i64>, Option<i64>) {
        let mut current = style;
        for _ in 0..MAX_CHAIN {
            let Some(found) = current.and_then(|id| self.styles.get(id)) else { break };
            if found.num_id.is_some() {
                return (found.num_id, found.level);
            }
            current = found.based_on.as_deref();
        }
        (None, None)
    }

    /// The abstract numbering that holds the levels, through numStyleLink.
    fn resolve_abstract(&self, mut id: i64) -> Option<i64> {
        for _ in 0..MAX_CHAIN {
            let found = self.abstracts.get(&id)?;
            let Some(link) = &found.style_link else { return Some(id) };
            let num_id = self.styles.get(link)?.num_id?;
            id = self.nums.get(&num_id)?.abstract_id?;
        }
        None
    }

    fn level(&self, num_id: i64, abstract_id: i64, index: usize) -> Option<&Level> {
        let overridden = self.nums.get(&num_id).and_then(|num| num.levels[index].as_ref());
        overridden.or_else(|| self.abstracts.get(&abstract_id).and_then(|a| a.levels[index].as_ref()))
    }

    /// The text Word shows before the paragraph ("Câu 3:", "B."), advancing
    /// the counters; None for unnumbered paragraphs and bullets. Call it for
    /// every paragraph, in document order.
    pub fn label(&mut self, style: Option<&str>, num_id: Option<i64>, level: Option<i64>) -> Option<String> {
        let (style_num_id, style_level) = self.style_numbering(style.or(self.default_paragraph_style.as_deref()));
        // numId 0 is Word's way to switch a style's numbering off.
        let num_id = num_id.or(style_num_id).filter(|id| *id != 0)?;
        let index = level_index(Some(level.or(style_level).unwrap_or(0)))?;
        let abstract_id = self.resolve_abstract(self.nums.get(&num_id)?.abstract_id?)?;
        let current = self.level(num_id, abstract_id, index)?.clone();
        let mut counters = self.counters.get(&abstract_id).copied().unwrap_or_default();
        if self.started.insert(num_id) {
            for (overridden, start) in self.nums.get(&num_id).map(|n| n.start_overrides.clone()).unwrap_or_default() {
                counters[overridden] = Some(start.saturating_sub(1));
            }
        }
        counters[index] = Some(counters[index].map_or(current.start, |n| n.saturating_add(1)));
        for deeper in &mut counters[index + 1..] {
            *deeper = None;
        }
        self.counters.insert(abstract_id, counters);
        if current.format == NumberFormat::Nothing {
            return None;
        }
        let template = current.text?;
        let mut label = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            let referenced = chars.peek().and_then(|d| d.to_digit(10)).filter(|d| (1..=9).contains(d));
            match (c, referenced) {
                ('%', Some(digit)) => {
                    chars.next();
                    let shown = digit as usize - 1;
                    let shown_level = self.level(num_id, abstract_id, shown).cloned().unwrap_or_default();
                    label.push_str(&shown_level.format.write(counters[shown].unwrap_or(shown_level.start)));
                }
                _ => label.push(c),
            }
        }
        let label = label.trim();
        (!label.is_empty()).then(|| label.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_word_shows_them() {
        assert_eq!(NumberFormat::UpperLetter.write(2), "B");
        assert_eq!(NumberFormat::UpperLetter.write(27), "AA");
        assert_eq!(NumberFormat::LowerLetter.write(3), "c");
        assert_eq!(NumberFormat::UpperRoman.write(14), "XIV");
        assert_eq!(NumberFormat::LowerRoman.write(9), "ix");
        assert_eq!(NumberFormat::DecimalZero.write(7), "07");
        // Out of range for letters: a number rather than a huge string.
        assert_eq!(NumberFormat::UpperLetter.write(i64::MAX), i64::MAX.to_string());
        assert_eq!(NumberFormat::UpperLetter.write(0), "0");
    }

    #[test]
    fn hostile_or_odd_levels_give_no_label() {
        let long = "%1".repeat(MAX_LEVEL_TEXT_CHARS);
        let xml = format!(
            r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
              <w:abstractNum w:abstractNumId="1">
                <w:lvl w:ilvl="0"><w:start w:val="9223372036854775807"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="{long}"/></w:lvl>
                <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
                <w:lvl w:ilvl="2"><w:start w:val="9223372036854775807"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%3."/></w:lvl>
              </w:abstractNum>
              <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
              <w:num w:numId="2"><w:abstractNumId w:val="99"/></w:num>
            </w:numbering>"#
        );
        let mut numbering = Numbering::default();
        numbering.read_numbering(xml.as_bytes()).unwrap();
        assert_eq!(numbering.label(None, Some(1), Some(0)), None); // text too long
        assert_eq!(numbering.label(None, Some(1), Some(1)), None); // bullet
        assert_eq!(numbering.label(None, Some(0), Some(0)), None); // "no numbering"
        assert_eq!(numbering.label(None, Some(2), Some(0)), None); // undefined abstract numbering
        assert_eq!(numbering.label(None, Some(1), Some(9)), None); // no such level
        assert_eq!(numbering.label(None, Some(1), Some(-1)), None);
        // Counters saturate rather than overflow.
        let max = i64::MAX.to_string();
        assert_eq!(numbering.label(None, Some(1), Some(2)), Some(format!("{max}.")));
        assert_eq!(numbering.label(None, Some(1), Some(2)), Some(format!("{max}.")));
    }
}
