//! Private PostgreSQL and Redis servers the fault suite stops, kills and restarts, so its faults
//! never touch the servers the rest of the tests share.
//!
//! PostgreSQL comes from the binaries `scripts/test.sh` installs (`IWORKZ_PG_BIN`; as root the
//! server runs as the unprivileged `iworkz-pg` user, as `scripts/services.sh` runs it); Redis is
//! `redis-server` from the PATH, run in the foreground so the suite can kill it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A free TCP port on loopback (bound, read, released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// `scripts/services.sh` records where it installed PostgreSQL; `IWORKZ_PG_BIN` overrides.
fn pg_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("IWORKZ_PG_BIN").filter(|bin| !bin.is_empty()) {
        return PathBuf::from(bin);
    }
    for marker in [
        "/var/tmp/iworkz/pg-venv/.iworkz-installed".to_owned(),
        format!(
            "{}/.cache/iworkz/pg-venv/.iworkz-installed",
            std::env::var("HOME").unwrap_or_default()
        ),
    ] {
        if let Some(bin) = std::fs::read_to_string(&marker)
            .ok()
            .and_then(|text| text.lines().nth(1).map(PathBuf::from))
        {
            return bin;
        }
    }
    panic!(
        "PostgreSQL binaries not found: run the suite with scripts/test.sh (it installs them), or set IWORKZ_PG_BIN"
    );
}

pub struct PgServer {
    bin: PathBuf,
    data: PathBuf,
    pub port: u16,
    as_user: Option<&'static str>,
    _dir: tempfile::TempDir,
}

impl PgServer {
    pub fn start() -> PgServer {
        let bin = pg_bin();
        let dir = tempfile::Builder::new()
            .prefix("iworkz-faults-pg-")
            .tempdir_in("/var/tmp")
            .expect("a folder for PostgreSQL");
        let as_user = is_root().then_some("iworkz-pg");
        let data = dir.path().join("data");
        if let Some(user) = as_user {
            run(Command::new("chown")
                .arg(format!("{user}:"))
                .arg(dir.path()));
        }
        let server = PgServer {
            bin,
            data,
            port: free_port(),
            as_user,
            _dir: dir,
        };
        server.pg(
            "initdb",
            &[
                "-D",
                &server.data.display().to_string(),
                "-U",
                "iworkz",
                "--auth-local=trust",
                "--auth-host=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
        );
        // Durable, as production runs it: a crash must not take back a commit (the suite kills
        // this server), unlike the shared test server, which trades that for speed.
        let conf = format!(
            "\nlisten_addresses = '127.0.0.1'\nport = {}\nunix_socket_directories = '{}'\nmax_connections = 200\n",
            server.port,
            server.data.parent().unwrap_or(Path::new("/tmp")).display()
        );
        let conf_path = server.data.join("postgresql.conf");
        let mut existing = std::fs::read_to_string(&conf_path).expect("postgresql.conf");
        existing.push_str(&conf);
        std::fs::write(&conf_path, existing).expect("postgresql.conf written");
        server.start_server();
        server
    }

    /// `tool` of the installation, run as the server's user.
    fn command(&self, tool: &str) -> Command {
        let program = self.bin.join(tool);
        match self.as_user {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(program);
                command
            }
            None => Command::new(program),
        }
    }

    fn pg(&self, tool: &str, args: &[&str]) {
        run(self.command(tool).args(args));
    }

    fn start_server(&self) {
        let log = self
            .data
            .parent()
            .unwrap_or(Path::new("/tmp"))
            .join("postgres.log");
        self.pg(
            "pg_ctl",
            &[
                "start",
                "-D",
                &self.data.display().to_string(),
                "-l",
                &log.display().to_string(),
                "-w",
                "-t",
                "60",
            ],
        );
    }

    /// Stops the server at once (open connections are cut), as a crash or failover would.
    pub fn stop(&self) {
        self.pg(
            "pg_ctl",
            &[
                "stop",
                "-D",
                &self.data.display().to_string(),
                "-m",
                "immediate",
                "-w",
            ],
        );
    }

    pub fn restart(&self) {
        self.start_server();
    }

    /// The admin URL (the `postgres` database).
    pub fn url(&self) -> String {
        format!("postgres://iworkz@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .args([
                "stop",
                "-D",
                &self.data.display().to_string(),
                "-m",
                "immediate",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// Runs `command`, panicking with its output unless it succeeds.
fn run(command: &mut Command) {
    let output = command.output().expect("the command runs");
    assert!(
        output.status.success(),
        "{command:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A Redis server in the foreground, with or without persistence (an append-only file written
/// on every write, so a restart keeps everything acknowledged).
pub struct RedisServer {
    pub port: u16,
    persistent: bool,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl RedisServer {
    pub fn start(persistent: bool) -> RedisServer {
        let mut server = RedisServer {
            port: free_port(),
            persistent,
            dir: tempfile::tempdir().expect("a folder for Redis"),
            child: None,
        };
        server.restart();
        server
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Whether the next start keeps an append-only file.
    pub fn set_persistent(&mut self, persistent: bool) {
        self.persistent = persistent;
    }

    /// Kills the server (`SIGKILL`): what it had not written is lost, and without persistence
    /// everything is.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port and folder.
    pub fn restart(&mut self) {
        self.kill();
        let mut command = Command::new("redis-server");
        command
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .arg("--dir")
            .arg(self.dir.path())
            .args(["--save", ""]);
        if self.persistent {
            command.args(["--appendonly", "yes", "--appendfsync", "always"]);
        } else {
            command.args(["--appendonly", "no"]);
        }
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts (install it with apt-get install redis-server)");
        self.child = Some(child);
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("redis-server did not listen on {}", self.port);
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}
