//! A real SMTP server for the tests: aiosmtpd (PyPI) writing to a maildir.
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

pub struct SmtpServer {
    pub port: u16,
    maildir: TempDir,
    child: Child,
}

pub fn python() -> PathBuf {
    let path = std::env::var_os("ROSTER_TEST_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../target/test-venv/bin/python"
            ))
        });
    assert!(
        path.exists(),
        "no Python with aiosmtpd at {}: run `scripts/test` (it installs it)",
        path.display()
    );
    path
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl SmtpServer {
    pub fn start() -> Self {
        Self::start_on(free_port())
    }

    pub fn start_on(port: u16) -> Self {
        let maildir = tempfile::tempdir().unwrap();
        let child = Command::new(python())
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(maildir.path().join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(start.elapsed() < Duration::from_secs(20), "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { port, maildir, child }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, with quoted-printable soft line breaks undone.
    pub fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.maildir.path().join("mail").join(sub)) {
                for e in entries.flatten() {
                    let raw = std::fs::read_to_string(e.path()).unwrap_or_default();
                    out.push(raw.replace("=\r\n", "").replace("=\n", ""));
                }
            }
        }
        out
    }

    /// Waits until at least `n` messages arrived (or 20 s passed) and returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<String> {
        let start = Instant::now();
        loop {
            let messages = self.messages();
            if messages.len() >= n || start.elapsed() > Duration::from_secs(20) {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The invitation token in an email's link.
pub fn invitation_token(message: &str) -> String {
    let after = message.split("/invitations/").nth(1).expect("an invitation link");
    after
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}
