//! What a process tree costs, from `/proc`: peak resident memory (the kernel's high-water mark
//! `VmHWM` of the process, and the largest resident size of the whole tree sampled under load,
//! since a gateway that forks workers has its memory in the children) and CPU time.
//!
//! CPU time per request is the figure least disturbed by sharing the machine: throughput
//! depends on how the cores are split between the gateway, the subgraphs and the load
//! generator, while the CPU a gateway spends on each request is its own.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

const SAMPLE_EVERY: Duration = Duration::from_millis(100);

/// A `/proc/<pid>/status` field in KiB (`VmHWM`, `VmRSS`).
pub fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    parse_status_kib(&status, field)
}

fn parse_status_kib(status: &str, field: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        rest.trim().strip_suffix("kB")?.trim().parse().ok()
    })
}

/// Resident KiB of `pid` and all its descendants.
pub fn tree_rss_kib(pid: u32) -> u64 {
    tree(pid)
        .iter()
        .filter_map(|pid| status_kib(*pid, "VmRSS"))
        .sum()
}

/// CPU seconds (user and system) that `pid` and its live descendants have used.
pub fn tree_cpu_secs(pid: u32) -> f64 {
    let ticks: u64 = tree(pid)
        .iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/stat")).ok())
        .filter_map(|stat| cpu_ticks(&stat))
        .sum();
    ticks as f64 / clock_ticks_per_sec()
}

/// `utime + stime`, the 14th and 15th fields of `/proc/<pid>/stat`.
fn cpu_ticks(stat: &str) -> Option<u64> {
    let mut fields = stat[stat.rfind(')')? + 1..].split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(utime + stime)
}

/// `CLK_TCK`, the unit of the CPU times in `/proc`; 100 on every Linux we run on.
fn clock_ticks_per_sec() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        std::process::Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|out| String::from_utf8(out.stdout).ok())
            .and_then(|text| text.trim().parse().ok())
            .filter(|ticks: &f64| *ticks > 0.0)
            .unwrap_or(100.0)
    })
}

/// `pid` and every process below it.
fn tree(pid: u32) -> Vec<u32> {
    let mut parents = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for entry in entries.flatten() {
            let Some(child) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            if let Some(parent) = std::fs::read_to_string(format!("/proc/{child}/stat"))
                .ok()
                .and_then(|stat| parent_pid(&stat))
            {
                parents.push((child, parent));
            }
        }
    }
    let mut tree = vec![pid];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        i += 1;
    }
    tree
}

/// The fourth field of `/proc/<pid>/stat`; the command name before it may contain spaces
/// and parentheses, so parsing starts after its closing parenthesis.
fn parent_pid(stat: &str) -> Option<u32> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    after_name.split_whitespace().nth(1)?.parse().ok()
}

/// Samples a process tree's resident size until stopped; keeps the largest.
pub struct TreeSampler {
    stop: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    thread: JoinHandle<()>,
}

impl TreeSampler {
    pub fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(0));
        let thread = {
            let (stop, peak) = (stop.clone(), peak.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    peak.fetch_max(tree_rss_kib(pid), Ordering::Relaxed);
                    std::thread::sleep(SAMPLE_EVERY);
                }
            })
        };
        Self { stop, peak, thread }
    }

    /// The largest sample, in KiB.
    pub fn stop(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
        self.peak.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_fields_and_parent_pids_parse() {
        let status = "Name:\tnode\nVmHWM:\t  123456 kB\nVmRSS:\t   99 kB\n";
        assert_eq!(parse_status_kib(status, "VmHWM"), Some(123_456));
        assert_eq!(parse_status_kib(status, "VmRSS"), Some(99));
        assert_eq!(parse_status_kib(status, "VmSwap"), None);
        assert_eq!(parent_pid("42 (a (b) c) S 7 42 42 0"), Some(7));
        let stat = "42 (node) S 7 42 42 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 11 0";
        assert_eq!(cpu_ticks(stat), Some(280));
    }

    #[test]
    fn this_process_has_a_resident_size() {
        let me = std::process::id();
        assert!(status_kib(me, "VmHWM").unwrap_or(0) > 0);
        assert!(tree_rss_kib(me) > 0);
        let spent = tree_cpu_secs(me);
        let started = std::time::Instant::now();
        let mut spin = 0u64;
        while started.elapsed() < Duration::from_millis(100) {
            spin = std::hint::black_box(spin.wrapping_add(1));
        }
        assert!(
            tree_cpu_secs(me) > spent,
            "100 ms of spinning shows as CPU time"
        );
    }
}
