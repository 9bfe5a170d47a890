//! `falcoc-lsp`: the language server for Falco rules files.
//!
//! Code map: [`server`] runs the protocol and owns the open [`documents`]; [`worker`]
//! analyses the newest state on its own thread, building a [`world::World`] through
//! [`frontend`] (the only module that calls the compiler) and publishing diagnostics through
//! [`publish`]; [`handlers`] answer requests from a world. [`line_index`] converts byte
//! offsets to UTF-16 LSP positions and back; [`config`] finds the workspace's rules files.
//!
//! Invariant: the server only converts what the front end reports (spans to ranges); it
//! never re-derives a diagnostic.

pub mod capabilities;
pub mod config;
pub mod cursor;
pub mod documents;
pub mod frontend;
pub mod handlers;
pub mod line_index;
pub mod publish;
pub mod salvage;
pub mod semantic_tokens;
pub mod server;
pub mod texts;
pub mod transport;
pub mod worker;
pub mod world;

pub use server::run;
