//! The words and separators of the condition language besides operators, modifiers and
//! transformers (those are [`crate::ast::CmpOp`], [`crate::ast::Modifier`] and
//! [`crate::ast::TransformerKind`]): the logical keywords, and the bytes that delimit a
//! list name for Falco's textual list substitution. The lexer, the compiler's list
//! substitution and the language server all use these definitions.

/// The logical keywords. After a modifier, an identifier spelled like one of them is not
/// taken as a list name.
pub const KEYWORDS: [&str; 3] = ["and", "or", "not"];

/// Whether `word` is one of [`KEYWORDS`].
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Bytes around a list name that make it a whole word for list substitution (Falco
/// substitutes a list only where its name is delimited by these, or by the text's ends).
pub const LIST_NAME_DELIMITERS: &[u8] = b" \t\n\r(),=";

/// Blanks that list substitution removes before an empty list's place.
pub const LIST_BLANKS: &[u8] = b" \t\n\r";

/// Whether `b` delimits a list name (see [`LIST_NAME_DELIMITERS`]).
pub fn is_list_name_delimiter(b: u8) -> bool {
    LIST_NAME_DELIMITERS.contains(&b)
}
