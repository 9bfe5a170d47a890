//! The x86_64 system-call table: the name of every native syscall number, as the kernel's
//! `arch/x86/entry/syscalls/syscall_64.tbl` lists it (numbers 335 to 423 are unused).
//!
//! libsinsp names a generic exit event whose `ID` is `PPM_SC_UNKNOWN` (a capture written
//! by libs that did not know the syscall yet) by its `nativeID` parameter, looked up in the
//! replaying machine's table (`scap_native_id_to_ppm_sc`); falcoc replays as x86_64 does.
//! The table itself is the `falcoc-syscall-table` crate, which the probe (it links no
//! catalogue) shares.

use super::syscall_id;

/// The name of x86_64 syscall `nr`, if it has one.
pub fn native_syscall_name(nr: u32) -> Option<&'static str> {
    falcoc_syscall_table::x86_64_name(nr)
}

/// One past the highest x86_64 syscall number the table knows.
pub fn native_syscall_count() -> u32 {
    falcoc_syscall_table::x86_64_count()
}

/// `scap_native_id_to_ppm_sc`: the ppm_sc code of x86_64 syscall `nr`; `PPM_SC_UNKNOWN`
/// (0) for a number without a name or a name without a code. A name search: only generic
/// events the capture could not name take this path.
pub fn native_to_ppm_sc(nr: u32) -> u16 {
    native_syscall_name(nr).and_then(syscall_id).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::syscall_name;

    #[test]
    fn native_numbers_map_to_the_codes_of_their_names() {
        assert_eq!(native_syscall_name(0), Some("read"));
        assert_eq!(native_syscall_name(221), Some("fadvise64"));
        assert_eq!(syscall_name(native_to_ppm_sc(221)), Some("fadvise64"));
        assert_eq!(native_syscall_name(400), None);
        assert_eq!(native_to_ppm_sc(400), 0);
        assert_eq!(native_syscall_name(native_syscall_count()), None);
        assert_eq!(native_to_ppm_sc(u32::MAX), 0);
    }
}
