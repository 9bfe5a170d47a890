//! Request handlers, one file per request, and the dispatcher that routes to them.
//!
//! Handlers are pure functions of the analysed [`World`] and the request parameters; they
//! never fail on bad input (an unknown document or a position outside any item gives an
//! empty answer).

mod code_action;
mod common;
mod completion;
mod hover;
mod navigation;
mod rename;
mod semantic;
mod symbols;
mod workspace_symbols;

use crate::world::World;
use lsp_server::{ErrorCode, Request, Response};
use lsp_types::request::{self, Request as _};

/// Answers `req` against `world`.
pub fn dispatch(world: &World, req: Request) -> Response {
    match req.method.as_str() {
        request::DocumentSymbolRequest::METHOD => {
            handle::<request::DocumentSymbolRequest>(req, |p| symbols::document_symbols(world, p))
        }
        request::HoverRequest::METHOD => {
            handle::<request::HoverRequest>(req, |p| hover::hover(world, p))
        }
        request::Completion::METHOD => {
            handle::<request::Completion>(req, |p| completion::completion(world, p))
        }
        request::SemanticTokensFullRequest::METHOD => {
            handle::<request::SemanticTokensFullRequest>(req, |p| semantic::full(world, p))
        }
        request::CodeActionRequest::METHOD => {
            handle::<request::CodeActionRequest>(req, |p| code_action::code_actions(world, p))
        }
        request::WorkspaceSymbolRequest::METHOD => {
            handle::<request::WorkspaceSymbolRequest>(req, |p| {
                workspace_symbols::workspace_symbols(world, p)
                    .map(lsp_types::WorkspaceSymbolResponse::Flat)
            })
        }
        request::GotoDefinition::METHOD => {
            handle::<request::GotoDefinition>(req, |p| navigation::definition(world, p))
        }
        request::References::METHOD => {
            handle::<request::References>(req, |p| navigation::references(world, p))
        }
        request::PrepareRenameRequest::METHOD => {
            handle::<request::PrepareRenameRequest>(req, |p| rename::prepare(world, p))
        }
        request::Rename::METHOD => {
            handle_result::<request::Rename>(req, |p| rename::rename(world, p))
        }
        _ => Response::new_err(
            req.id,
            ErrorCode::MethodNotFound as i32,
            format!("unhandled method `{}`", req.method),
        ),
    }
}

fn handle<R: request::Request>(req: Request, f: impl FnOnce(R::Params) -> R::Result) -> Response {
    match serde_json::from_value::<R::Params>(req.params) {
        Ok(params) => Response::new_ok(req.id, f(params)),
        Err(e) => Response::new_err(
            req.id,
            ErrorCode::InvalidParams as i32,
            format!("invalid parameters: {e}"),
        ),
    }
}

/// Like [`handle`] for handlers that can refuse a request (e.g. an invalid new name).
fn handle_result<R: request::Request>(
    req: Request,
    f: impl FnOnce(R::Params) -> Result<R::Result, String>,
) -> Response {
    match serde_json::from_value::<R::Params>(req.params) {
        Ok(params) => match f(params) {
            Ok(result) => Response::new_ok(req.id, result),
            Err(message) => Response::new_err(req.id, ErrorCode::InvalidParams as i32, message),
        },
        Err(e) => Response::new_err(
            req.id,
            ErrorCode::InvalidParams as i32,
            format!("invalid parameters: {e}"),
        ),
    }
}
