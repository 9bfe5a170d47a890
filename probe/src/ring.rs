//! A BPF ring buffer read through our own mapping of it, so the consumer position is
//! published once per batch of records rather than once per record (aya's reader stores it
//! after every record, and the producer on another cpu then takes a cache miss on every
//! reservation). The kernel's layout: a read-write consumer page (`consumer_pos`), then a
//! read-only producer page (`producer_pos`) followed by the data pages mapped twice, so a
//! record that wraps around the end reads as one slice. Each record is an 8-byte header
//! (`len` with the busy and discard bits, then a page offset) and its data, padded to 8.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};

/// The record is being written.
const BUSY: u32 = 1 << 31;
/// The record was reserved, then discarded.
const DISCARD: u32 = 1 << 30;
const HEADER: u64 = 8;
/// Bytes consumed between two publications of the consumer position, so a long drain
/// frees space for the producer as it goes.
const PUBLISH_EVERY: u64 = 256 * 1024;

/// One mapped ring buffer.
pub struct MappedRing {
    consumer: *mut u8,
    producer: *mut u8,
    producer_len: usize,
    page: usize,
    mask: u64,
    /// Our consumer position (published to the kernel at batch ends).
    pos: u64,
}

// SAFETY: the mappings are owned by this value and only touched through `&mut self`.
unsafe impl Send for MappedRing {}

impl MappedRing {
    /// Maps the ring buffer map `fd`.
    pub fn new(fd: BorrowedFd<'_>) -> io::Result<MappedRing> {
        let size = ring_bytes(fd)?;
        // SAFETY: sysconf has no preconditions.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize;
        let consumer = map(fd, page, libc::PROT_READ | libc::PROT_WRITE, 0)?;
        let producer_len = page + 2 * size as usize;
        let producer = match map(fd, producer_len, libc::PROT_READ, page) {
            Ok(p) => p,
            Err(e) => {
                // SAFETY: `consumer` is our mapping of `page` bytes.
                unsafe { libc::munmap(consumer.cast(), page) };
                return Err(e);
            }
        };
        let mut ring = MappedRing {
            consumer,
            producer,
            producer_len,
            page,
            mask: u64::from(size) - 1,
            pos: 0,
        };
        ring.pos = ring.consumer_pos().load(Ordering::Acquire);
        Ok(ring)
    }

    fn consumer_pos(&self) -> &AtomicU64 {
        // SAFETY: the consumer page starts with the kernel's 8-aligned `consumer_pos`.
        unsafe { &*(self.consumer as *const AtomicU64) }
    }

    fn producer_pos(&self) -> &AtomicU64 {
        // SAFETY: the producer page starts with the kernel's 8-aligned `producer_pos`.
        unsafe { &*(self.producer as *const AtomicU64) }
    }

    /// Hands up to `max` committed records to `f`, publishing the consumer position every
    /// [`PUBLISH_EVERY`] bytes and at the end. Returns the number of records.
    pub fn drain(&mut self, max: usize, f: &mut dyn FnMut(&[u8])) -> usize {
        let mut n = 0;
        let mut published = self.pos;
        let mut end = self.producer_pos().load(Ordering::Acquire);
        while n < max {
            if self.pos == end {
                end = self.producer_pos().load(Ordering::Acquire);
                if self.pos == end {
                    break;
                }
            }
            let offset = (self.pos & self.mask) as usize;
            // SAFETY: offset < size, and the data pages are mapped twice after the producer
            // page, so the header and a record of at most `size` bytes are inside the mapping.
            let header = unsafe { &*(self.producer.add(self.page + offset) as *const AtomicU32) };
            let word = header.load(Ordering::Acquire);
            if word & BUSY != 0 {
                break;
            }
            let len = u64::from(word & !(BUSY | DISCARD));
            if len > self.mask {
                // A corrupt header: stop reading this buffer rather than read past it.
                break;
            }
            if word & DISCARD == 0 {
                let start = self.page + offset + HEADER as usize;
                // SAFETY: `len` bytes after the header lie in the doubly mapped data pages,
                // and the producer will not reuse them before the consumer position passes
                // them, which happens after `f` returns.
                let data =
                    unsafe { std::slice::from_raw_parts(self.producer.add(start), len as usize) };
                f(data);
                n += 1;
            }
            self.pos += (len + HEADER).next_multiple_of(8);
            if self.pos - published >= PUBLISH_EVERY {
                self.consumer_pos().store(self.pos, Ordering::Release);
                published = self.pos;
            }
        }
        if self.pos != published {
            self.consumer_pos().store(self.pos, Ordering::Release);
        }
        n
    }
}

impl Drop for MappedRing {
    fn drop(&mut self) {
        // SAFETY: both are our mappings, of these lengths, and no slice of them outlives
        // `drain`.
        unsafe {
            libc::munmap(self.consumer.cast(), self.page);
            libc::munmap(self.producer.cast(), self.producer_len);
        }
    }
}

/// `mmap(fd, len, prot, offset)`, shared.
fn map(fd: BorrowedFd<'_>, len: usize, prot: libc::c_int, offset: usize) -> io::Result<*mut u8> {
    // SAFETY: a fresh mapping chosen by the kernel; the fd is valid for the call.
    let p = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            len,
            prot,
            libc::MAP_SHARED,
            fd.as_raw_fd(),
            offset as libc::off_t,
        )
    };
    if p == libc::MAP_FAILED {
        return Err(io::Error::last_os_error());
    }
    Ok(p.cast())
}

/// The data size of ring buffer map `fd` (its `max_entries`), from BPF_OBJ_GET_INFO_BY_FD.
fn ring_bytes(fd: BorrowedFd<'_>) -> io::Result<u32> {
    /// The head of `struct bpf_map_info`: type, id, key_size, value_size, max_entries, ...
    #[repr(C)]
    #[derive(Default)]
    struct MapInfo {
        words: [u32; 20],
    }
    #[repr(C)]
    struct InfoAttr {
        bpf_fd: u32,
        info_len: u32,
        info: u64,
    }
    const BPF_OBJ_GET_INFO_BY_FD: libc::c_long = 15;
    let mut info = MapInfo::default();
    let attr = InfoAttr {
        bpf_fd: fd.as_raw_fd() as u32,
        info_len: std::mem::size_of::<MapInfo>() as u32,
        info: &mut info as *mut MapInfo as u64,
    };
    // SAFETY: `attr` points at `info`, which lives across the call and has `info_len` bytes.
    let rc = unsafe {
        libc::syscall(
            libc::SYS_bpf,
            BPF_OBJ_GET_INFO_BY_FD,
            &attr as *const InfoAttr,
            std::mem::size_of::<InfoAttr>() as u32,
        )
    };
    if rc < 0 {
        return Err(io::Error::last_os_error());
    }
    let size = info.words[4];
    if !size.is_power_of_two() || size < 4096 {
        return Err(io::Error::other(format!("ring buffer of {size} bytes")));
    }
    Ok(size)
}
