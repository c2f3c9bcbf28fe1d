//! A global allocator that counts live heap bytes and their peak, for the tests and benchmarks
//! that measure memory (`tests/tests/memory.rs`, `codegen/benches`, `bench/benches`). Each
//! includes this file with `#[path]` and installs it over the allocator it measures:
//! `#[global_allocator] static ALLOCATOR: Counting<System> = Counting(System);`.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Counts live heap bytes and their peak; forwards everything to the allocator it wraps.
pub struct Counting<A>(pub A);

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static COUNTING: AtomicBool = AtomicBool::new(true);

fn grew(size: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        let now = CURRENT.fetch_add(size, Ordering::Relaxed) + size;
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

fn shrank(size: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        CURRENT.fetch_sub(size, Ordering::Relaxed);
    }
}

/// Stops counting for the rest of the process, for a process that times code which allocates:
/// the two atomic updates per allocation cost more than mimalloc's allocation itself.
#[allow(dead_code)] // not every includer times
pub fn stop() {
    COUNTING.store(false, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to the wrapped allocator unchanged; only counters are added.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counting<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller upholds `alloc`'s contract, which is the wrapped allocator's.
        unsafe { self.0.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        shrank(layout.size());
        // SAFETY: `ptr` was allocated by the wrapped allocator with `layout`.
        unsafe { self.0.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        grew(new_size);
        shrank(layout.size());
        // SAFETY: the caller upholds `realloc`'s contract, which is the wrapped allocator's.
        unsafe { self.0.realloc(ptr, layout, new_size) }
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
