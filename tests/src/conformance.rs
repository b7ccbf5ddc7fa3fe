//! Client-conformance runs: the scripts in `tools/conformance/` drive real client libraries
//! (graphql-http's audits, graphql-js) and a real browser (headless Chromium) against a test's
//! router, print one JSON document, and the test judges it here in Rust.
//!
//! These tests need Node.js, the scripts' npm packages and Chromium. `scripts/test.sh` installs
//! the packages and Chromium; when something is missing the tests fail (never skip) and say how
//! to install it, so a machine without them cannot pass by accident.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Where the scripts and their `package.json` live.
pub fn tool_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tools/conformance")
}

/// The browser the scripts drive: Debian's Chromium, which `scripts/test.sh` installs.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Oldest Node.js the pinned packages support (`playwright-core` asks for 20).
const NODE_MAJOR: u32 = 20;

/// Longest a script may run; the browser run takes about ten seconds.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(180);

const INSTALL: &str = "run scripts/test.sh, which installs them, or by hand: \
     `npm ci --no-audit --no-fund` in tools/conformance and `apt-get install -y chromium`";

/// The Chromium executable; fails the test when it is not installed.
pub fn chromium() -> String {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: the browser tests need Chromium; {INSTALL}"
    );
    CHROMIUM.to_owned()
}

/// Runs `node <script> <args…>` in [`tool_dir`] and returns the JSON document it prints.
/// Fails the test, saying what to install, when Node.js or the packages are missing or stale,
/// and with the script's stderr when it could not do its job.
pub async fn run(script: &str, args: &[String]) -> Value {
    check_node().await;
    check_packages();
    let mut command = tokio::process::Command::new("node");
    command
        .arg(script)
        .args(args)
        .current_dir(tool_dir())
        .kill_on_drop(true);
    let output = tokio::time::timeout(SCRIPT_TIMEOUT, command.output())
        .await
        .unwrap_or_else(|_| panic!("node {script} did not finish within {SCRIPT_TIMEOUT:?}"))
        .unwrap_or_else(|err| panic!("node {script} could not start: {err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "node {script} failed ({}):\n{stderr}\n{stdout}",
        output.status
    );
    let last_line = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last_line).unwrap_or_else(|err| {
        panic!("node {script} printed no JSON document ({err}):\n{stdout}\n{stderr}")
    })
}

async fn check_node() {
    let how = format!(
        "the client-conformance tests need Node.js {NODE_MAJOR} or newer on PATH (e.g. \
         NodeSource's Debian packages: https://github.com/nodesource/distributions), and then \
         the scripts' packages: {INSTALL}"
    );
    let output = tokio::process::Command::new("node")
        .arg("--version")
        .output()
        .await
        .unwrap_or_else(|err| panic!("`node --version` failed ({err}): {how}"));
    let version = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let major = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|major| major.parse::<u32>().ok());
    assert!(
        major.is_some_and(|major| major >= NODE_MAJOR),
        "node {version:?} is too old or unreadable: {how}"
    );
}

/// Every dependency pinned in `package.json` is installed at exactly its version, so a stale
/// `node_modules` fails here with advice rather than deep inside a script.
fn check_packages() {
    let dir = tool_dir();
    let read = |path: &Path| -> Option<Value> {
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
    };
    let manifest = read(&dir.join("package.json")).expect("tools/conformance/package.json");
    let wanted = manifest["dependencies"]
        .as_object()
        .expect("package.json lists dependencies");
    for (name, version) in wanted {
        let version = version.as_str().expect("exact versions in package.json");
        let installed = read(&dir.join("node_modules").join(name).join("package.json"));
        let installed = installed
            .as_ref()
            .and_then(|found| found["version"].as_str());
        assert!(
            installed == Some(version),
            "tools/conformance needs {name} {version}, found {}: {INSTALL}",
            installed.unwrap_or("nothing")
        );
    }
}

/// Asserts that GraphiQL's documentation explorer (`report["jobPostingFields"]`, as the GraphiQL
/// scripts read it) lists exactly the fields of `JobPosting` the API's introspection names.
pub async fn assert_docs_list_job_posting(client: &crate::GraphqlClient, report: &Value) {
    let introspected = client
        .data(
            r#"{ __type(name: "JobPosting") { fields { name } } }"#,
            serde_json::json!({}),
        )
        .await;
    let names = |list: &Value, pick: fn(&Value) -> Option<&str>| {
        let mut names: Vec<String> = list
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|item| pick(item).map(str::to_owned))
            .collect();
        names.sort_unstable();
        names
    };
    let expected = names(&introspected["__type"]["fields"], |field| {
        field["name"].as_str()
    });
    assert!(
        !expected.is_empty(),
        "JobPosting has no fields: {introspected}"
    );
    let shown = names(&report["jobPostingFields"], Value::as_str);
    assert_eq!(shown, expected, "GraphiQL's docs for JobPosting: {report}");
}
