//! The x86_64 syscall table is held twice, because the probe links no catalogue: the
//! probe names live generic syscalls by it, the catalogue names replayed generic exits the
//! capture could not name (`nativeID`). Both must be the same table.

use falcoc_compiler::catalog::events::{native_syscall_count, native_syscall_name};
use falcoc_probe::syscall_names::{x86_64_count, x86_64_name};

#[test]
fn the_probe_and_the_catalogue_hold_the_same_x86_64_table() {
    assert_eq!(native_syscall_count(), x86_64_count());
    let mut named = 0;
    for nr in 0..=x86_64_count() {
        assert_eq!(native_syscall_name(nr), x86_64_name(nr), "syscall {nr}");
        named += usize::from(x86_64_name(nr).is_some());
    }
    assert!(named > 350, "{named} named syscalls");
}
