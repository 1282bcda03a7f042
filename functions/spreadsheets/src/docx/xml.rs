//! A thin layer over quick-xml's namespace-aware pull reader: elements come
//! out as the few WordprocessingML names the importer cares about, text with
//! its entities resolved, and every malformation as an error (never a panic).

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;
use std::borrow::Cow;

/// WordprocessingML as Word writes it (transitional) and as "Strict Open XML"
/// files name it.
const W_NAMESPACES: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
/// Markup compatibility: `mc:Fallback` repeats a text box's content for old
/// readers; reading it too would double the text.
const MC_NAMESPACE: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The elements the importer looks at; anything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tag {
    Document,
    P,
    PPr,
    PStyle,
    NumPr,
    NumId,
    Ilvl,
    R,
    RPr,
    B,
    U,
    Vanish,
    T,
    Tab,
    PTab,
    Br,
    Cr,
    NoBreakHyphen,
    Tr,
    Tc,
    /// Moved-away text under tracked changes: not part of the document.
    MoveFrom,
    Fallback,
    // numbering.xml
    AbstractNum,
    AbstractNumId,
    Num,
    Lvl,
    Start,
    NumFmt,
    LvlText,
    LvlOverride,
    StartOverride,
    NumStyleLink,
    // styles.xml
    Style,
    BasedOn,
    Other,
}

fn word_tag(local: &str) -> Tag {
    match local {
        "document" => Tag::Document,
        "p" => Tag::P,
        "pPr" => Tag::PPr,
        "pStyle" => Tag::PStyle,
        "numPr" => Tag::NumPr,
        "numId" => Tag::NumId,
        "ilvl" => Tag::Ilvl,
        "r" => Tag::R,
        "rPr" => Tag::RPr,
        "b" => Tag::B,
        "u" => Tag::U,
        "vanish" => Tag::Vanish,
        "t" => Tag::T,
        "tab" => Tag::Tab,
        "ptab" => Tag::PTab,
        "br" => Tag::Br,
        "cr" => Tag::Cr,
        "noBreakHyphen" => Tag::NoBreakHyphen,
        "tr" => Tag::Tr,
        "tc" => Tag::Tc,
        "moveFrom" => Tag::MoveFrom,
        "abstractNum" => Tag::AbstractNum,
        "abstractNumId" => Tag::AbstractNumId,
        "num" => Tag::Num,
        "lvl" => Tag::Lvl,
        "start" => Tag::Start,
        "numFmt" => Tag::NumFmt,
        "lvlText" => Tag::LvlText,
        "lvlOverride" => Tag::LvlOverride,
        "startOverride" => Tag::StartOverride,
        "numStyleLink" => Tag::NumStyleLink,
        "style" => Tag::Style,
        "basedOn" => Tag::BasedOn,
        _ => Tag::Other,
    }
}

pub(super) enum Item<'i> {
    /// A start tag or an empty element (whose `Close` follows at once).
    Open {
        tag: Tag,
        element: BytesStart<'i>,
    },
    Close(Tag),
    Text(Cow<'i, str>),
    Eof,
}

/// Reads one XML part, keeping the stack of open elements so callers can ask
/// where they are (`w:t` inside a run, `w:numPr` of the paragraph itself…).
pub(super) struct WordXml<'i> {
    reader: NsReader<&'i [u8]>,
    stack: Vec<Tag>,
    /// The last element was empty (`<w:b/>`): close it before reading on.
    close_pending: bool,
    /// (part name, for messages)
    part: &'static str,
}

impl<'i> WordXml<'i> {
    pub fn new(part: &'static str, xml: &'i [u8]) -> Result<Self, String> {
        let xml = xml.strip_prefix("\u{feff}".as_bytes()).unwrap_or(xml);
        // Word writes UTF-8; quick-xml would check it too, but saying so
        // up front gives a clearer message than a position in the middle.
        let text = std::str::from_utf8(xml).map_err(|_| format!("phần {part} không phải văn bản UTF-8"))?;
        Ok(Self { reader: NsReader::from_str(text), stack: Vec::new(), close_pending: false, part })
    }

    /// Whether the innermost open elements are exactly `tail` (outermost
    /// first). After an `Open`, the element itself is the innermost.
    pub fn within(&self, tail: &[Tag]) -> bool {
        self.stack.ends_with(tail)
    }

    /// Whether the element just opened sits directly in `tail`.
    pub fn parent_is(&self, tail: &[Tag]) -> bool {
        self.stack.split_last().is_some_and(|(_, enclosing)| enclosing.ends_with(tail))
    }

    fn malformed(&self, detail: impl std::fmt::Display) -> String {
        // The detail may quote the file (a tag or entity name): keep it short.
        let detail: String = detail.to_string().chars().take(120).collect();
        format!("phần {} không phải XML hợp lệ (byte {}: {detail})", self.part, self.reader.error_position())
    }

    fn open(&mut self, tag: Tag, element: BytesStart<'i>, empty: bool) -> Item<'i> {
        self.stack.push(tag);
        self.close_pending = empty;
        Item::Open { tag, element }
    }

    pub fn next(&mut self) -> Result<Item<'i>, String> {
        if std::mem::take(&mut self.close_pending) {
            if let Some(tag) = self.stack.pop() {
                return Ok(Item::Close(tag));
            }
        }
        loop {
            let (space, event) = match self.reader.read_resolved_event() {
                Ok((namespace, event)) => (Space::of(&namespace), event),
                Err(error) => return Err(self.malformed(error)),
            };
            return Ok(match event {
                Event::Start(element) => self.open(space.tag(&element), element, false),
                Event::Empty(element) => self.open(space.tag(&element), element, true),
                Event::End(_) => match self.stack.pop() {
                    Some(tag) => Item::Close(tag),
                    None => return Err(self.malformed("thẻ đóng thừa")),
                },
                Event::Text(text) => Item::Text(text.xml10_content()),
                Event::CData(data) => Item::Text(data.xml10_content()),
                Event::GeneralRef(reference) => Item::Text(match reference.resolve_char_ref() {
                    Ok(Some(c)) => Cow::Owned(c.to_string()),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&reference) {
                        Some(text) => Cow::Borrowed(text),
                        // No DTD is ever read, so any other entity is undefined.
                        None => return Err(self.malformed(format!("thực thể không xác định &{};", &*reference))),
                    },
                    Err(error) => return Err(self.malformed(error)),
                }),
                // quick-xml checks that end tags match; a part cut short is
                // for us to notice.
                Event::Eof if self.stack.is_empty() => Item::Eof,
                Event::Eof => return Err(self.malformed("hết tệp khi còn thẻ chưa đóng")),
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => continue,
            });
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Space {
    Word,
    MarkupCompatibility,
    Other,
}

impl Space {
    fn of(namespace: &ResolveResult) -> Self {
        match namespace {
            ResolveResult::Bound(Namespace(uri)) if W_NAMESPACES.contains(uri) => Self::Word,
            ResolveResult::Bound(Namespace(uri)) if *uri == MC_NAMESPACE => Self::MarkupCompatibility,
            _ => Self::Other,
        }
    }

    fn tag(self, element: &BytesStart) -> Tag {
        let local = element.local_name();
        match self {
            Self::Word => word_tag(local.as_ref()),
            Self::MarkupCompatibility if local.as_ref() == "Fallback" => Tag::Fallback,
            _ => Tag::Other,
        }
    }
}

/// An attribute's value by its local name (`w:val` → "val"): Word always
/// puts these attributes in its own namespace, so the prefix adds nothing.
pub(super) fn attribute(element: &BytesStart, local: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == local)
        .and_then(|attribute| attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
        .map(Cow::into_owned)
}

/// A toggle such as `<w:b/>` or `<w:b w:val="0"/>`: on unless it says off.
pub(super) fn toggle(element: &BytesStart) -> bool {
    !matches!(attribute(element, "val").as_deref(), Some("0" | "false" | "off" | "none"))
}

/// A number attribute (`w:val="3"`), None when absent or not a number.
pub(super) fn number(element: &BytesStart, local: &str) -> Option<i64> {
    attribute(element, local)?.trim().parse().ok()
}
