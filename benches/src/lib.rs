//! Shared helpers for the falcoc benchmarks.
