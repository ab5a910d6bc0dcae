//! An export's memory does not grow with the findings it writes: JSON, CSV
//! and XLSX are written as they are made (issue 9: a national store once took
//! 630 MB to export as a workbook). Counted by this binary's allocator:
//! the most bytes held at once while writing, over what the report held
//! before it started.

#[path = "synth/mod.rs"]
mod synth;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use sotay::report::{Format, write};

struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only
// the byte counts are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let held = HELD.fetch_add(l.size(), Ordering::Relaxed) + l.size();
        PEAK.fetch_max(held, Ordering::Relaxed);
        // SAFETY: the caller's layout, as given.
        unsafe { System.alloc(l) }
    }

    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        HELD.fetch_sub(l.size(), Ordering::Relaxed);
        // SAFETY: `p` came from `alloc` with this layout.
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Bytes held at most while `format` is written for `visits` visits to
/// each of 10 communes, over what was held when writing began.
fn extra(format: Format, visits: usize) -> usize {
    let text = synth::assignments(2, 10, 40, 5);
    let data = sotay::assignments::load_sources(&[("a.json".into(), text.into_bytes())], sotay::checklist::builtin())
        .assignments;
    let (visits, follow_ups) = synth::findings(&data, visits, 11);
    let r = synth::report(&data, visits, follow_ups);
    let base = HELD.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let mut written = Counted(0);
    write(&r, format, &mut written).unwrap();
    assert!(written.0 > 10_000, "{format:?}: {} bytes", written.0);
    PEAK.load(Ordering::Relaxed) - base
}

/// A sink that counts what reaches it.
struct Counted(usize);

impl std::io::Write for Counted {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0 += b.len();
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Eight times the visits (80 to 640: 1,600 to 12,800 findings rows) may
/// add a little memory per visit (the summary's facts and the follow-up
/// index hold about 500 bytes each), never the visit's rows: held whole,
/// a visit took 9 KB in JSON, 6 KB in CSV and 70 KB in the workbook.
#[test]
fn writing_json_csv_and_xlsx_takes_memory_that_does_not_grow_with_the_rows() {
    // One test, so that no other test's allocations run at the same time.
    for format in [Format::Json, Format::Csv, Format::Xlsx] {
        let small = extra(format, 8);
        let large = extra(format, 64);
        let per_visit = large.saturating_sub(small) / 560;
        assert!(per_visit < 1_000, "{format:?}: {small} bytes for 80 visits, {large} for 640");
    }
}
