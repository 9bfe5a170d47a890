//! Test helpers shared by the integration tests.

use std::path::PathBuf;

/// The reference directory (`$FALCOC_SHARED`, else `../shared` beside the checkout);
/// `None` after applying the oracle policy when it is absent.
pub fn shared() -> Option<PathBuf> {
    falcoc_testkit::shared()
}
