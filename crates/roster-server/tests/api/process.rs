//! Running the real `roster` binary: for the CLI, several processes on one database, crashes.
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// `roster` run in `dir`, with no Roster settings inherited from the test's environment.
pub fn roster(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roster"));
    cmd.current_dir(dir)
        .env_remove("ROSTER_BIND")
        .env_remove("ROSTER_DATABASE_URL")
        .env_remove("ROSTER_CONFIG")
        .env_remove("ROSTER_SMTP_URL");
    cmd
}

pub fn wait_until_up(port: u16) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(20), "server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Sends SIGTERM and waits for the exit.
pub fn stop(child: &mut Child) -> ExitStatus {
    let pid = child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "no exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A `roster serve` process, killed when dropped.
pub struct ServerProcess {
    pub child: Child,
    pub base: String,
    /// Its stderr; the warnings and errors are printed if the test fails.
    log: std::path::PathBuf,
}

impl ServerProcess {
    pub fn start(dir: &Path, database_url: &str) -> Self {
        Self::start_with(dir, database_url, &[])
    }

    /// With extra environment variables (`ROSTER_SMTP_URL`...).
    pub fn start_with(dir: &Path, database_url: &str, env: &[(&str, &str)]) -> Self {
        let port = crate::smtp::free_port();
        let child = roster(dir)
            .arg("serve")
            // Load tests here are not about the rate limit; its own tests set one.
            .env("ROSTER_RATE_LIMIT_PER_HOUR", "0")
            .envs(env.iter().copied())
            .env("ROSTER_BIND", format!("127.0.0.1:{port}"))
            .env("ROSTER_DATABASE_URL", database_url)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join(format!("roster-{port}.log"))).unwrap())
            .spawn()
            .unwrap();
        wait_until_up(port);
        Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log: dir.join(format!("roster-{port}.log")),
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            for line in log
                .lines()
                .filter(|l| l.contains("WARN") || l.contains("ERROR"))
                .take(20)
            {
                eprintln!("[{}] {line}", self.base);
            }
        }
    }
}

/// A company made by `roster company create` on `url`, and an access token for it from the
/// server at `base`.
pub async fn cli_company(dir: &Path, url: &str, base: &str, name: &str) -> (serde_json::Value, String) {
    let out = roster(dir)
        .args(["company", "create", "--name", name])
        .env("ROSTER_DATABASE_URL", url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let company: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let res = reqwest::Client::new()
        .post(format!("{base}/oauth/token"))
        .json(
            &serde_json::json!({"grant_type": "client_credentials", "client_id": company["client_id"],
            "client_secret": company["client_secret"]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let token = res.json::<serde_json::Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    (company, token)
}

/// Sends `req` with the bearer token and reads its JSON answer, whatever the status.
pub async fn json_with_token(req: reqwest::RequestBuilder, token: &str) -> serde_json::Value {
    req.bearer_auth(token).send().await.unwrap().json().await.unwrap()
}
