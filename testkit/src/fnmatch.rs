//! glibc's `fnmatch`, the oracle of the `glob` and `iglob` operators: flags 0 or
//! `FNM_CASEFOLD`, in the C locale a Rust program runs in (no `setlocale`).

/// Whether `text` matches the glob `pattern` by glibc; `fold` is `FNM_CASEFOLD`. A byte
/// string holding a NUL cannot be passed to C and matches nothing.
pub fn libc_fnmatch(pattern: &[u8], text: &[u8], fold: bool) -> bool {
    let (Ok(p), Ok(t)) = (
        std::ffi::CString::new(pattern),
        std::ffi::CString::new(text),
    ) else {
        return false;
    };
    const FNM_CASEFOLD: libc::c_int = 1 << 4;
    let flags = if fold { FNM_CASEFOLD } else { 0 };
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call;
    // fnmatch only reads them.
    unsafe { libc::fnmatch(p.as_ptr(), t.as_ptr(), flags) == 0 }
}
