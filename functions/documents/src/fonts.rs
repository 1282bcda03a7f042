//! The bundled fonts: Liberation Serif 2.1.5 (SIL OFL 1.1, see
//! fonts/README.md), metric-compatible with Times New Roman, the font the
//! decree prescribes. Certificates embed them; the .docx renderer only
//! measures with them (Word and LibreOffice bring their own Times New Roman
//! or its Liberation substitute, which have the same widths).

use crate::DocumentError;

pub(crate) static SERIF_REGULAR: &[u8] = include_bytes!("../fonts/LiberationSerif-Regular.ttf");
pub(crate) static SERIF_BOLD: &[u8] = include_bytes!("../fonts/LiberationSerif-Bold.ttf");
pub(crate) static SERIF_ITALIC: &[u8] = include_bytes!("../fonts/LiberationSerif-Italic.ttf");

/// Advance widths read straight from a TrueType font's `cmap` (format 4,
/// the Basic Multilingual Plane, where every Vietnamese letter is) and
/// `hmtx` tables.
///
/// Measuring is all the .docx renderer needs from a font; reading these two
/// tables here, rather than through printpdf's font parser, keeps that
/// parser (and, with `subset-fonts`, its layout engine) out of binaries
/// that only write Word documents: about 1 MB. The fonts are our own
/// bundled files, but every read is bounds-checked all the same.
pub(crate) struct Metrics {
    data: &'static [u8],
    units_per_em: f32,
    /// Offset of the format 4 subtable, of `hmtx`, and the number of long
    /// metrics in `hmtx`.
    cmap: usize,
    hmtx: usize,
    long_metrics: usize,
}

fn u16_at(data: &[u8], offset: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(offset..offset.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(data: &[u8], offset: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(offset..offset.checked_add(4)?)?.try_into().ok()?))
}

impl Metrics {
    pub(crate) fn parse(data: &'static [u8], name: &'static str) -> Result<Metrics, DocumentError> {
        Self::read(data).ok_or(DocumentError::Font(name))
    }

    fn read(data: &'static [u8]) -> Option<Metrics> {
        let table = |tag: &[u8; 4]| -> Option<usize> {
            let count = usize::from(u16_at(data, 4)?);
            (0..count)
                .map(|i| 12 + 16 * i)
                .find(|r| data.get(*r..r + 4) == Some(tag.as_slice()))
                .and_then(|record| u32_at(data, record + 8))
                .map(|offset| offset as usize)
        };
        let head = table(b"head")?;
        let hhea = table(b"hhea")?;
        let cmap = table(b"cmap")?;
        let units_per_em = f32::from(u16_at(data, head + 18)?.max(1));
        let long_metrics = usize::from(u16_at(data, hhea + 34)?);
        // The Windows Unicode BMP subtable (3, 1), or Unicode BMP (0, 3).
        let subtables = usize::from(u16_at(data, cmap + 2)?);
        let format4 = (0..subtables).map(|i| cmap + 4 + 8 * i).find_map(|record| {
            let ids = (u16_at(data, record)?, u16_at(data, record + 2)?);
            let offset = cmap + u32_at(data, record + 4)? as usize;
            (matches!(ids, (3, 1) | (0, 3)) && u16_at(data, offset)? == 4).then_some(offset)
        })?;
        Some(Metrics { data, units_per_em, cmap: format4, hmtx: table(b"hmtx")?, long_metrics })
    }

    /// The glyph of `c`, 0 (the "missing" glyph) when the font has none.
    pub(crate) fn glyph(&self, c: char) -> u16 {
        self.lookup(c as u32).unwrap_or(0)
    }

    fn lookup(&self, code: u32) -> Option<u16> {
        let code = u16::try_from(code).ok()?;
        let (data, table) = (self.data, self.cmap);
        let segments = usize::from(u16_at(data, table + 6)? / 2);
        let ends = table + 14;
        let starts = ends + 2 * segments + 2;
        let deltas = starts + 2 * segments;
        let range_offsets = deltas + 2 * segments;
        // End codes are sorted: the first segment ending at or after `code`.
        let segment = (0..segments).find(|s| u16_at(data, ends + 2 * s).is_some_and(|end| end >= code))?;
        let start = u16_at(data, starts + 2 * segment)?;
        if code < start {
            return Some(0);
        }
        let delta = u16_at(data, deltas + 2 * segment)?;
        let range_offset_at = range_offsets + 2 * segment;
        let range_offset = usize::from(u16_at(data, range_offset_at)?);
        if range_offset == 0 {
            return Some(code.wrapping_add(delta));
        }
        let glyph = u16_at(data, range_offset_at + range_offset + 2 * usize::from(code - start))?;
        Some(if glyph == 0 { 0 } else { glyph.wrapping_add(delta) })
    }

    fn advance(&self, glyph: u16) -> u16 {
        // Glyphs past the long metrics share the last advance (monospaced tails).
        let index = usize::from(glyph).min(self.long_metrics.saturating_sub(1));
        u16_at(self.data, self.hmtx + 4 * index).unwrap_or(0)
    }

    /// The advance width of `text` set at `size` points, in points: the sum
    /// of the glyphs' advances (no kerning, which these faces barely use and
    /// printpdf does not apply without shaping either).
    pub(crate) fn width_pt(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| u32::from(self.advance(self.glyph(c)))).sum();
        units as f32 / self.units_per_em * size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every letter Vietnamese writes, both cases, all tones.
    fn vietnamese_letters() -> Vec<char> {
        let bases = "aăâeêioôơuưy";
        let tones = ["", "\u{0300}", "\u{0301}", "\u{0303}", "\u{0309}", "\u{0323}"];
        let mut letters: Vec<char> = "đĐ".chars().collect();
        for base in bases.chars() {
            for tone in tones {
                let composed: String =
                    unicode_normalization::UnicodeNormalization::nfc(format!("{base}{tone}").chars()).collect();
                let letter = composed.chars().next().unwrap();
                assert_eq!(composed.chars().count(), 1, "{composed} composes to one letter");
                letters.push(letter);
                letters.extend(letter.to_uppercase());
            }
        }
        letters
    }

    /// The same glyphs and advances as printpdf's own parser finds, for
    /// every Vietnamese letter, ASCII and the punctuation the documents use.
    #[test]
    fn agrees_with_printpdf_on_every_vietnamese_letter() {
        let mut chars = vietnamese_letters();
        assert_eq!(chars.len(), 2 + 12 * 6 * 2);
        chars.extend((' '..='~').chain("–—“”‘’…«»".chars()));
        for (bytes, name) in [(SERIF_REGULAR, "regular"), (SERIF_BOLD, "bold"), (SERIF_ITALIC, "italic")] {
            let ours = Metrics::parse(bytes, name).unwrap();
            let theirs = printpdf::ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).unwrap();
            assert_eq!(ours.units_per_em, f32::from(theirs.pdf_font_metrics.units_per_em), "{name}");
            for c in &chars {
                let glyph = theirs.lookup_glyph_index(*c as u32).expect("printpdf finds the glyph");
                assert_eq!(ours.glyph(*c), glyph, "{name} {c}");
                #[cfg(feature = "subset-fonts")]
                let advance = theirs.get_horizontal_advance(glyph);
                #[cfg(not(feature = "subset-fonts"))]
                let advance = theirs.get_glyph_width(glyph).unwrap();
                assert_eq!(ours.advance(glyph), advance, "{name} {c}");
            }
        }
    }

    #[test]
    fn characters_outside_the_font_have_no_glyph() {
        let metrics = Metrics::parse(SERIF_REGULAR, "regular").unwrap();
        for c in ['\u{4E2D}', '\u{1F600}', '\u{E000}'] {
            assert_eq!(metrics.glyph(c), 0, "{c}");
        }
        assert!(Metrics::parse(&SERIF_REGULAR[..100], "cut").is_err());
    }
}
