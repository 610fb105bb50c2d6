//! A small pattern matcher for dial-plan preprocessing rules, in place of a regex crate (the
//! widget's wasm has a 130 KB gzip budget and `regex-lite` alone cost 26 KB of it).
//!
//! It understands the subset of regular-expression syntax that Workspace Web Edition's
//! `click-to-dial.preprocessing-rules` expressions use:
//!
//! - anchors `^` (start of the text) and `$` (end of the text);
//! - literal characters, and a backslash before ASCII punctuation for a literal (`\+`, `\(`,
//!   `\.`, `\*`, `\#`, `\\`, …);
//! - `\d` (an ASCII digit), `\D` (anything else), `.` (any character but a line feed);
//! - classes `[0-9]`, `[02-9]`, `[+*#]`, `[\d*#]`, negated `[^…]` (a `-` first or last is literal);
//! - groups `(…)` and `(?:…)`, alternation `|` at the top level and inside groups;
//! - repetition `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}` (a trailing `?` — lazy — is accepted and
//!   changes nothing, since only *whether* the pattern matches matters here).
//!
//! An unanchored pattern matches anywhere in the text, like `Regex::is_match`. Anything else
//! (look-around, back-references, flags, named groups, `\s`/`\w`/`\b`, unbalanced brackets, a
//! repetition with nothing to repeat, …) is refused by [`Pattern::new`] with a reason in plain
//! words.
//!
//! Matching simulates the compiled program on all its states at once (a Thompson/Pike NFA without
//! captures), so the work is at most (text length + 1) × program size whatever the pattern: there is
//! no backtracking to blow up on `(\d*)*$`. Repeat counts are capped at [`MAX_REPEAT`], the
//! program at [`MAX_PROGRAM`] steps and the expression at [`MAX_SOURCE_CHARS`] characters.

use std::fmt;

/// Largest `n` or `m` in `{n}`, `{n,}`, `{n,m}`.
pub const MAX_REPEAT: u32 = 1000;
/// Largest compiled program (roughly: the pattern with its repeat counts written out).
pub const MAX_PROGRAM: usize = 10_000;
/// Deepest nesting of groups.
const MAX_DEPTH: usize = 64;
/// Longest expression, in characters: far above any dial-plan rule, and it keeps compiling an
/// arbitrary expression (from page options) around a millisecond. Errors are reported in reading
/// order, and reading stops at this length.
pub const MAX_SOURCE_CHARS: usize = 10_000;

const DIGIT: &[(char, char)] = &[('0', '9')];
const NOT_DIGIT: &[(char, char)] = &[('\0', '/'), (':', char::MAX)];
const ANY_BUT_LINE_FEED: &[(char, char)] = &[('\0', '\t'), ('\u{b}', char::MAX)];

/// A compiled dial-plan pattern. Equality and [`as_str`](Pattern::as_str) use the source text.
#[derive(Clone)]
pub struct Pattern {
    source: String,
    sets: Vec<Set>,
    program: Vec<Inst>,
}

/// Why an expression is not a pattern we can use; `reason` is a plain-words phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub reason: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for PatternError {}

fn too_long() -> String {
    format!("it is longer than {MAX_SOURCE_CHARS} characters")
}

fn refuse<T>(reason: impl Into<String>) -> Result<T, PatternError> {
    Err(PatternError {
        reason: reason.into(),
    })
}

impl Pattern {
    /// Compile `source`, or say in plain words why it is refused.
    pub fn new(source: &str) -> Result<Self, PatternError> {
        let mut parser = Parser {
            chars: source.chars().collect(),
            pos: 0,
            depth: 0,
            sets: Vec::new(),
        };
        let tree = parser.alternation()?;
        if parser.pos < parser.chars.len() {
            // `alternation` only stops early at a `)` that no group opened.
            return refuse("“)” has no matching “(”");
        }
        if parser.chars.len() > MAX_SOURCE_CHARS {
            return refuse(too_long());
        }
        if size(&tree).saturating_add(1) > MAX_PROGRAM {
            return refuse(format!(
                "it is too big once its repeat counts are written out (more than {MAX_PROGRAM} steps)"
            ));
        }
        let mut program = Vec::new();
        emit(&tree, &mut program);
        program.push(Inst::Match);
        Ok(Self {
            source: source.to_string(),
            sets: parser.sets,
            program,
        })
    }

    /// The expression as it was written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.run(text).0
    }

    /// How much work matching `text` takes: whether it matched, the states visited, and the
    /// bound the matcher guarantees (each instruction at most twice per character position,
    /// whatever the pattern: no backtracking). For the tests that prove the bound.
    #[doc(hidden)]
    pub fn match_cost(&self, text: &str) -> (bool, usize, usize) {
        let (matched, steps) = self.run(text);
        let bound = 2 * (text.chars().count() + 1) * self.program.len();
        (matched, steps, bound)
    }

    /// A Pike VM: all threads advance together, one character at a time.
    fn run(&self, text: &str) -> (bool, usize) {
        let mut sim = Sim {
            program: &self.program,
            seen: vec![0; self.program.len()],
            stack: Vec::new(),
            steps: 0,
        };
        let mut current: Vec<usize> = Vec::new();
        let mut next: Vec<usize> = Vec::new();
        let mut chars = text.chars().peekable();
        // Every state added while at position `pos` is stamped `pos + 1` in `seen`.
        let mut pos = 0;
        loop {
            let at_end = chars.peek().is_none();
            // Unanchored: a match may start at every position.
            if sim.add(&mut current, 0, pos + 1, pos == 0, at_end) {
                return (true, sim.steps);
            }
            let Some(c) = chars.next() else {
                return (false, sim.steps);
            };
            let at_end = chars.peek().is_none();
            next.clear();
            for &pc in &current {
                sim.steps += 1;
                if let Inst::Set(set) = self.program[pc]
                    && self.sets[set].contains(c)
                    && sim.add(&mut next, pc + 1, pos + 2, false, at_end)
                {
                    return (true, sim.steps);
                }
            }
            std::mem::swap(&mut current, &mut next);
            pos += 1;
        }
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Eq for Pattern {}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// A set of characters: inclusive ranges, possibly negated.
#[derive(Debug, Clone)]
struct Set {
    ranges: Vec<(char, char)>,
    negated: bool,
}

impl Set {
    fn contains(&self, c: char) -> bool {
        self.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi) != self.negated
    }
}

/// The parsed pattern. Groups leave no trace: they only shape the tree.
enum Node {
    Set(usize),
    Start,
    End,
    Concat(Vec<Node>),
    Alternation(Vec<Node>),
    Repeat(Box<Node>, u32, Option<u32>),
}

/// One escape or class member: a single character (can end a range) or a fixed set (`\d`, `\D`).
enum Item {
    Char(char),
    Ranges(&'static [(char, char)]),
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
    sets: Vec<Set>,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.pos += 1;
        }
        found
    }

    fn text(&self, from: usize) -> String {
        self.chars[from..self.pos].iter().collect()
    }

    fn set(&mut self, ranges: Vec<(char, char)>, negated: bool) -> Node {
        self.sets.push(Set { ranges, negated });
        Node::Set(self.sets.len() - 1)
    }

    /// `branch ('|' branch)*`, up to the end of the text or a `)` (left for the caller).
    fn alternation(&mut self) -> Result<Node, PatternError> {
        let mut branches = vec![self.concat()?];
        while self.eat('|') {
            branches.push(self.concat()?);
        }
        Ok(if branches.len() == 1 {
            branches.remove(0)
        } else {
            Node::Alternation(branches)
        })
    }

    fn concat(&mut self) -> Result<Node, PatternError> {
        let mut items: Vec<Node> = Vec::new();
        let mut repeated = false;
        while let Some(c) = self.peek() {
            // Reading stops there: what follows is never parsed (nor is its cost paid).
            if self.pos >= MAX_SOURCE_CHARS {
                return refuse(too_long());
            }
            match c {
                '|' | ')' => break,
                '?' | '*' | '+' | '{' => {
                    let start = self.pos;
                    let (min, max) = self.quantifier()?;
                    let op = self.text(start);
                    let sub = match items.pop() {
                        None => return refuse(format!("“{op}” has nothing before it to repeat")),
                        Some(_) if repeated => {
                            return refuse(format!(
                                "“{op}” follows another repetition; put the repeated part in a group first"
                            ));
                        }
                        Some(Node::Start) => {
                            return refuse(format!("“^{op}”: “^” cannot be repeated"));
                        }
                        Some(Node::End) => {
                            return refuse(format!("“${op}”: “$” cannot be repeated"));
                        }
                        Some(sub) => sub,
                    };
                    items.push(Node::Repeat(Box::new(sub), min, max));
                    repeated = true;
                }
                _ => {
                    let atom = self.atom()?;
                    items.push(atom);
                    repeated = false;
                }
            }
        }
        Ok(Node::Concat(items))
    }

    /// `?` `*` `+` `{n}` `{n,}` `{n,m}`, each optionally followed by a lazy `?`.
    fn quantifier(&mut self) -> Result<(u32, Option<u32>), PatternError> {
        let start = self.pos;
        let c = self.chars[self.pos];
        self.pos += 1;
        let bounds = match c {
            '?' => (0, Some(1)),
            '*' => (0, None),
            '+' => (1, None),
            _ => {
                let min = self.count(start)?;
                let max = if self.eat(',') {
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.count(start)?)
                    }
                } else {
                    Some(min)
                };
                if !self.eat('}') {
                    return refuse(bad_count(&self.text(start)));
                }
                if let Some(max) = max
                    && min > max
                {
                    return refuse(format!(
                        "in “{}” the smaller count must come first",
                        self.text(start)
                    ));
                }
                (min, max)
            }
        };
        self.eat('?');
        Ok(bounds)
    }

    /// The decimal number of a counted repetition that started at `start` (the `{`).
    fn count(&mut self, start: usize) -> Result<u32, PatternError> {
        let from = self.pos;
        let mut value: u32 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            value = value.saturating_mul(10).saturating_add(d);
            self.pos += 1;
        }
        if self.pos == from {
            return refuse(bad_count(&self.text(start)));
        }
        if value > MAX_REPEAT {
            return refuse(format!(
                "the repeat count {} is more than {MAX_REPEAT}",
                self.text(from)
            ));
        }
        Ok(value)
    }

    fn atom(&mut self) -> Result<Node, PatternError> {
        let c = self.chars[self.pos];
        self.pos += 1;
        Ok(match c {
            '(' => self.group()?,
            '[' => self.class()?,
            '\\' => match self.escape()? {
                Item::Char(c) => self.set(vec![(c, c)], false),
                Item::Ranges(ranges) => self.set(ranges.to_vec(), false),
            },
            '.' => self.set(ANY_BUT_LINE_FEED.to_vec(), false),
            '^' => Node::Start,
            '$' => Node::End,
            c => self.set(vec![(c, c)], false),
        })
    }

    /// After `(`: `(…)` or `(?:…)`; every other `(?` form is refused.
    fn group(&mut self) -> Result<Node, PatternError> {
        if self.eat('?') {
            let next = (self.peek(), self.peek_at(1));
            match next {
                (Some(':'), _) => self.pos += 1,
                (Some('=' | '!'), _) => {
                    return refuse("look-ahead “(?=…)” and “(?!…)” is not supported");
                }
                (Some('<'), Some('=' | '!')) => {
                    return refuse("look-behind “(?<=…)” and “(?<!…)” is not supported");
                }
                (Some('<' | 'P'), _) => {
                    return refuse("named groups are not supported; use “(…)” or “(?:…)”");
                }
                _ => {
                    return refuse(
                        "flags and special groups such as “(?i)” are not supported; only “(?:…)” is",
                    );
                }
            }
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return refuse(format!("groups are nested more than {MAX_DEPTH} deep"));
        }
        let inner = self.alternation()?;
        if !self.eat(')') {
            return refuse("a “(” is never closed");
        }
        self.depth -= 1;
        Ok(inner)
    }

    /// After `\`.
    fn escape(&mut self) -> Result<Item, PatternError> {
        let Some(c) = self.peek() else {
            return refuse("it ends with a lone “\\”");
        };
        self.pos += 1;
        match c {
            'd' => Ok(Item::Ranges(DIGIT)),
            'D' => Ok(Item::Ranges(NOT_DIGIT)),
            '0'..='9' => refuse(format!("back-references such as “\\{c}” are not supported")),
            // As in the regex crates: any ASCII punctuation may be escaped, but `\<` and `\>` are
            // word boundaries there, so they are not plain characters.
            ' ' => Ok(Item::Char(c)),
            c if c.is_ascii_punctuation() && c != '<' && c != '>' => Ok(Item::Char(c)),
            c => refuse(format!(
                "“\\{c}” is not supported (only \\d, \\D and a backslash before punctuation, such as \\+ or \\(, are)"
            )),
        }
    }

    /// After `[`: up to and including the closing `]`.
    fn class(&mut self) -> Result<Node, PatternError> {
        let negated = self.eat('^');
        if self.peek() == Some(']') {
            return refuse(
                "a class “[]” cannot be empty (to match a “]”, write “\\]” inside the brackets)",
            );
        }
        let mut ranges = Vec::new();
        // A `-` first is literal.
        while self.eat('-') {
            ranges.push(('-', '-'));
        }
        loop {
            let Some(c) = self.peek() else {
                return refuse("a “[” is never closed");
            };
            match c {
                ']' => {
                    self.pos += 1;
                    return Ok(self.set(ranges, negated));
                }
                '[' => {
                    return refuse(
                        "“[” inside a class is not supported (write “\\[” for the character)",
                    );
                }
                '&' | '~' | '-' if self.peek_at(1) == Some(c) => {
                    return refuse(format!("“{c}{c}” inside a class is not supported"));
                }
                _ => {}
            }
            let item_start = self.pos;
            let first = self.class_item()?;
            // `a-z` is a range; a `-` before `]` (or before another `-`) is literal.
            let is_range =
                self.peek() == Some('-') && !matches!(self.peek_at(1), None | Some(']' | '-'));
            if !is_range {
                match first {
                    Item::Char(c) => ranges.push((c, c)),
                    Item::Ranges(fixed) => ranges.extend_from_slice(fixed),
                }
                continue;
            }
            self.pos += 1;
            let last = self.class_item()?;
            match (first, last) {
                (Item::Char(lo), Item::Char(hi)) if lo <= hi => ranges.push((lo, hi)),
                (Item::Char(lo), Item::Char(hi)) => {
                    return refuse(format!("the range “{lo}-{hi}” is backwards"));
                }
                _ => {
                    return refuse(format!(
                        "“{}”: \\d and \\D cannot be one end of a range",
                        self.text(item_start)
                    ));
                }
            }
        }
    }

    fn class_item(&mut self) -> Result<Item, PatternError> {
        let c = self.chars[self.pos];
        self.pos += 1;
        if c == '\\' {
            self.escape()
        } else {
            Ok(Item::Char(c))
        }
    }
}

fn bad_count(op: &str) -> String {
    format!(
        "“{op}” is not a repeat count such as {{3}}, {{2,}} or {{2,5}} (write “\\{{” for the character)"
    )
}

#[derive(Debug, Clone, Copy)]
enum Inst {
    /// Consume one character of this set.
    Set(usize),
    /// Continue at both.
    Split(usize, usize),
    Jump(usize),
    /// Continue only at the start of the text.
    Start,
    /// Continue only at the end of the text.
    End,
    Match,
}

/// How many instructions `emit` writes for `node`, at most (saturating, so a huge count cannot
/// overflow). An empty repeated part counts as one, so that `emit`'s work is bounded too:
/// `((){1000}){1000}` writes nothing but would loop a million times.
fn size(node: &Node) -> usize {
    match node {
        Node::Set(_) | Node::Start | Node::End => 1,
        Node::Concat(items) => items.iter().fold(0, |n, item| n.saturating_add(size(item))),
        Node::Alternation(branches) => branches
            .iter()
            .fold(2 * (branches.len() - 1), |n, b| n.saturating_add(size(b))),
        Node::Repeat(sub, min, max) => {
            let sub = size(sub).max(1);
            let required = sub.saturating_mul(*min as usize);
            let rest = match max {
                None => sub.saturating_add(2),
                Some(max) => (sub + 1).saturating_mul((max - min) as usize),
            };
            required.saturating_add(rest)
        }
    }
}

fn emit(node: &Node, program: &mut Vec<Inst>) {
    match node {
        Node::Set(set) => program.push(Inst::Set(*set)),
        Node::Start => program.push(Inst::Start),
        Node::End => program.push(Inst::End),
        Node::Concat(items) => items.iter().for_each(|item| emit(item, program)),
        Node::Alternation(branches) => {
            let mut jumps = Vec::new();
            let (last, others) = branches.split_last().expect("two or more branches");
            for branch in others {
                let split = program.len();
                program.push(Inst::Split(split + 1, 0));
                emit(branch, program);
                jumps.push(program.len());
                program.push(Inst::Jump(0));
                program[split] = Inst::Split(split + 1, program.len());
            }
            emit(last, program);
            let end = program.len();
            for jump in jumps {
                program[jump] = Inst::Jump(end);
            }
        }
        Node::Repeat(sub, min, max) => {
            for _ in 0..*min {
                emit(sub, program);
            }
            match max {
                None => {
                    let split = program.len();
                    program.push(Inst::Split(split + 1, 0));
                    emit(sub, program);
                    program.push(Inst::Jump(split));
                    program[split] = Inst::Split(split + 1, program.len());
                }
                Some(max) => {
                    // Each optional copy may be skipped straight to the end.
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(program.len());
                        program.push(Inst::Split(0, 0));
                        emit(sub, program);
                    }
                    let end = program.len();
                    for split in splits {
                        program[split] = Inst::Split(split + 1, end);
                    }
                }
            }
        }
    }
}

/// Scratch space of one `is_match`.
struct Sim<'a> {
    program: &'a [Inst],
    /// `seen[pc] == stamp`: `pc` was already reached at the current position.
    seen: Vec<usize>,
    stack: Vec<usize>,
    /// States visited (see [`Pattern::match_cost`]).
    steps: usize,
}

impl Sim<'_> {
    /// Add the states reachable from `pc` without consuming a character to `list` (only the
    /// consuming ones are kept); `true` as soon as the match state is reachable.
    fn add(
        &mut self,
        list: &mut Vec<usize>,
        pc: usize,
        stamp: usize,
        at_start: bool,
        at_end: bool,
    ) -> bool {
        self.stack.push(pc);
        while let Some(pc) = self.stack.pop() {
            if self.seen[pc] == stamp {
                continue;
            }
            self.seen[pc] = stamp;
            self.steps += 1;
            match self.program[pc] {
                Inst::Set(_) => list.push(pc),
                Inst::Split(first, second) => {
                    self.stack.push(second);
                    self.stack.push(first);
                }
                Inst::Jump(to) => self.stack.push(to),
                Inst::Start if at_start => self.stack.push(pc + 1),
                Inst::End if at_end => self.stack.push(pc + 1),
                Inst::Start | Inst::End => {}
                Inst::Match => {
                    self.stack.clear();
                    return true;
                }
            }
        }
        false
    }
}
