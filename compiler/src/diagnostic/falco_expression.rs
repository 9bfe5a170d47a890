//! Falco's own `condition expression` location, kept beside our exact one so `-V` can
//! print what Falco prints.
//!
//! Falco locates a condition error inside the condition *text* it parsed (lists
//! substituted, exceptions appended), with its parser's 1-based line and column, and adds
//! that to the enclosing location (the `rule condition`, or the item itself for macro
//! errors). The location is named by the condition text, quoted and cut to 20 bytes, and
//! the snippet is cut from that text, not from the file.

/// Falco's position of an error inside a condition text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FalcoExpression {
    /// The condition text Falco names the location by and cuts the snippet from.
    pub shown: String,
    /// What Falco adds to the enclosing location: a byte index and a line and column
    /// (1-based as Falco's parser counts them, or all 0 for a whole-condition warning).
    pub index: usize,
    pub line: usize,
    pub column: usize,
}

impl FalcoExpression {
    /// The position of byte `index` of `parsed`, counted as libsinsp's parser counts
    /// (every `\r` or `\n` starts a line; columns are bytes).
    pub fn at(shown: impl Into<String>, parsed: &str, index: usize) -> Self {
        let (mut line, mut column) = (1, 1);
        for &b in parsed.as_bytes().iter().take(index) {
            column += 1;
            if b == b'\r' || b == b'\n' {
                column = 1;
                line += 1;
            }
        }
        FalcoExpression {
            shown: shown.into(),
            index,
            line,
            column,
        }
    }

    /// A warning about the whole condition: Falco places it at the enclosing location.
    pub fn whole(shown: impl Into<String>) -> Self {
        FalcoExpression {
            shown: shown.into(),
            index: 0,
            line: 0,
            column: 0,
        }
    }

    /// The location name Falco gives: the text quoted, cut to 20 bytes with `...`.
    pub fn name(&self) -> String {
        let cut = if self.shown.len() > 20 {
            let mut end = 17;
            while !self.shown.is_char_boundary(end) {
                end -= 1;
            }
            format!("\"{}...\"", &self.shown[..end])
        } else {
            format!("\"{}\"", self.shown)
        };
        cut.replace(['\n', '\r'], " ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_counted_as_libsinsp_counts_them() {
        let e = FalcoExpression::at("", "a and\r\nb", 7);
        assert_eq!((e.index, e.line, e.column), (7, 3, 1));
        let e = FalcoExpression::at("", "evt.type=open and", 17);
        assert_eq!((e.line, e.column), (1, 18));
    }

    #[test]
    fn names_are_cut_to_twenty_bytes() {
        let long = FalcoExpression::whole("evt.type=open and fd.num = abc");
        assert_eq!(long.name(), "\"evt.type=open and...\"");
        let short = FalcoExpression::whole("a and proc.name=cat\n");
        assert_eq!(short.name(), "\"a and proc.name=cat \"");
    }
}
