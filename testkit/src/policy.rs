//! The one policy for tests whose oracle (`../shared`, `sysdig`) is missing: skip with a
//! printed reason, or fail when `FALCOC_REQUIRE_ORACLE=1`.

/// The variable that turns a missing oracle from a skip into a failure.
pub const REQUIRE_ORACLE: &str = "FALCOC_REQUIRE_ORACLE";

/// Whether a missing oracle must fail the test (`FALCOC_REQUIRE_ORACLE=1`).
pub fn oracle_required() -> bool {
    std::env::var_os(REQUIRE_ORACLE).is_some_and(|v| v == "1")
}

/// Reports that the oracle `reason` names is missing: panics under
/// `FALCOC_REQUIRE_ORACLE=1`, otherwise prints `skipped: {reason}` (the caller returns).
#[track_caller]
pub fn skip(reason: &str) {
    if oracle_required() {
        panic!("{reason}, and {REQUIRE_ORACLE}=1 requires it (unset it to skip this test)");
    }
    println!("skipped: {reason}");
}
