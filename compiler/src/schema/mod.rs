//! Falco's structural validation of a rules file against its rules JSON schema, with the
//! messages Falco prints in `schema_warnings`.
//!
//! Falco (0.44) checks every YAML document against a JSON schema (draft 6) with the
//! valijson library in its weak-types mode, before it reads any item. The result never
//! stops a load; it is reported in the load result: `schema_valid` is whether the *first*
//! status is `ok`, and `schema_warnings` lists every status of every document when it is
//! not. One status per document is either `ok` or the failures found there, innermost
//! first, each `failed for <path>: <reason>`.
//!
//! The schema is described in [`rules_schema`] as data; [`validate`] walks a document
//! against it the way valijson does (constraint order, property order, which failures
//! are reported). A failure at depth *n* also reports one failure at each enclosing level.

mod rules_schema;
mod walk;

pub use walk::Thrown;

use crate::yaml::Node;

/// The status Falco records for a document that validates.
pub const VALIDATION_OK: &str = "ok";

/// Falco's schema validation of one file: every document's statuses, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchemaStatus {
    pub statuses: Vec<String>,
}

impl SchemaStatus {
    /// Validates every document of a file. A file with no document at all (empty, or only
    /// comments) has no status, so Falco prints neither `schema_valid` nor the warnings.
    /// `Err` when Falco's validator throws (Falco then fails the load with that message).
    pub fn of_documents(docs: &[Node]) -> Result<Option<SchemaStatus>, Thrown> {
        if docs.is_empty() {
            return Ok(None);
        }
        let mut statuses = Vec::new();
        for doc in docs {
            let failures = walk::validate(doc, rules_schema::root())?;
            if failures.is_empty() {
                statuses.push(VALIDATION_OK.to_string());
            } else {
                statuses.extend(failures);
            }
        }
        Ok(Some(SchemaStatus { statuses }))
    }

    /// Falco's `schema_valid`: whether the first status is `ok`.
    pub fn valid(&self) -> bool {
        self.statuses.first().map(String::as_str) == Some(VALIDATION_OK)
    }

    /// Falco's `schema_warnings`: every status when the file is not valid, else none.
    pub fn warnings(&self) -> &[String] {
        if self.valid() {
            &[]
        } else {
            &self.statuses
        }
    }
}

#[cfg(test)]
mod tests;
