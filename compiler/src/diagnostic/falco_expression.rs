//! Falco's own `condition expression` location, kept beside our exact one so `-V` can
//! print what Falco prints.
//!
//! Falco locates a condition error inside the condition *text* it parsed (lists
//! substituted, exceptions appended), with its parser's 1-based line and column, and adds
//! that to the enclosing location (the `rule condition`, or the item itself for macro
//! errors). The location is named by the condition text, quoted and cut to 20 bytes, and
//! the snippet is cut from that text, not from the file.

use std::sync::Arc;

/// Falco's position of an error inside a condition text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FalcoExpression {
    /// The condition text Falco names the location by and cuts the snippet from (shared
    /// by every diagnostic of the condition).
    pub shown: Arc<str>,
    /// What Falco adds to the enclosing location: a byte index and a line and column
    /// (1-based as Falco's parser counts them, or all 0 for a whole-condition warning).
    pub index: usize,
    pub line: usize,
    pub column: usize,
}

impl FalcoExpression {
    /// A warning about the whole condition: Falco places it at the enclosing location.
    pub fn whole(shown: &Arc<str>) -> Self {
        FalcoExpression {
            shown: Arc::clone(shown),
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
    fn names_are_cut_to_twenty_bytes() {
        let long = FalcoExpression::whole(&"evt.type=open and fd.num = abc".into());
        assert_eq!(long.name(), "\"evt.type=open and...\"");
        let short = FalcoExpression::whole(&"a and proc.name=cat\n".into());
        assert_eq!(short.name(), "\"a and proc.name=cat \"");
    }
}
