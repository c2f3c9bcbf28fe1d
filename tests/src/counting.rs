//! A global allocator that counts live heap bytes and their peak, for the tests and benchmarks
//! that measure memory (`tests/tests/memory.rs`, `codegen/benches`, `bench/benches`). Each
//! includes this file with `#[path]` and installs it:
//! `#[global_allocator] static ALLOCATOR: counting::Counting = counting::Counting;`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts live heap bytes and their peak; forwards everything to the system allocator.
pub struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let now = CURRENT.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller upholds `alloc`'s contract, which is `System.alloc`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `System` with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        grew(new_size);
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller upholds `realloc`'s contract, which is `System.realloc`'s.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// The bytes live now, with the peak reset to them: [`Mark::peak_growth`] then says how far the
/// heap grew above them.
pub struct Mark(usize);

/// Starts a measurement.
pub fn mark() -> Mark {
    let baseline = CURRENT.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    Mark(baseline)
}

impl Mark {
    /// The peak heap growth (bytes) since the mark.
    pub fn peak_growth(&self) -> usize {
        PEAK.load(Ordering::Relaxed).saturating_sub(self.0)
    }
}

/// Runs `f` and returns its output with the peak heap growth (bytes) while it ran.
#[allow(dead_code)] // not every includer measures a closure
pub fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let mark = mark();
    let out = f();
    (out, mark.peak_growth())
}
