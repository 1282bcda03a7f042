//! The link-preview image (Open Graph `og:image`, Twitter card): a
//! 1200×630 PNG with the contest's title, set in the bundled Liberation
//! Serif Bold (every Vietnamese letter, precomposed) and wrapped over as
//! many lines as fit, smaller when the title is long. Drawn by hand
//! (glyph outlines read by `skrifa`, rasterized by `ab_glyph_rasterizer`,
//! PNG by `png`): no SVG stack and no system fonts, so the image is the same
//! on every machine. (`skrifa` rather than `ab_glyph`: the latter parses
//! fonts with `ttf-parser`, unmaintained since RUSTSEC-2026-0192.)

use crate::fonts::{SERIF_BOLD, SERIF_REGULAR};
use crate::DocumentError;
use ab_glyph_rasterizer::{point, Point, Rasterizer};
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, GlyphId, MetadataProvider};
use unicode_normalization::UnicodeNormalization;

/// A font at a pixel size: what a line of text needs from it.
struct Face<'a> {
    font: FontRef<'a>,
    size: f32,
}

impl<'a> Face<'a> {
    fn new(bytes: &'a [u8], name: &'static str, size: f32) -> Result<Self, DocumentError> {
        let font = FontRef::new(bytes).map_err(|_| DocumentError::Font(name))?;
        Ok(Face { font, size })
    }

    fn at(&self, size: f32) -> Face<'a> {
        Face { font: self.font.clone(), size }
    }

    fn glyph(&self, c: char) -> GlyphId {
        self.font.charmap().map(c).unwrap_or(GlyphId::NOTDEF)
    }

    fn advance(&self, glyph: GlyphId) -> f32 {
        self.font.glyph_metrics(Size::new(self.size), LocationRef::default()).advance_width(glyph).unwrap_or(0.0)
    }

    fn ascent(&self) -> f32 {
        self.font.metrics(Size::new(self.size), LocationRef::default()).ascent
    }
}

/// A glyph's outline in image coordinates (y down), with its bounds.
struct GlyphPath {
    origin: (f32, f32),
    start: Point,
    last: Point,
    segments: Vec<Segment>,
    min: Point,
    max: Point,
}

enum Segment {
    Line(Point, Point),
    Quad(Point, Point, Point),
    Cubic(Point, Point, Point, Point),
}

impl GlyphPath {
    fn new(x: f32, baseline: f32) -> Self {
        let origin = point(x, baseline);
        GlyphPath {
            origin: (x, baseline),
            start: origin,
            last: origin,
            segments: Vec::new(),
            min: point(f32::MAX, f32::MAX),
            max: point(f32::MIN, f32::MIN),
        }
    }

    fn map(&mut self, x: f32, y: f32) -> Point {
        let p = point(self.origin.0 + x, self.origin.1 - y);
        self.min = point(self.min.x.min(p.x), self.min.y.min(p.y));
        self.max = point(self.max.x.max(p.x), self.max.y.max(p.y));
        p
    }
}

impl OutlinePen for GlyphPath {
    fn move_to(&mut self, x: f32, y: f32) {
        self.start = self.map(x, y);
        self.last = self.start;
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let p = self.map(x, y);
        self.segments.push(Segment::Line(self.last, p));
        self.last = p;
    }

    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        let (c, p) = (self.map(cx0, cy0), self.map(x, y));
        self.segments.push(Segment::Quad(self.last, c, p));
        self.last = p;
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let (c0, c1, p) = (self.map(cx0, cy0), self.map(cx1, cy1), self.map(x, y));
        self.segments.push(Segment::Cubic(self.last, c0, c1, p));
        self.last = p;
    }

    fn close(&mut self) {
        if self.last != self.start {
            self.segments.push(Segment::Line(self.last, self.start));
        }
        self.last = self.start;
    }
}

pub const OG_IMAGE_WIDTH: u32 = 1200;
pub const OG_IMAGE_HEIGHT: u32 = 630;

const BACKGROUND: [u8; 3] = [0x0b, 0x3d, 0x6e];
const BAND: [u8; 3] = [0x08, 0x2c, 0x50];
const ACCENT: [u8; 3] = [0xf2, 0xb1, 0x34];
const TITLE: [u8; 3] = [0xff, 0xff, 0xff];
const KICKER: [u8; 3] = [0xd6, 0xe4, 0xf2];
const MARGIN: f32 = 80.0;

/// The preview image for a contest: `kicker` (a short line above, e.g.
/// «CUỘC THI TRẮC NGHIỆM TRỰC TUYẾN»), the title below it, wrapped, and
/// `footer` (e.g. the site's address) in the band at the bottom.
pub fn render_og_image(kicker: &str, title: &str, footer: &str) -> Result<Vec<u8>, DocumentError> {
    let bold = Face::new(SERIF_BOLD, "LiberationSerif-Bold", 76.0)?;
    let regular = Face::new(SERIF_REGULAR, "LiberationSerif-Regular", 34.0)?;
    let mut canvas = Canvas::new(OG_IMAGE_WIDTH, OG_IMAGE_HEIGHT, BACKGROUND);
    let (w, h) = (OG_IMAGE_WIDTH as f32, OG_IMAGE_HEIGHT as f32);
    canvas.fill_rect(0.0, h - 90.0, w, 90.0, BAND);
    canvas.fill_rect(0.0, h - 96.0, w, 6.0, ACCENT);
    canvas.fill_rect(MARGIN, 150.0, 120.0, 6.0, ACCENT);

    let kicker: String = kicker.nfc().collect();
    canvas.draw_line(&regular, &kicker, MARGIN, 120.0, KICKER);
    let footer: String = footer.nfc().collect();
    canvas.draw_line(&regular.at(32.0), &footer, MARGIN, h - 34.0, KICKER);

    // The largest size at which the title fits in the space between the
    // accent rule and the band, down to 40 px; past that, cut with «…».
    let title: String = title.split_whitespace().collect::<Vec<_>>().join(" ").nfc().collect();
    let (top, bottom, max_width) = (190.0, h - 130.0, w - 2.0 * MARGIN);
    let mut chosen = None;
    for size in [76.0_f32, 68.0, 60.0, 54.0, 48.0, 44.0, 40.0] {
        let scale = bold.at(size);
        let line_height = size * 1.18;
        let lines = wrap(&scale, &title, max_width);
        let capacity = (((bottom - top) / line_height).floor() as usize).max(1);
        if lines.len() <= capacity || size <= 40.0 {
            chosen = Some((scale, line_height, lines, capacity));
            break;
        }
    }
    let (scale, line_height, mut lines, capacity) = chosen.expect("the last size is always chosen");
    if lines.len() > capacity {
        lines.truncate(capacity);
        let last = lines.pop().unwrap_or_default();
        let mut words: Vec<&str> = last.split(' ').collect();
        loop {
            let candidate = format!("{}…", words.join(" "));
            if words.len() <= 1 || text_width(&scale, &candidate) <= max_width {
                lines.push(candidate);
                break;
            }
            words.pop();
        }
    }
    let ascent = scale.ascent();
    for (i, line) in lines.iter().enumerate() {
        canvas.draw_line(&scale, line, MARGIN, top + ascent + i as f32 * line_height, TITLE);
    }
    canvas.encode_png()
}

fn text_width(face: &Face<'_>, text: &str) -> f32 {
    text.chars().map(|c| face.advance(face.glyph(c))).sum()
}

/// Greedy word wrap; a single word wider than the line stays whole.
fn wrap(face: &Face<'_>, text: &str, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
        if !line.is_empty() && text_width(face, &candidate) > max_width {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    fn new(width: u32, height: u32, color: [u8; 3]) -> Self {
        let pixels = color.iter().copied().cycle().take((width * height * 3) as usize).collect();
        Canvas { width, height, pixels }
    }

    fn blend(&mut self, x: i64, y: i64, color: [u8; 3], alpha: f32) {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return;
        }
        let alpha = alpha.clamp(0.0, 1.0);
        let at = ((y as usize) * self.width as usize + x as usize) * 3;
        for (channel, value) in color.iter().enumerate() {
            let old = f32::from(self.pixels[at + channel]);
            self.pixels[at + channel] = (old + (f32::from(*value) - old) * alpha).round() as u8;
        }
    }

    fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: [u8; 3]) {
        for py in y as i64..(y + h) as i64 {
            for px in x as i64..(x + w) as i64 {
                self.blend(px, py, color, 1.0);
            }
        }
    }

    fn draw_line(&mut self, face: &Face<'_>, text: &str, x: f32, baseline: f32, color: [u8; 3]) {
        let outlines = face.font.outline_glyphs();
        let mut caret = x;
        for c in text.chars() {
            let id = face.glyph(c);
            let mut path = GlyphPath::new(caret, baseline);
            let drawn = outlines
                .get(id)
                .map(|glyph| {
                    glyph.draw(DrawSettings::unhinted(Size::new(face.size), LocationRef::default()), &mut path).is_ok()
                })
                .unwrap_or(false);
            if drawn && !path.segments.is_empty() {
                self.fill_path(&path, color);
            }
            caret += face.advance(id);
        }
    }

    /// Fills a glyph with its anti-aliased coverage (non-zero winding).
    fn fill_path(&mut self, path: &GlyphPath, color: [u8; 3]) {
        let (left, top) = (path.min.x.floor(), path.min.y.floor());
        let width = (path.max.x.ceil() - left) as usize + 1;
        let height = (path.max.y.ceil() - top) as usize + 1;
        let shift = |p: Point| point(p.x - left, p.y - top);
        let mut rasterizer = Rasterizer::new(width, height);
        for segment in &path.segments {
            match *segment {
                Segment::Line(a, b) => rasterizer.draw_line(shift(a), shift(b)),
                Segment::Quad(a, c, b) => rasterizer.draw_quad(shift(a), shift(c), shift(b)),
                Segment::Cubic(a, c0, c1, b) => rasterizer.draw_cubic(shift(a), shift(c0), shift(c1), shift(b)),
            }
        }
        rasterizer.for_each_pixel_2d(|gx, gy, coverage| {
            if coverage > 0.0 {
                self.blend(left as i64 + i64::from(gx), top as i64 + i64::from(gy), color, coverage);
            }
        });
    }

    fn encode_png(&self) -> Result<Vec<u8>, DocumentError> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Best);
        let mut writer = encoder.write_header().map_err(|e| DocumentError::Image(e.to_string()))?;
        writer.write_image_data(&self.pixels).map_err(|e| DocumentError::Image(e.to_string()))?;
        writer.finish().map_err(|e| DocumentError::Image(e.to_string()))?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size_of(png_bytes: &[u8]) -> (u32, u32) {
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let reader = decoder.read_info().unwrap();
        (reader.info().width, reader.info().height)
    }

    #[test]
    fn the_preview_is_a_1200_by_630_png() {
        let bytes = render_og_image(
            "CUỘC THI TRẮC NGHIỆM TRỰC TUYẾN",
            "Tìm hiểu cải cách hành chính thị xã Quảng Trị năm 2022",
            "cuocthi.quangtri.gov.vn",
        )
        .unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(size_of(&bytes), (1200, 630));
    }

    #[test]
    fn long_titles_wrap_and_are_cut_not_spilled() {
        let long =
            "Tìm hiểu pháp luật về cải cách hành chính, chuyển đổi số và xây dựng chính quyền điện tử ".repeat(6);
        let bytes = render_og_image("CUỘC THI", &long, "").unwrap();
        assert_eq!(size_of(&bytes), (1200, 630));
        let bold = Face::new(SERIF_BOLD, "bold", 60.0).unwrap();
        let lines = wrap(&bold, "Tìm hiểu cải cách hành chính thị xã Quảng Trị năm 2022", 1040.0);
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| text_width(&bold, l) <= 1040.0));
    }

    #[test]
    fn vietnamese_letters_have_their_own_glyphs() {
        let bold = Face::new(SERIF_BOLD, "bold", 60.0).unwrap();
        for c in "ảạấầẩẫậắằẳẵặẻẽẹếềểễệỉịỏọốồổỗộớờởỡợủụứừửữựỳỵỷỹđĐƯƠ".chars()
        {
            assert_ne!(bold.glyph(c), GlyphId::NOTDEF, "no glyph for {c}");
        }
    }
}
