//! OpenSpec documents: specs (`openspec/specs/<id>/spec.md`) and the delta
//! files of changes (`openspec/changes/<id>/specs/<id>/spec.md`), read with a
//! CommonMark parser (pulldown-cmark) into a line model, and the readings the
//! reference CLI (`@fission-ai/openspec` 1.13) makes of it: the section tree,
//! requirement blocks, requirement bodies, scenarios and delta sections.
//! [`model`] holds what the SP rules read (a main spec, a change), [`read`]
//! reads a tree from disk into it.
//!
//! The CommonMark parser decides what is a heading and what is code. Where
//! the reference CLI reads a line differently from CommonMark (a heading
//! indented by a space, `###Requirement:` without a space, a setext
//! heading), the line is kept as text and listed in [`Doc::odd_headings`],
//! so a rule can report it.

pub mod model;
pub mod read;

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag};

use crate::diag::Span;

pub use model::{Change, DeltaFile, MainSpec, ReadySpec, SpecParts, Target, requirements_region};

/// What a line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    /// An ATX heading starting in column 1.
    Heading {
        level: u8,
        title: String,
    },
    /// Inside a code block (fence lines included).
    Code,
    Text,
}

#[derive(Debug, Clone)]
pub struct Line {
    /// The line without its end, after BOM and CRLF normalisation.
    pub text: String,
    /// 1-based.
    pub no: u32,
    /// The byte offset of the line's start in the normalised text (the text
    /// kept as the file's, see [`normalise`]).
    pub start: u32,
    pub kind: LineKind,
}

impl Line {
    pub fn span(&self) -> Span {
        Span::sized(self.start, crate::diag::to_u32(self.text.len().max(1)))
    }

    pub fn heading(&self) -> Option<(u8, &str)> {
        match &self.kind {
            LineKind::Heading { level, title } => Some((*level, title)),
            _ => None,
        }
    }

    pub fn is_code(&self) -> bool {
        self.kind == LineKind::Code
    }
}

/// A heading-like or fence-like line the reference CLI and CommonMark read
/// differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OddHeading {
    pub line: u32,
    pub text: String,
    pub why: &'static str,
}

/// A parsed Markdown document.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub lines: Vec<Line>,
    pub odd_headings: Vec<OddHeading>,
}

/// BOM dropped, CRLF and lone CR turned into LF.
pub fn normalise(text: &str) -> String {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    t.replace("\r\n", "\n").replace('\r', "\n")
}

/// The title of an ATX heading line: the `#` run, white space, the text
/// without a closing `#` run.
fn atx_title(line: &str) -> Option<(u8, String)> {
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some((hashes as u8, strip_closing_hashes(rest.trim()).to_string()))
}

/// A name without a closing run of `#` preceded by white space, trimmed.
pub fn strip_closing_hashes(s: &str) -> &str {
    let t = s.trim();
    let without = t.trim_end_matches('#');
    if without.len() < t.len() && (without.is_empty() || without.ends_with([' ', '\t'])) {
        without.trim()
    } else {
        t
    }
}

/// Parse a Markdown text.
pub fn parse(raw: &str) -> Doc {
    let text = normalise(raw);
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(|&s| s < text.len() || s == 0)
        .collect();
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).max(1) - 1;
    let mut kinds: Vec<LineKind> = vec![LineKind::Text; starts.len()];
    let mut heading_lines: Vec<(usize, HeadingLevel)> = Vec::new();
    let mut code: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(&text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading_lines.push((range.start, level)),
            Event::Start(Tag::CodeBlock(_)) => code.push(range),
            _ => {}
        }
    }
    for r in code {
        let first = line_of(r.start);
        let last = line_of(r.end.saturating_sub(1).max(r.start));
        for k in kinds.iter_mut().take(last + 1).skip(first) {
            *k = LineKind::Code;
        }
    }
    let mut odd = Vec::new();
    let line_text = |i: usize| -> &str {
        let s = starts[i];
        let e = starts.get(i + 1).map_or(text.len(), |n| n - 1);
        text.get(s..e.max(s)).unwrap_or_default()
    };
    for (offset, _) in &heading_lines {
        let i = line_of(*offset);
        let t = line_text(i);
        if let Some((level, title)) = atx_title(t).filter(|_| t.starts_with('#')) {
            kinds[i] = LineKind::Heading { level, title };
            continue;
        }
        let trimmed = t.trim_start();
        let why = if t.starts_with('#') {
            // `##` alone: an empty heading in CommonMark, none in OpenSpec.
            "an empty heading"
        } else if trimmed.starts_with('#') {
            "indented: OpenSpec reads headings only from the first column"
        } else if trimmed.starts_with(['-', '*', '+', '>'])
            || trimmed.starts_with(|c: char| c.is_ascii_digit())
        {
            // A heading inside a list item or a quote (`- ### Requirement: X`
            // in a REMOVED section): read as text by both.
            continue;
        } else {
            "an underlined (setext) heading: OpenSpec reads only `#` headings"
        };
        odd.push(OddHeading {
            line: i as u32 + 1,
            text: t.trim().to_string(),
            why,
        });
    }
    let mut closing = false;
    for (i, k) in kinds.iter().enumerate() {
        if *k != LineKind::Text {
            continue;
        }
        let t = line_text(i);
        let fence = t.trim_start();
        if fence.starts_with("```") || fence.starts_with("~~~") {
            // The line that closes what OpenSpec takes for a fence is not
            // reported again.
            closing = !closing;
            if !closing {
                continue;
            }
            odd.push(OddHeading {
                line: i as u32 + 1,
                text: t.trim().to_string(),
                why: "a fence CommonMark does not open (it continues a paragraph or list), while OpenSpec hides the lines after it as code",
            });
            continue;
        }
        let hashes = t.bytes().take_while(|b| *b == b'#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(|c: char| c.is_alphanumeric()) {
            odd.push(OddHeading {
                line: i as u32 + 1,
                text: t.trim().to_string(),
                why: "no space after the `#` run, so CommonMark does not read it as a heading (OpenSpec sometimes does)",
            });
        }
    }
    odd.sort_by_key(|o| o.line);
    let lines = kinds
        .into_iter()
        .enumerate()
        .map(|(i, kind)| Line {
            text: line_text(i).to_string(),
            no: i as u32 + 1,
            start: crate::diag::to_u32(starts[i]),
            kind,
        })
        .collect();
    Doc {
        lines,
        odd_headings: odd,
    }
}

/// A section of the heading tree: a heading and the lines up to the next
/// heading of the same or a higher level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub level: u8,
    pub title: String,
    /// Index of the heading line.
    pub head: usize,
    /// Line indices of the content (after the heading).
    pub body: Range<usize>,
}

impl Section {
    /// The content, raw (code included), trimmed.
    pub fn content(&self, doc: &Doc) -> String {
        doc.lines[self.body.clone()]
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }

    /// Direct child sections: each heading below this one that no deeper
    /// child contains, with its content.
    pub fn children(&self, doc: &Doc) -> Vec<Section> {
        let mut out = Vec::new();
        let mut i = self.body.start;
        while i < self.body.end {
            if doc.lines[i].heading().is_some() {
                let s = section_at(doc, i, self.body.end);
                i = s.body.end;
                out.push(s);
            } else {
                i += 1;
            }
        }
        out
    }
}

/// The section whose heading is line `i`, bounded by `limit`.
pub fn section_at(doc: &Doc, i: usize, limit: usize) -> Section {
    let (level, title) = doc.lines[i]
        .heading()
        .map_or((0, String::new()), |(l, t)| (l, t.to_string()));
    let end = (i + 1..limit)
        .find(|&j| doc.lines[j].heading().is_some_and(|(l, _)| l <= level))
        .unwrap_or(limit);
    Section {
        level,
        title,
        head: i,
        body: i + 1..end,
    }
}

/// The first section, at any level, titled `title` (case-insensitively).
pub fn find_section(doc: &Doc, title: &str) -> Option<Section> {
    let i = doc.lines.iter().position(|l| {
        l.heading()
            .is_some_and(|(_, t)| t.eq_ignore_ascii_case(title))
    })?;
    Some(section_at(doc, i, doc.lines.len()))
}

/// The body of a requirement: the text lines after its header, up to the
/// first heading, without code and blank lines, trimmed; `**Label**:`
/// metadata lines are dropped when other text exists.
pub fn requirement_body(doc: &Doc, header: usize, end: usize) -> String {
    let mut text = Vec::new();
    let mut meta = Vec::new();
    for l in &doc.lines[header + 1..end] {
        if l.heading().is_some() {
            break;
        }
        if l.is_code() {
            continue;
        }
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        if is_metadata(t) {
            meta.push(t);
        } else {
            text.push(t);
        }
    }
    if text.is_empty() { meta } else { text }.join("\n")
}

fn is_metadata(t: &str) -> bool {
    let Some(rest) = t.strip_prefix("**") else {
        return false;
    };
    match rest.find("**") {
        Some(i) => i > 0 && !rest[..i].contains('*') && rest[i + 2..].starts_with(':'),
        None => false,
    }
}

/// `SHALL` or `MUST` as a whole word (ASCII word boundaries, case-sensitive).
pub fn has_keyword(text: &str) -> bool {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    for kw in ["SHALL", "MUST"] {
        for (i, _) in text.match_indices(kw) {
            let before = i == 0 || !word(bytes[i - 1]);
            let after = bytes.get(i + kw.len()).is_none_or(|b| !word(*b));
            if before && after {
                return true;
            }
        }
    }
    false
}

/// Length as the reference CLI counts it (UTF-16 code units).
pub fn js_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// A requirement header in the reference CLI's block form:
/// `### Requirement: NAME` (case-insensitive, the space after `###`
/// optional), outside code. The name with closing hashes removed.
pub fn requirement_header(line: &Line) -> Option<String> {
    if line.is_code() {
        return None;
    }
    let rest = line.text.strip_prefix("###")?;
    if rest.starts_with('#') {
        return None;
    }
    let rest = rest.trim_start();
    let head = rest.get(..12)?;
    if !head.eq_ignore_ascii_case("requirement:") {
        return None;
    }
    let name = strip_closing_hashes(&rest[12..]);
    (!name.is_empty()).then(|| name.to_string())
}

/// A requirement block: its header line, name and end (exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub name: String,
    pub head: usize,
    pub end: usize,
}

/// Requirement blocks between lines `from` and `to`: each starts at a
/// requirement header and runs to the next one or `to`.
pub fn blocks(doc: &Doc, from: usize, to: usize) -> Vec<Block> {
    let heads: Vec<(usize, String)> = (from..to)
        .filter_map(|i| requirement_header(&doc.lines[i]).map(|n| (i, n)))
        .collect();
    heads
        .iter()
        .enumerate()
        .map(|(k, (i, name))| Block {
            name: name.clone(),
            head: *i,
            end: heads.get(k + 1).map_or(to, |(j, _)| *j),
        })
        .collect()
}

/// A level-4 scenario heading in a block, with its name (`Scenario:`
/// removed) and whether anything is written under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioHead {
    pub line: usize,
    pub name: String,
    pub has_body: bool,
    /// Its body has a `**WHEN**` and a `**THEN**` step.
    pub when_then: (bool, bool),
}

/// The `####` headings of a block, as scenarios.
pub fn scenarios(doc: &Doc, block: &Block) -> Vec<ScenarioHead> {
    let mut out = Vec::new();
    for i in block.head + 1..block.end {
        let Some((4, title)) = doc.lines[i].heading() else {
            continue;
        };
        let end = (i + 1..block.end)
            .find(|&j| doc.lines[j].heading().is_some_and(|(l, _)| l <= 4))
            .unwrap_or(block.end);
        let body = &doc.lines[i + 1..end];
        let has_body = body.iter().any(|l| !l.text.trim().is_empty());
        let step = |kw: &str| {
            body.iter().any(|l| {
                let t = l.text.trim_start();
                let t = t
                    .strip_prefix("- ")
                    .or_else(|| t.strip_prefix("* "))
                    .unwrap_or(t);
                t.starts_with(&format!("**{kw}**"))
            })
        };
        let name = strip_scenario_prefix(title);
        out.push(ScenarioHead {
            line: i,
            name,
            has_body,
            when_then: (step("WHEN"), step("THEN")),
        });
    }
    out
}

/// A requirement heading's name: its title without a leading `Requirement:`.
pub fn requirement_name(title: &str) -> String {
    let t = title.trim();
    match t.get(..12) {
        Some(p) if p.eq_ignore_ascii_case("requirement:") => t[12..].trim().to_string(),
        _ => t.to_string(),
    }
}

/// A scenario title without a leading `Scenario:`.
pub fn strip_scenario_prefix(title: &str) -> String {
    let t = title.trim();
    match t.get(..9) {
        Some(p) if p.eq_ignore_ascii_case("scenario:") => t[9..].trim().to_string(),
        _ => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_code_and_odd_lines() {
        let d = parse(
            "\u{feff}# T\r\n\r\n## Purpose\n ## Indented\n###Requirement: X\n```\n### In code\n```\nTitle\n===\n",
        );
        let kinds: Vec<_> = d
            .lines
            .iter()
            .map(|l| l.heading().map(|(l, t)| (l, t.to_string())))
            .collect();
        assert_eq!(kinds[0], Some((1, "T".to_string())));
        assert_eq!(kinds[2], Some((2, "Purpose".to_string())));
        assert_eq!(kinds[3], None);
        assert!(d.lines[6].is_code());
        let odd: Vec<u32> = d.odd_headings.iter().map(|o| o.line).collect();
        assert_eq!(odd, [4, 5, 9]);
    }

    #[test]
    fn keywords_use_ascii_word_boundaries() {
        assert!(has_keyword("The toaster SHALL brown"));
        assert!(has_keyword("MUST NOT"));
        assert!(has_keyword("SHALLé"));
        assert!(!has_keyword("SHALLOW"));
        assert!(!has_keyword("shall"));
        assert!(!has_keyword("MUST_x"));
    }

    #[test]
    fn bodies_drop_metadata_when_text_exists() {
        let d = parse(
            "### Requirement: A\n**ID**: 7\nIt SHALL work.\n```\nMUST\n```\n#### Scenario: s\n- **WHEN** x\n",
        );
        assert_eq!(requirement_body(&d, 0, d.lines.len()), "It SHALL work.");
        let d = parse("### Requirement: A\n**ID**: 7\n");
        assert_eq!(requirement_body(&d, 0, d.lines.len()), "**ID**: 7");
    }

    #[test]
    fn requirement_headers_and_closing_hashes() {
        let d = parse(
            "### Requirement: Shade dial ##\n###requirement: b\n### Requirement X\n#### Requirement: c\n",
        );
        let names: Vec<Option<String>> = d.lines.iter().map(requirement_header).collect();
        assert_eq!(
            names,
            [
                Some("Shade dial".to_string()),
                Some("b".to_string()),
                None,
                None
            ]
        );
        assert_eq!(strip_closing_hashes("a#b"), "a#b");
        assert_eq!(js_len("a😀"), 3);
    }
}

/// The four delta operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DeltaKind {
    Added,
    Modified,
    Removed,
    Renamed,
}

impl DeltaKind {
    pub fn word(self) -> &'static str {
        match self {
            DeltaKind::Added => "ADDED",
            DeltaKind::Modified => "MODIFIED",
            DeltaKind::Removed => "REMOVED",
            DeltaKind::Renamed => "RENAMED",
        }
    }

    /// A level-2 title that names a delta section (`ADDED Requirements`, any
    /// case, one space).
    pub fn of_title(title: &str) -> Option<Self> {
        match title.to_ascii_lowercase().as_str() {
            "added requirements" => Some(Self::Added),
            "modified requirements" => Some(Self::Modified),
            "removed requirements" => Some(Self::Removed),
            "renamed requirements" => Some(Self::Renamed),
            _ => None,
        }
    }
}

/// One `## <KIND> Requirements` section of a delta file.
#[derive(Debug, Clone)]
pub struct DeltaSection {
    pub kind: DeltaKind,
    /// As the author wrote it.
    pub title: String,
    pub head: usize,
    pub body: Range<usize>,
    /// ADDED/MODIFIED: requirement blocks.
    pub blocks: Vec<Block>,
    /// ADDED/MODIFIED: level-3 headings that are not requirement headers.
    pub skipped: Vec<usize>,
    /// REMOVED: names, with their lines.
    pub removed: Vec<(String, usize)>,
    /// RENAMED: complete FROM → TO pairs.
    pub renames: Vec<Rename>,
    /// RENAMED: a FROM (true) or TO (false) without its partner.
    pub unpaired: Vec<(bool, String, usize)>,
}

/// A RENAMED pair with the lines of its FROM and TO.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub from: String,
    pub to: String,
    pub from_line: usize,
    pub to_line: usize,
}

/// A delta file read: its sections, and requirement headers outside them
/// (with the title of the section they are under, if any).
#[derive(Debug, Clone)]
pub struct Delta {
    pub doc: Doc,
    pub sections: Vec<DeltaSection>,
    pub orphans: Vec<(usize, String, Option<String>)>,
}

impl Delta {
    pub fn entries(&self) -> usize {
        self.sections
            .iter()
            .map(|s| s.blocks.len() + s.removed.len() + s.renames.len())
            .sum()
    }

    pub fn of(&self, kind: DeltaKind) -> impl Iterator<Item = &DeltaSection> {
        self.sections.iter().filter(move |s| s.kind == kind)
    }
}

/// `- FROM: ### Requirement: NAME` (the bullet and backticks optional;
/// `FROM:`/`TO:` case-sensitive).
fn rename_line(text: &str, key: &str) -> Option<String> {
    let t = text.trim_start();
    let t = t.strip_prefix(['-', '*', '+']).map_or(t, str::trim_start);
    let t = t.strip_prefix(key)?.trim_start();
    let t = t.strip_prefix('`').unwrap_or(t);
    let t = t.strip_prefix("###")?.trim_start();
    let head = t.get(..12)?;
    if !head.eq_ignore_ascii_case("requirement:") {
        return None;
    }
    let name = t[12..].trim().trim_end_matches('`');
    let name = strip_closing_hashes(name);
    (!name.is_empty()).then(|| name.to_string())
}

/// `- ### Requirement: NAME` or a requirement header, in a REMOVED section.
fn removed_line(line: &Line) -> Option<String> {
    if let Some(n) = requirement_header(line) {
        return Some(n);
    }
    if line.is_code() {
        return None;
    }
    let t = line.text.trim_start();
    let t = t.strip_prefix(['-', '*', '+'])?.trim_start();
    let t = t.strip_prefix('`').unwrap_or(t);
    let t = t.strip_prefix("###")?.trim_start();
    let head = t.get(..12)?;
    if !head.eq_ignore_ascii_case("requirement:") {
        return None;
    }
    let name = strip_closing_hashes(t[12..].trim().trim_end_matches('`'));
    (!name.is_empty()).then(|| name.to_string())
}

/// Read a delta file.
pub fn parse_delta(raw: &str) -> Delta {
    let doc = parse(raw);
    let n = doc.lines.len();
    let h2: Vec<usize> = (0..n)
        .filter(|&i| doc.lines[i].heading().is_some_and(|(l, _)| l == 2))
        .collect();
    let mut sections = Vec::new();
    let mut orphans = Vec::new();
    // Requirement headers above the first `## ` heading.
    let first = h2.first().copied().unwrap_or(n);
    for i in 0..first {
        if let Some(name) = requirement_header(&doc.lines[i]) {
            orphans.push((i, name, None));
        }
    }
    for (k, &head) in h2.iter().enumerate() {
        let end = h2.get(k + 1).copied().unwrap_or(n);
        let title = doc.lines[head]
            .heading()
            .map(|(_, t)| t.to_string())
            .unwrap_or_default();
        let Some(kind) = DeltaKind::of_title(&title) else {
            for i in head + 1..end {
                if let Some(name) = requirement_header(&doc.lines[i]) {
                    orphans.push((i, name, Some(title.clone())));
                }
            }
            continue;
        };
        let mut s = DeltaSection {
            kind,
            title,
            head,
            body: head + 1..end,
            blocks: Vec::new(),
            skipped: Vec::new(),
            removed: Vec::new(),
            renames: Vec::new(),
            unpaired: Vec::new(),
        };
        match kind {
            DeltaKind::Added | DeltaKind::Modified => {
                s.blocks = blocks(&doc, head + 1, end);
                s.skipped = (head + 1..end)
                    .filter(|&i| {
                        doc.lines[i].heading().is_some_and(|(l, _)| l == 3)
                            && requirement_header(&doc.lines[i]).is_none()
                    })
                    .collect();
            }
            DeltaKind::Removed => {
                s.removed = (head + 1..end)
                    .filter_map(|i| removed_line(&doc.lines[i]).map(|n| (n, i)))
                    .collect();
            }
            DeltaKind::Renamed => {
                let mut pending: Option<(String, usize)> = None;
                for i in head + 1..end {
                    let line = &doc.lines[i];
                    if line.is_code() {
                        continue;
                    }
                    if let Some(from) = rename_line(&line.text, "FROM:") {
                        if let Some((old, at)) = pending.replace((from, i)) {
                            s.unpaired.push((true, old, at));
                        }
                    } else if let Some(to) = rename_line(&line.text, "TO:") {
                        match pending.take() {
                            Some((from, from_line)) => s.renames.push(Rename {
                                from,
                                to,
                                from_line,
                                to_line: i,
                            }),
                            None => s.unpaired.push((false, to, i)),
                        }
                    }
                }
                if let Some((old, at)) = pending {
                    s.unpaired.push((true, old, at));
                }
            }
        }
        sections.push(s);
    }
    Delta {
        doc,
        sections,
        orphans,
    }
}

/// The `####` scenario names of a block as the scenario-loss check compares
/// them (a leading `Scenario:` removed).
pub fn scenario_names(doc: &Doc, block: &Block) -> Vec<String> {
    (block.head + 1..block.end)
        .filter_map(|i| match doc.lines[i].heading() {
            Some((4, t)) => Some(strip_scenario_prefix(t)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod delta_tests {
    use super::*;

    #[test]
    fn sections_blocks_removals_and_renames() {
        let d = parse_delta(
            "### Requirement: Orphan\nx\n## ADDED Requirements\n### Requirement: A\nIt SHALL.\n#### Scenario: s\n- **WHEN** a\n### Notes\n## REMOVED Requirements\n- `### Requirement: B`\n## RENAMED Requirements\n- FROM: `### Requirement: C`\n- TO: `### Requirement: D`\n- FROM: ### Requirement: E\n## Other\n### Requirement: F\n",
        );
        assert_eq!(d.sections.len(), 3);
        assert_eq!(d.sections[0].blocks.len(), 1);
        assert_eq!(d.sections[0].skipped, [7]);
        assert_eq!(d.sections[1].removed, [("B".to_string(), 9)]);
        assert_eq!(
            d.sections[2].renames,
            [Rename {
                from: "C".to_string(),
                to: "D".to_string(),
                from_line: 11,
                to_line: 12
            }]
        );
        assert_eq!(d.sections[2].unpaired, [(true, "E".to_string(), 13)]);
        let orphans: Vec<&str> = d.orphans.iter().map(|(_, n, _)| n.as_str()).collect();
        assert_eq!(orphans, ["Orphan", "F"]);
        assert_eq!(d.entries(), 3);
    }
}
