//! One `[...]` bracket expression of a glob, evaluated against one text byte the way
//! glibc's `fnmatch` does it in the C locale, quirks included (§1.4):
//!
//! - `!` or `^` first negates; the first member may be `]`; `\x` is the member `x`;
//! - `a-z` is a range, compared on case-folded bytes; a `-` just before the closing `]`
//!   is a member;
//! - `[:name:]` is a class tested on the unfolded byte; a name byte outside `a`..`y`
//!   makes the `[` an ordinary member, an unknown or over-long name fails the match;
//! - `[=x=]` and `[.x.]` stand for the one byte `x`, compared unfolded; `[.` without its
//!   `.]` or with a longer name fails the match;
//! - a bracket that reaches the end of the pattern makes its `[` an ordinary character,
//!   except where glibc gives up first (a `\` or a range end at the very end);
//! - once a member matched, the rest of the bracket is skipped with the same
//!   termination rules.

/// How a bracket expression applies to one text byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bracket {
    /// The byte matches; the pattern goes on at this index.
    Matched(usize),
    /// No match at this text position.
    NotMatched,
    /// No closing `]`: the `[` is an ordinary character.
    Literal,
}

/// The longest class name glibc reads before it calls the pattern ill-formed.
const CLASS_NAME_LIMIT: usize = 2048;

/// The pattern as glibc reads it: a byte per index, 0 at and past the end.
struct Cursor<'p> {
    pattern: &'p [u8],
}

impl Cursor<'_> {
    fn at(&self, i: usize) -> u8 {
        self.pattern.get(i).copied().unwrap_or(0)
    }
}

/// The outcome of reading one member that did not (yet) match.
enum Step {
    /// The member matched the byte; the index after it.
    Hit(usize),
    /// Give up on the whole match at this position.
    Fail,
    /// The bracket is an ordinary `[`.
    Literal,
    /// The member did not match; the next member byte and the index after it.
    Next(u8, usize),
}

/// Evaluates the bracket whose body starts at `start`, just after its `[`, against `byte`.
pub(crate) fn bracket(pattern: &[u8], start: usize, byte: u8, fold: bool) -> Bracket {
    let cur = Cursor { pattern };
    let mut i = start;
    let negate = matches!(cur.at(i), b'!' | b'^');
    if negate {
        i += 1;
    }
    let probe = Probe {
        raw: byte,
        folded: fold_byte(byte, fold),
        fold,
    };
    let mut c = cur.at(i);
    i += 1;
    loop {
        let step = member(&cur, c, i, &probe);
        let (next, after) = match step {
            Step::Hit(after) => return after_hit(&cur, after, negate),
            Step::Fail => return Bracket::NotMatched,
            Step::Literal => return Bracket::Literal,
            Step::Next(next, after) => (next, after),
        };
        if next == b']' {
            return if negate {
                Bracket::Matched(after)
            } else {
                Bracket::NotMatched
            };
        }
        c = next;
        i = after;
    }
}

/// The text byte a bracket tests, raw and as the comparison sees it.
struct Probe {
    raw: u8,
    folded: u8,
    fold: bool,
}

fn fold_byte(c: u8, fold: bool) -> u8 {
    if fold {
        c.to_ascii_lowercase()
    } else {
        c
    }
}

/// Reads the member starting with byte `c` (already consumed; `i` is the index after it).
fn member(cur: &Cursor, c: u8, i: usize, probe: &Probe) -> Step {
    match (c, cur.at(i)) {
        (0, _) => Step::Literal,
        (b'\\', 0) => Step::Fail,
        (b'\\', escaped) => single(cur, fold_byte(escaped, probe.fold), i + 1, probe),
        (b'[', b':') => class_member(cur, i, probe),
        (b'[', b'=') => equivalence_member(cur, i, probe),
        (b'[', b'.') => match collating_symbol(cur, i) {
            None => Step::Fail,
            Some((sym, after)) => symbol(cur, sym, after, probe),
        },
        (c, _) => single(cur, fold_byte(c, probe.fold), i, probe),
    }
}

/// A plain (or escaped) member byte `lo`, already folded, possibly starting a range.
fn single(cur: &Cursor, lo: u8, i: usize, probe: &Probe) -> Step {
    let starts_range = cur.at(i) == b'-' && !matches!(cur.at(i + 1), 0 | b']');
    if !starts_range && lo == probe.folded {
        return Step::Hit(i);
    }
    range_tail(cur, lo, i, probe)
}

/// A `[.x.]` member: compared unfolded, and a range start whenever a `-` follows.
fn symbol(cur: &Cursor, sym: u8, i: usize, probe: &Probe) -> Step {
    let starts_range = cur.at(i) == b'-' && cur.at(i + 1) != 0;
    if !starts_range && sym == probe.raw {
        return Step::Hit(i);
    }
    range_tail(cur, sym, i, probe)
}

/// After a member `lo` at `i`: a `-END` range if one follows, then the next member byte.
fn range_tail(cur: &Cursor, lo: u8, mut i: usize, probe: &Probe) -> Step {
    let c = cur.at(i);
    i += 1;
    if c != b'-' || cur.at(i) == b']' {
        return Step::Next(c, i);
    }
    let mut end = cur.at(i);
    i += 1;
    if end == b'[' && cur.at(i) == b'.' {
        match collating_symbol(cur, i) {
            None => return Step::Fail,
            Some((sym, after)) => (end, i) = (sym, after),
        }
    } else {
        if end == b'\\' {
            end = cur.at(i);
            i += 1;
        }
        if end == 0 {
            return Step::Fail;
        }
        end = fold_byte(end, probe.fold);
    }
    if lo <= probe.folded && probe.folded <= end {
        return Step::Hit(i);
    }
    let next = cur.at(i);
    Step::Next(next, i + 1)
}

/// `[.x.]` whose `.` is at `dot`: the one byte it names and the index after `.]`; `None`
/// when it is unterminated or names more or less than one byte.
fn collating_symbol(cur: &Cursor, dot: usize) -> Option<(u8, usize)> {
    // One byte between `[.` and `.]`: the closing `.` at `dot + 2`, the end 2 past it.
    let end = skip_symbol(cur, dot)?;
    (end == dot + 4).then(|| (cur.at(dot + 1), end))
}

/// `[:name:]` whose `:` is at `colon`.
fn class_member(cur: &Cursor, colon: usize, probe: &Probe) -> Step {
    let mut k = colon + 1;
    loop {
        if k - (colon + 1) == CLASS_NAME_LIMIT {
            return Step::Fail;
        }
        let c = cur.at(k);
        if c == b':' && cur.at(k + 1) == b']' {
            break;
        }
        if !is_class_name_byte(c) {
            // Not a class: the `[` is a member and the `:` the next one.
            return single(cur, b'[', colon, probe);
        }
        k += 1;
    }
    let Some(test) = class_test(&cur.pattern[colon + 1..k]) else {
        return Step::Fail;
    };
    let after = k + 2;
    if test(probe.raw) {
        return Step::Hit(after);
    }
    Step::Next(cur.at(after), after + 1)
}

/// `[=x=]` whose `=` is at `eq`; anything else leaves the `[` an ordinary member.
fn equivalence_member(cur: &Cursor, eq: usize, probe: &Probe) -> Step {
    let sym = cur.at(eq + 1);
    if sym == 0 || cur.at(eq + 2) != b'=' || cur.at(eq + 3) != b']' {
        return single(cur, b'[', eq, probe);
    }
    let after = eq + 4;
    if sym == probe.raw {
        return Step::Hit(after);
    }
    Step::Next(cur.at(after), after + 1)
}

/// A byte glibc reads as part of a class name: `a` to `y` (it stops at `z`, so no class
/// name holds one).
fn is_class_name_byte(c: u8) -> bool {
    (b'a'..=b'y').contains(&c)
}

type ClassTest = fn(u8) -> bool;

/// The C locale's class of that name.
fn class_test(name: &[u8]) -> Option<ClassTest> {
    let test: ClassTest = match name {
        b"alpha" => |b| b.is_ascii_alphabetic(),
        b"digit" => |b| b.is_ascii_digit(),
        b"alnum" => |b| b.is_ascii_alphanumeric(),
        b"upper" => |b| b.is_ascii_uppercase(),
        b"lower" => |b| b.is_ascii_lowercase(),
        b"space" => |b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c),
        b"blank" => |b| b == b' ' || b == b'\t',
        b"punct" => |b| b.is_ascii_punctuation(),
        b"print" => |b| (0x20..0x7f).contains(&b),
        b"graph" => |b| b.is_ascii_graphic(),
        b"cntrl" => |b| b.is_ascii_control(),
        b"xdigit" => |b| b.is_ascii_hexdigit(),
        _ => return None,
    };
    Some(test)
}

/// A member matched at `i`: skips to the closing `]`; a negated bracket then fails.
fn after_hit(cur: &Cursor, i: usize, negate: bool) -> Bracket {
    match skip_rest(cur, i) {
        Skip::Closed(end) if !negate => Bracket::Matched(end),
        Skip::Closed(_) | Skip::Fail => Bracket::NotMatched,
        Skip::Literal => Bracket::Literal,
    }
}

enum Skip {
    Closed(usize),
    Fail,
    Literal,
}

/// The rest of a bracket after a matching member, read as glibc skips it.
fn skip_rest(cur: &Cursor, mut i: usize) -> Skip {
    loop {
        let c = cur.at(i);
        i += 1;
        match (c, cur.at(i)) {
            (b']', _) => return Skip::Closed(i),
            (0, _) => return Skip::Literal,
            (b'\\', 0) => return Skip::Fail,
            (b'\\', _) => i += 1,
            (b'[', b':') => match skip_class(cur, i) {
                Some(after) => i = after,
                None => return Skip::Fail,
            },
            (b'[', b'=') => {
                if cur.at(i + 1) == 0 || cur.at(i + 2) != b'=' || cur.at(i + 3) != b']' {
                    return Skip::Fail;
                }
                i += 4;
            }
            (b'[', b'.') => match skip_symbol(cur, i) {
                Some(after) => i = after,
                None => return Skip::Fail,
            },
            _ => {}
        }
    }
}

/// Skipping `[:name:]` whose `:` is at `colon`: the index to go on from (`colon` itself
/// when it is no class), `None` when the name runs too long.
fn skip_class(cur: &Cursor, colon: usize) -> Option<usize> {
    let mut k = colon;
    let mut read = 0;
    loop {
        k += 1;
        read += 1;
        if read == CLASS_NAME_LIMIT {
            return None;
        }
        let c = cur.at(k);
        if c == b':' && cur.at(k + 1) == b']' {
            return Some(k + 2);
        }
        if !is_class_name_byte(c) {
            return Some(colon);
        }
    }
}

/// Skipping `[.x.]` whose `.` is at `dot`: the index after `.]`, `None` if unterminated.
fn skip_symbol(cur: &Cursor, dot: usize) -> Option<usize> {
    let mut k = dot + 1;
    loop {
        match (cur.at(k), cur.at(k + 1)) {
            (0, _) => return None,
            (b'.', b']') => return Some(k + 2),
            _ => k += 1,
        }
    }
}
