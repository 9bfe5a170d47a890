//! Giving freed heap memory back to the operating system.
//!
//! Loading rules builds YAML trees, expansions and type-checked trees that are all freed
//! once the rule set exists; glibc keeps those pages resident. An engine is built right
//! after a load, so it hands the free pages back first: the agent and replay then run
//! with only what the engine and state hold, and the engine's own allocations do not
//! stack on top of the load's leftovers.

/// Returns the allocator's free pages to the operating system (glibc `malloc_trim`).
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointers; it only walks glibc's own heaps and returns
    // whole free pages of them.
    unsafe {
        libc::malloc_trim(0);
    }
}
