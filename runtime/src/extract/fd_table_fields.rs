//! The fields whose value depends on a process's whole fd table rather than on the fds an
//! event names: `proc.fdopencount`, `proc.fdusage`, `fd.types` (every fd's type, or fd N's)
//! and `proc.ppid.duration` (which falls through to the open fd count, as libsinsp's does,
//! when the parent's clone time is unknown). The multi-core runtime lets a forked child run
//! before its inherited fds arrive only when nothing loaded reads one of these.

use falcoc_catalog::fields::ResolvedField;

/// Field names, as the catalogue has them.
const WHOLE_TABLE: &[&str] = &[
    "proc.fdopencount",
    "proc.fdusage",
    "proc.ppid.duration",
    "fd.types",
];

/// Whether `field` reads more of a process's fd table than the fds its event names.
pub fn reads_whole_fd_table(field: &ResolvedField) -> bool {
    WHOLE_TABLE.contains(&field.info.name)
}
