//! Reading a generated .docx back the way Word would show it: paragraphs
//! with their text and formatting, tables as rows of cell texts, and the
//! section's page settings. Just enough WordprocessingML for the tests.

#![allow(dead_code)] // each test file uses part of it

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

#[derive(Debug, Default, Clone)]
pub struct Para {
    pub text: String,
    /// Text of the runs that are bold / italic.
    pub bold: String,
    pub italic: String,
    /// `w:jc`: "center", "both", …
    pub align: Option<String>,
    pub page_break_before: bool,
    pub in_table: bool,
    /// Has a `w:pBdr` (the short lines and the draft box).
    pub bordered: bool,
}

#[derive(Debug, Default)]
pub struct WordDoc {
    pub parts: Vec<String>,
    pub paragraphs: Vec<Para>,
    /// Tables → rows → cell texts (paragraphs joined by "\n").
    pub tables: Vec<Vec<Vec<String>>>,
    /// Attributes of `w:pgSz`, `w:pgMar` (local names).
    pub page_size: HashMap<String, String>,
    pub page_margins: HashMap<String, String>,
    pub title_page: bool,
    /// `w:docDefaults` run font (ascii) and size (half-points).
    pub default_font: Option<String>,
    pub default_size: Option<u32>,
    /// Texts of the header parts (page numbers).
    pub headers: Vec<String>,
    pub header_xml: Vec<String>,
}

impl WordDoc {
    pub fn paragraph(&self, text: &str) -> Option<&Para> {
        self.paragraphs.iter().find(|p| p.text == text)
    }

    pub fn paragraph_containing(&self, text: &str) -> Option<&Para> {
        self.paragraphs.iter().find(|p| p.text.contains(text))
    }

    pub fn all_text(&self) -> String {
        self.paragraphs.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n")
    }

    /// The row of any table whose cells include all of `cells`.
    pub fn row_with(&self, cells: &[&str]) -> Option<&Vec<String>> {
        self.tables.iter().flatten().find(|row| cells.iter().all(|c| row.iter().any(|cell| cell == c)))
    }

    pub fn margin_mm(&self, side: &str) -> f64 {
        twips_to_mm(self.page_margins.get(side).unwrap_or_else(|| panic!("no margin {side}")))
    }
}

pub fn twips_to_mm(value: &str) -> f64 {
    value.parse::<f64>().expect("a number of twips") * 25.4 / 1440.0
}

fn attributes(element: &BytesStart) -> HashMap<String, String> {
    element
        .attributes()
        .flatten()
        .map(|a| {
            let key = a.key.local_name().as_ref().to_owned();
            let value =
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map(|v| v.into_owned()).unwrap_or_default();
            (key, value)
        })
        .collect()
}

fn local(element: &BytesStart) -> String {
    element.local_name().as_ref().to_owned()
}

fn is_on(element: &BytesStart) -> bool {
    !matches!(attributes(element).get("val").map(String::as_str), Some("0" | "false" | "off"))
}

pub fn part(bytes: &[u8], name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut file = archive.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).expect("UTF-8 XML");
    Some(text)
}

/// Plain text of a part (headers).
fn part_text(xml: &str) -> String {
    let mut reader = Reader::from_str(xml);
    let mut text = String::new();
    let mut in_t = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => in_t = local(&e) == "t" || local(&e) == "instrText",
            Event::End(_) => in_t = false,
            Event::Text(t) if in_t => text.push_str(&t.xml10_content()),
            Event::Eof => break,
            _ => {}
        }
    }
    text
}

pub fn read(bytes: &[u8]) -> WordDoc {
    let mut doc = WordDoc::default();
    {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
        doc.parts = (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().unwrap().into_owned()).collect();
    }
    let xml = part(bytes, "word/document.xml").expect("word/document.xml");
    let mut reader = Reader::from_str(&xml);
    let mut stack: Vec<String> = Vec::new();
    let mut para: Option<Para> = None;
    let (mut bold, mut italic) = (false, false);
    let mut table_depth = 0;
    let mut cell_paragraphs: Vec<String> = Vec::new();
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (element, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = element {
            let name = local(&e);
            let parent = stack.last().cloned().unwrap_or_default();
            match name.as_str() {
                "p" => para = Some(Para { in_table: table_depth > 0, ..Default::default() }),
                "r" => (bold, italic) = (false, false),
                "b" if parent == "rPr" => bold = is_on(&e),
                "i" if parent == "rPr" => italic = is_on(&e),
                "jc" if parent == "pPr" => {
                    if let Some(p) = para.as_mut() {
                        p.align = attributes(&e).get("val").cloned();
                    }
                }
                "pageBreakBefore" => {
                    if let Some(p) = para.as_mut() {
                        p.page_break_before = is_on(&e);
                    }
                }
                "pBdr" => {
                    if let Some(p) = para.as_mut() {
                        p.bordered = true;
                    }
                }
                "br" if parent == "r" => {
                    if let Some(p) = para.as_mut() {
                        p.text.push('\n');
                    }
                }
                "tbl" => {
                    table_depth += 1;
                    doc.tables.push(Vec::new());
                }
                "tr" => doc.tables.last_mut().unwrap().push(Vec::new()),
                "tc" => cell_paragraphs.clear(),
                "pgSz" => doc.page_size = attributes(&e),
                "pgMar" => doc.page_margins = attributes(&e),
                "titlePg" => doc.title_page = is_on(&e),
                _ => {}
            }
            if !empty {
                stack.push(name);
            } else if name == "p" {
                doc.paragraphs.push(para.take().unwrap());
            }
            continue;
        }
        match event {
            Event::Text(t) if stack.last().map(String::as_str) == Some("t") => {
                let text = t.xml10_content();
                if let Some(p) = para.as_mut() {
                    p.text.push_str(&text);
                    if bold {
                        p.bold.push_str(&text);
                    }
                    if italic {
                        p.italic.push_str(&text);
                    }
                }
            }
            Event::GeneralRef(r) if stack.last().map(String::as_str) == Some("t") => {
                let resolved = match r.resolve_char_ref().expect("a valid reference") {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r).expect("a predefined entity").to_owned(),
                };
                if let Some(p) = para.as_mut() {
                    p.text.push_str(&resolved);
                    if bold {
                        p.bold.push_str(&resolved);
                    }
                    if italic {
                        p.italic.push_str(&resolved);
                    }
                }
            }
            Event::End(_) => {
                let name = stack.pop().expect("balanced tags");
                match name.as_str() {
                    "p" => {
                        let p = para.take().unwrap();
                        if table_depth > 0 {
                            cell_paragraphs.push(p.text.clone());
                        }
                        doc.paragraphs.push(p);
                    }
                    "tc" => {
                        let text = cell_paragraphs.join("\n").trim().to_owned();
                        doc.tables.last_mut().unwrap().last_mut().unwrap().push(text);
                    }
                    "tbl" => table_depth -= 1,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }

    let styles = part(bytes, "word/styles.xml").expect("word/styles.xml");
    let mut reader = Reader::from_str(&styles);
    let mut in_defaults = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                "rPrDefault" => in_defaults = true,
                "rFonts" if in_defaults => doc.default_font = attributes(&e).get("ascii").cloned(),
                "sz" if in_defaults => doc.default_size = attributes(&e).get("val").and_then(|v| v.parse().ok()),
                _ => {}
            },
            Event::End(e) if local_end(&e) == "rPrDefault" => in_defaults = false,
            Event::Eof => break,
            _ => {}
        }
    }
    for name in doc.parts.clone().iter().filter(|p| p.starts_with("word/header")) {
        let xml = part(bytes, name).unwrap();
        doc.headers.push(part_text(&xml));
        doc.header_xml.push(xml);
    }
    doc
}

fn local_end(element: &quick_xml::events::BytesEnd) -> String {
    element.local_name().as_ref().to_owned()
}
