//! The printed comparison: throughput per round, latency percentiles, CPU per request, peak
//! memory and the ratios to our router and to Hive Router; then the single-fetch overhead of
//! each gateway.

use super::GatewayKind;
use super::wrk::LoadResult;
use std::fmt::Write;

/// One round of load on one gateway.
#[derive(Clone, Debug)]
pub struct Round {
    pub load: LoadResult,
    /// CPU seconds the gateway's processes used during the round.
    pub gateway_cpu_secs: f64,
    /// CPU seconds the subgraphs used during the round.
    pub subgraphs_cpu_secs: f64,
}

impl Round {
    fn ms_per_request(&self, cpu_secs: f64) -> f64 {
        cpu_secs * 1000.0 / self.load.requests.max(1) as f64
    }
}

/// Everything measured for one gateway.
#[derive(Clone, Debug)]
pub struct GatewayRun {
    pub kind: GatewayKind,
    /// One per round, in round order.
    pub rounds: Vec<Round>,
    pub peak_rss_kib: u64,
    /// p50 of sequential single-fetch requests through the gateway, in microseconds.
    pub single_fetch_p50_us: Option<f64>,
}

impl GatewayRun {
    pub fn mean_rps(&self) -> f64 {
        mean(self.rounds.iter().map(|r| r.load.rps))
    }

    fn mean_ms(&self, pick: fn(&LoadResult) -> f64) -> f64 {
        mean(self.rounds.iter().map(|r| pick(&r.load))) / 1000.0
    }

    fn cpu_ms_per_request(&self) -> f64 {
        mean(
            self.rounds
                .iter()
                .map(|r| r.ms_per_request(r.gateway_cpu_secs)),
        )
    }

    fn subgraphs_cpu_ms_per_request(&self) -> f64 {
        mean(
            self.rounds
                .iter()
                .map(|r| r.ms_per_request(r.subgraphs_cpu_secs)),
        )
    }

    fn failures(&self) -> u64 {
        self.rounds.iter().map(|r| r.load.failures).sum()
    }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, count) = values.fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
    if count == 0 { 0.0 } else { sum / count as f64 }
}

/// The load table. Percentiles and CPU per request are means over the rounds.
pub fn load_table(runs: &[GatewayRun], connections: u32) -> String {
    let reference = |kind: GatewayKind| {
        runs.iter()
            .find(|run| run.kind == kind)
            .map(GatewayRun::mean_rps)
            .filter(|rps| *rps > 0.0)
    };
    let ours = reference(GatewayKind::Ours);
    let hive = reference(GatewayKind::HiveRouter);
    let rounds = runs.iter().map(|run| run.rounds.len()).max().unwrap_or(0);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "nested query, {connections} connections, closed loop; latency and CPU: mean over rounds;\n\
         cpu: the gateway's CPU ms per request, sub cpu: the subgraphs' (both on the same cores)"
    );
    let mut header = format!("{:<15}", "gateway");
    for round in 1..=rounds {
        let _ = write!(header, " {:>9}", format!("rps r{round}"));
    }
    let _ = write!(
        header,
        " {:>9} {:>7} {:>7} {:>7} {:>6} {:>8} {:>9} {:>7} {:>7} {:>6}",
        "mean rps",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "cpu",
        "sub cpu",
        "peak RSS",
        "× ours",
        "× hive",
        "failed"
    );
    let _ = writeln!(out, "{header}");
    for run in runs {
        let mut line = format!("{:<15}", run.kind.name());
        for round in 0..rounds {
            match run.rounds.get(round) {
                Some(round) => {
                    let _ = write!(line, " {:>9.0}", round.load.rps);
                }
                None => {
                    let _ = write!(line, " {:>9}", "-");
                }
            }
        }
        let rps = run.mean_rps();
        let ratio = |reference: Option<f64>| match reference {
            Some(reference) => format!("{:.2}", rps / reference),
            None => "-".to_owned(),
        };
        let _ = writeln!(
            line,
            " {:>9.0} {:>7.2} {:>7.2} {:>7.2} {:>6.2} {:>8.2} {:>9} {:>7} {:>7} {:>6}",
            rps,
            run.mean_ms(|r| r.p50_us),
            run.mean_ms(|r| r.p95_us),
            run.mean_ms(|r| r.p99_us),
            run.cpu_ms_per_request(),
            run.subgraphs_cpu_ms_per_request(),
            format!("{} MiB", run.peak_rss_kib.div_ceil(1024)),
            ratio(ours),
            ratio(hive),
            run.failures(),
        );
        out.push_str(&line);
    }
    if let Some(line) = change_against_baseline(runs) {
        out.push_str(&line);
    }
    out
}

/// Ours against the baseline build from the same rounds: what a change costs, as ratios that
/// the machine's drift between runs does not move.
fn change_against_baseline(runs: &[GatewayRun]) -> Option<String> {
    let find = |kind: GatewayKind| runs.iter().find(|run| run.kind == kind);
    let (ours, baseline) = (find(GatewayKind::Ours)?, find(GatewayKind::Baseline)?);
    if baseline.mean_rps() <= 0.0 || baseline.cpu_ms_per_request() <= 0.0 {
        return None;
    }
    let rounds: Vec<String> = ours
        .rounds
        .iter()
        .zip(&baseline.rounds)
        .map(|(ours, base)| {
            format!(
                "{:.3}",
                ours.load.rps / base.load.rps.max(f64::MIN_POSITIVE)
            )
        })
        .collect();
    Some(format!(
        "ours ÷ baseline: throughput {:.3} (rounds: {}), CPU per request {:.3}, p50 {:.3}\n",
        ours.mean_rps() / baseline.mean_rps(),
        rounds.join(", "),
        ours.cpu_ms_per_request() / baseline.cpu_ms_per_request(),
        ours.mean_ms(|r| r.p50_us) / baseline.mean_ms(|r| r.p50_us).max(f64::MIN_POSITIVE),
    ))
}

/// The overhead table: each gateway's single-fetch p50 minus the subgraph's own.
pub fn overhead_table(runs: &[GatewayRun], direct_p50_us: &[f64], secs: u64) -> String {
    let direct = mean(direct_p50_us.iter().copied());
    let mut out = String::new();
    let samples: Vec<String> = direct_p50_us
        .iter()
        .map(|us| format!("{:.3}", us / 1000.0))
        .collect();
    let _ = writeln!(
        out,
        "single-fetch query, one keep-alive connection, sequential, {secs} s each: \
         products subgraph direct p50 {:.3} ms (runs: {} ms)",
        direct / 1000.0,
        samples.join(", ")
    );
    let _ = writeln!(
        out,
        "{:<15} {:>8} {:>12}",
        "gateway", "p50 ms", "overhead ms"
    );
    for run in runs {
        if let Some(p50) = run.single_fetch_p50_us {
            let _ = writeln!(
                out,
                "{:<15} {:>8.3} {:>12.3}",
                run.kind.name(),
                p50 / 1000.0,
                (p50 - direct) / 1000.0
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(rps: f64, p50_us: f64) -> LoadResult {
        LoadResult {
            requests: 1000,
            rps,
            p50_us,
            p95_us: p50_us * 2.0,
            p99_us: p50_us * 3.0,
            failures: 0,
        }
    }

    fn run(kind: GatewayKind, rps: [f64; 2]) -> GatewayRun {
        GatewayRun {
            kind,
            rounds: rps
                .iter()
                .map(|rps| Round {
                    load: result(*rps, 10_000.0),
                    gateway_cpu_secs: 0.5,
                    subgraphs_cpu_secs: 0.25,
                })
                .collect(),
            peak_rss_kib: 56 * 1024,
            single_fetch_p50_us: Some(400.0),
        }
    }

    #[test]
    fn ratios_are_to_ours_and_to_hive_router() {
        let runs = [
            run(GatewayKind::Ours, [1800.0, 1600.0]),
            run(GatewayKind::HiveRouter, [3400.0, 3400.0]),
        ];
        let table = load_table(&runs, 50);
        let ours = table.lines().find(|l| l.starts_with("ours")).unwrap();
        let hive = table
            .lines()
            .find(|l| l.starts_with("hive-router"))
            .unwrap();
        assert!(ours.contains(" 1700 "), "{ours}");
        // ours: 1.00 × ours, 0.50 × hive; hive: 2.00 × ours, 1.00 × hive.
        assert!(ours.contains("1.00    0.50"), "{ours}");
        assert!(hive.contains("2.00    1.00"), "{hive}");
        assert!(ours.contains("56 MiB"), "{ours}");
        // 0.5 s over 1000 requests, 0.25 s for the subgraphs.
        assert!(ours.contains("  0.50     0.25 "), "{ours}");
    }

    #[test]
    fn ours_is_compared_with_the_baseline_round_by_round() {
        let runs = [
            run(GatewayKind::Ours, [1900.0, 2000.0]),
            run(GatewayKind::Baseline, [2000.0, 2000.0]),
        ];
        let table = load_table(&runs, 50);
        let line = table
            .lines()
            .find(|l| l.starts_with("ours ÷ baseline"))
            .unwrap();
        assert!(
            line.contains("throughput 0.975 (rounds: 0.950, 1.000)"),
            "{line}"
        );
        assert!(line.contains("CPU per request 1.000"), "{line}");
        let without = load_table(&runs[..1], 50);
        assert!(!without.contains("baseline"), "{without}");
    }

    #[test]
    fn overhead_is_the_difference_of_the_medians() {
        let runs = [run(GatewayKind::Ours, [1.0, 1.0])];
        let table = overhead_table(&runs, &[150.0, 250.0], 5);
        assert!(table.contains("direct p50 0.200 ms"), "{table}");
        let ours = table.lines().find(|l| l.starts_with("ours")).unwrap();
        assert!(ours.ends_with("0.200"), "{ours}");
    }
}
