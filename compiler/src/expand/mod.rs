//! Expansion of conditions before and after parsing: list substitution and exception
//! generation on text (as Falco does), macro resolution on trees.

pub mod exceptions;
pub mod lists;
pub mod macros;
pub mod mapped_text;
pub mod remap;
