//! Closed-loop load with wrk: a fixed number of connections, each sending the next request as
//! soon as the previous answer arrives. A Lua script posts the operation, counts answers that
//! are not a 200 without `errors` (so a gateway failing fast cannot look fast), and prints
//! the summary and latency percentiles as one JSON line.

use anyhow::{Context, bail};
use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// One wrk run.
pub struct Load<'a> {
    pub url: &'a str,
    pub body: &'a str,
    pub connections: u32,
    pub threads: u32,
    pub duration: Duration,
}

/// What one run measured; latencies in microseconds.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadResult {
    pub requests: u64,
    pub rps: f64,
    pub p50_us: f64,
    pub p95_us: f64,
    pub p99_us: f64,
    /// Socket errors, timeouts, non-2xx statuses and 200s carrying GraphQL errors.
    pub failures: u64,
}

const SCRIPT: &str = r#"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
wrk.body = [==[BODY]==]

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  bad = 0
end

function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local bad_total = 0
  for _, thread in ipairs(threads) do
    bad_total = bad_total + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bad":%d,"socket_errors":%d,"p50":%d,"p95":%d,"p99":%d}\n',
    summary.requests, summary.duration, bad_total,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"#;

/// Runs wrk with a script for `load.body` written into `work_dir`.
pub fn run(load: &Load<'_>, work_dir: &Path) -> anyhow::Result<LoadResult> {
    if load.body.contains("]==]") {
        bail!("the request body cannot be embedded in the wrk script");
    }
    let script = work_dir.join("load.lua");
    std::fs::write(&script, SCRIPT.replace("BODY", load.body))
        .with_context(|| format!("writing {}", script.display()))?;
    let output = Command::new("wrk")
        .arg(format!("--threads={}", load.threads))
        .arg(format!("--connections={}", load.connections))
        .arg(format!("--duration={}s", load.duration.as_secs().max(1)))
        .arg("--timeout=10s")
        .arg(format!("--script={}", script.display()))
        .arg(load.url)
        .output()
        .context("running wrk (install it: apt-get install -y wrk)")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "wrk failed ({}): {}{}",
            output.status,
            stdout,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let result =
        parse_summary(&stdout).with_context(|| format!("reading wrk's output:\n{stdout}"))?;
    if result.requests == 0 {
        bail!("wrk completed no request against {}:\n{stdout}", load.url);
    }
    Ok(result)
}

fn parse_summary(stdout: &str) -> anyhow::Result<LoadResult> {
    let line = stdout
        .lines()
        .find(|line| line.starts_with("{\"requests\""))
        .context("no summary line")?;
    let summary: Value = serde_json::from_str(line)?;
    let field = |name: &str| {
        summary[name]
            .as_f64()
            .with_context(|| format!("no {name} in the summary"))
    };
    let requests = field("requests")?;
    let duration_us = field("duration_us")?;
    if duration_us <= 0.0 {
        bail!("wrk ran for no time");
    }
    Ok(LoadResult {
        requests: requests as u64,
        rps: requests / (duration_us / 1e6),
        p50_us: field("p50")?,
        p95_us: field("p95")?,
        p99_us: field("p99")?,
        failures: (field("bad")? + field("socket_errors")?) as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_becomes_a_result() {
        let out = "Running 1s test @ http://x\n  2 threads and 50 connections\n\
                   {\"requests\":3000,\"duration_us\":2000000,\"bad\":2,\"socket_errors\":1,\
                   \"p50\":900,\"p95\":2500,\"p99\":4000}\n";
        let result = parse_summary(out).unwrap();
        assert_eq!(result.requests, 3000);
        assert!((result.rps - 1500.0).abs() < 1e-9);
        assert_eq!(result.p95_us, 2500.0);
        assert_eq!(result.failures, 3);
        assert!(parse_summary("Running 1s test").is_err());
    }

    #[test]
    fn the_script_embeds_the_body_verbatim() {
        let script = SCRIPT.replace("BODY", r#"{"query":"{ a }"}"#);
        assert!(script.contains(r#"wrk.body = [==[{"query":"{ a }"}]==]"#));
    }
}
