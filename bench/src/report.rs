//! Benchmark output: the same markdown is printed and, when
//! `BENCH_REPORT_DIR` is set, written there for `make bench` to gather into
//! BENCHMARKS.md. Every figure with a target carries PASS or MISS.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Pass,
    Miss,
    None,
}

impl Verdict {
    pub fn at_most(value: f64, target: f64) -> Self {
        if value <= target {
            Verdict::Pass
        } else {
            Verdict::Miss
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Pass => "PASS",
            Verdict::Miss => "MISS",
            Verdict::None => "—",
        })
    }
}

pub struct Report {
    stem: String,
    markdown: String,
    appended: Vec<Report>,
}

fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.iter().map(|c| c.replace('|', "\\|")).collect::<Vec<_>>().join(" | "))
}

impl Report {
    pub fn new(stem: &str, title: &str) -> Self {
        Self { stem: stem.to_owned(), markdown: format!("### {title}\n\n"), appended: Vec::new() }
    }

    pub fn paragraph(&mut self, text: &str) {
        self.markdown.push_str(text);
        self.markdown.push_str("\n\n");
    }

    pub fn table(&mut self, headers: &[&str], rows: Vec<Vec<String>>) {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        self.markdown.push_str(&row(&headers));
        self.markdown.push_str(&row(&vec!["---".to_owned(); headers.len()]));
        for cells in rows {
            self.markdown.push_str(&row(&cells));
        }
        self.markdown.push('\n');
    }

    /// The figures with targets: `figure | value | target | verdict`.
    pub fn summary(&mut self, figures: Vec<(String, String, String, Verdict)>) {
        let rows = figures
            .into_iter()
            .map(|(figure, value, target, verdict)| vec![figure, value, target, verdict.to_string()])
            .collect();
        self.table(&["figure", "value", "target", "verdict"], rows);
    }

    /// A section of its own, written after this one.
    pub fn append(&mut self, other: Report) {
        self.appended.push(other);
    }

    pub fn finish(self) {
        println!("\n{}", self.markdown);
        if let Ok(dir) = std::env::var("BENCH_REPORT_DIR") {
            std::fs::create_dir_all(&dir).expect("BENCH_REPORT_DIR");
            let path = std::path::Path::new(&dir).join(format!("{}.md", self.stem));
            std::fs::write(&path, &self.markdown).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        }
        for other in self.appended {
            other.finish();
        }
    }
}
