//! The link-preview image (Open Graph `og:image`, Twitter card): a
//! 1200×630 PNG with the contest's title, set in the bundled Liberation
//! Serif Bold (every Vietnamese letter, precomposed) and wrapped over as
//! many lines as fit, smaller when the title is long. Drawn by hand
//! (glyph outlines rasterized by `ab_glyph`, PNG by `png`): no SVG stack
//! and no system fonts, so the image is the same on every machine.

use crate::fonts::{SERIF_BOLD, SERIF_REGULAR};
use crate::DocumentError;
use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};
use unicode_normalization::UnicodeNormalization;

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
    let bold = FontRef::try_from_slice(SERIF_BOLD).map_err(|_| DocumentError::Font("LiberationSerif-Bold"))?;
    let regular = FontRef::try_from_slice(SERIF_REGULAR).map_err(|_| DocumentError::Font("LiberationSerif-Regular"))?;
    let mut canvas = Canvas::new(OG_IMAGE_WIDTH, OG_IMAGE_HEIGHT, BACKGROUND);
    let (w, h) = (OG_IMAGE_WIDTH as f32, OG_IMAGE_HEIGHT as f32);
    canvas.fill_rect(0.0, h - 90.0, w, 90.0, BAND);
    canvas.fill_rect(0.0, h - 96.0, w, 6.0, ACCENT);
    canvas.fill_rect(MARGIN, 150.0, 120.0, 6.0, ACCENT);

    let kicker: String = kicker.nfc().collect();
    canvas.draw_line(&regular, PxScale::from(34.0), &kicker, MARGIN, 120.0, KICKER);
    let footer: String = footer.nfc().collect();
    canvas.draw_line(&regular, PxScale::from(32.0), &footer, MARGIN, h - 34.0, KICKER);

    // The largest size at which the title fits in the space between the
    // accent rule and the band, down to 40 px; past that, cut with «…».
    let title: String = title.split_whitespace().collect::<Vec<_>>().join(" ").nfc().collect();
    let (top, bottom, max_width) = (190.0, h - 130.0, w - 2.0 * MARGIN);
    let mut chosen = None;
    for size in [76.0_f32, 68.0, 60.0, 54.0, 48.0, 44.0, 40.0] {
        let scale = PxScale::from(size);
        let line_height = size * 1.18;
        let lines = wrap(&bold, scale, &title, max_width);
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
            if words.len() <= 1 || text_width(&bold, scale, &candidate) <= max_width {
                lines.push(candidate);
                break;
            }
            words.pop();
        }
    }
    let ascent = bold.as_scaled(scale).ascent();
    for (i, line) in lines.iter().enumerate() {
        canvas.draw_line(&bold, scale, line, MARGIN, top + ascent + i as f32 * line_height, TITLE);
    }
    canvas.encode_png()
}

fn text_width(font: &FontRef<'_>, scale: PxScale, text: &str) -> f32 {
    let scaled = font.as_scaled(scale);
    let mut width = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
    }
    width
}

/// Greedy word wrap; a single word wider than the line stays whole.
fn wrap(font: &FontRef<'_>, scale: PxScale, text: &str, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
        if !line.is_empty() && text_width(font, scale, &candidate) > max_width {
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

    fn draw_line(&mut self, font: &FontRef<'_>, scale: PxScale, text: &str, x: f32, baseline: f32, color: [u8; 3]) {
        let scaled = font.as_scaled(scale);
        let mut caret = x;
        let mut previous = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = previous {
                caret += scaled.kern(p, id);
            }
            let glyph = id.with_scale_and_position(scale, point(caret, baseline));
            if let Some(outline) = font.outline_glyph(glyph) {
                let bounds = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    self.blend(
                        bounds.min.x as i64 + i64::from(gx),
                        bounds.min.y as i64 + i64::from(gy),
                        color,
                        coverage,
                    );
                });
            }
            caret += scaled.h_advance(id);
            previous = Some(id);
        }
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
        let bold = FontRef::try_from_slice(SERIF_BOLD).unwrap();
        let lines = wrap(&bold, PxScale::from(60.0), "Tìm hiểu cải cách hành chính thị xã Quảng Trị năm 2022", 1040.0);
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| text_width(&bold, PxScale::from(60.0), l) <= 1040.0));
    }

    #[test]
    fn vietnamese_letters_have_their_own_glyphs() {
        let bold = FontRef::try_from_slice(SERIF_BOLD).unwrap();
        for c in "ảạấầẩẫậắằẳẵặẻẽẹếềểễệỉịỏọốồổỗộớờởỡợủụứừửữựỳỵỷỹđĐƯƠ".chars()
        {
            assert_ne!(bold.glyph_id(c).0, 0, "no glyph for {c}");
        }
    }
}
