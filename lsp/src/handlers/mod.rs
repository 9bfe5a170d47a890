//! Request handlers, one file per request, and the dispatcher that routes to them.
//!
//! Handlers are pure functions of the analysed [`World`] and the request parameters; they
//! never fail on bad input (an unknown document or a position outside any item gives an
//! empty answer).

mod symbols;

use crate::world::World;
use lsp_server::{ErrorCode, Request, Response};
use lsp_types::request::{self, Request as _};

/// Answers `req` against `world`.
pub fn dispatch(world: &World, req: Request) -> Response {
    match req.method.as_str() {
        request::DocumentSymbolRequest::METHOD => {
            handle::<request::DocumentSymbolRequest>(req, |p| symbols::document_symbols(world, p))
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
