//! The platform's binaries as separate processes (`target/debug/{users,jobs,matching,router}`,
//! built by `scripts/test.sh` before the tests): started with an environment, killed
//! (`SIGKILL`), stopped (`SIGTERM`, a graceful shutdown), frozen (`SIGSTOP`) and thawed.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where the binaries are: `IWORKZ_BIN_DIR`, else the folder above this test's own (`deps/`).
fn bin_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("IWORKZ_BIN_DIR").filter(|dir| !dir.is_empty()) {
        return PathBuf::from(dir);
    }
    let exe = std::env::current_exe().expect("the test's own path");
    exe.parent()
        .and_then(|deps| deps.parent())
        .map(PathBuf::from)
        .expect("target/debug")
}

/// The workspace root, where the binaries find the supergraph and the embedding model.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .expect("the workspace root")
}

pub struct Service {
    pub name: String,
    binary: PathBuf,
    pub port: u16,
    env: BTreeMap<String, String>,
    log: PathBuf,
    child: Option<Child>,
    /// Where it runs: the workspace root unless set.
    dir: Option<PathBuf>,
}

impl Service {
    /// A service named `name` (its log file name) running `binary` on `port`.
    pub fn new(
        name: &str,
        binary: &str,
        port: u16,
        env: BTreeMap<String, String>,
        logs: &std::path::Path,
    ) -> Service {
        let binary_path = bin_dir().join(binary);
        assert!(
            binary_path.is_file(),
            "{} is missing: build the binaries first (`cargo build --bins`; scripts/test.sh does)",
            binary_path.display()
        );
        Service {
            name: name.to_owned(),
            binary: binary_path,
            port,
            env,
            log: logs.join(format!("{name}.log")),
            child: None,
            dir: None,
        }
    }

    /// Runs it in `dir` instead of the workspace root (a fresh checkout's view of `data/`).
    pub fn in_dir(mut self, dir: PathBuf) -> Service {
        self.dir = Some(dir);
        self
    }

    /// Its whole log so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn start(&mut self) {
        assert!(self.child.is_none(), "{} is running", self.name);
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("a log file");
        let child = Command::new(&self.binary)
            .current_dir(self.dir.clone().unwrap_or_else(workspace_root))
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", std::env::var("HOME").unwrap_or_default())
            .envs(&self.env)
            .stdout(Stdio::from(log.try_clone().expect("log")))
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap_or_else(|err| panic!("{} does not start: {err}", self.name));
        self.child = Some(child);
    }

    fn signal(&self, signal: &str) {
        if let Some(child) = &self.child {
            let _ = Command::new("kill")
                .arg(format!("-{signal}"))
                .arg(child.id().to_string())
                .status();
        }
    }

    /// `kill -9`: no chance to finish or hand anything back.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// `SIGTERM`, then waits (at most `within`) for it to exit; returns how long it took.
    pub fn terminate(&mut self, within: Duration) -> Duration {
        let started = Instant::now();
        self.signal("TERM");
        if let Some(mut child) = self.child.take() {
            while started.elapsed() < within {
                if let Ok(Some(_)) = child.try_wait() {
                    return started.elapsed();
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
            panic!("{} did not stop within {within:?} of SIGTERM", self.name);
        }
        started.elapsed()
    }

    pub fn freeze(&self) {
        self.signal("STOP");
    }

    pub fn thaw(&self) {
        self.signal("CONT");
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Waits until `/health/ready` answers 200.
    pub async fn ready(&mut self, within: Duration) {
        let started = Instant::now();
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .expect("client");
        while started.elapsed() < within {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                panic!(
                    "{} exited with {status}; see {}",
                    self.name,
                    self.log.display()
                );
            }
            if let Ok(response) = http.get(self.url("/health/ready")).send().await
                && response.status() == 200
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!(
            "{} was not ready within {within:?}; see {}",
            self.name,
            self.log.display()
        );
    }

    /// The last lines of its log, for failure messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        self.thaw();
        self.kill();
    }
}
