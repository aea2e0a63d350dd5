//! Email through a provider-like server: implicit TLS (`smtps://`) and STARTTLS
//! (`?tls=required`), both with SMTP AUTH, against a real TLS SMTP server (aiosmtpd, with a
//! certificate of a throwaway CA made by `openssl`; Roster trusts that CA through `smtp_ca_file`).
use crate::helpers::{spawn_app_with, Options};
use crate::logins::{invite, worker};
use crate::smtp::free_port;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct TlsSmtp {
    port: u16,
    dir: tempfile::TempDir,
    child: Child,
}

fn openssl(dir: &Path, args: &[&str]) {
    let ok = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("openssl runs")
        .success();
    assert!(ok, "openssl {args:?}");
}

impl TlsSmtp {
    /// `mode`: `implicit` or `starttls`; the server accepts user `roster`, password `Sm7p-pass`.
    fn start(mode: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
        openssl(
            d,
            &[
                &["req", "-x509"],
                &ec[..],
                &[
                    "-keyout",
                    "ca.key",
                    "-out",
                    "ca.pem",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=Roster Test CA",
                ],
            ]
            .concat(),
        );
        openssl(
            d,
            &[
                &["req"],
                &ec[..],
                &["-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=127.0.0.1"],
            ]
            .concat(),
        );
        std::fs::write(
            d.join("leaf.ext"),
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        openssl(
            d,
            &[
                "x509",
                "-req",
                "-in",
                "leaf.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "leaf.pem",
                "-days",
                "2",
                "-extfile",
                "leaf.ext",
            ],
        );
        let port = free_port();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp/tls_server.py");
        let child = Command::new(crate::smtp::python())
            .arg(script)
            .arg(port.to_string())
            .arg(d.join("mail"))
            .args([d.join("leaf.pem"), d.join("leaf.key")])
            .args([mode, "roster", "Sm7p-pass"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the TLS SMTP server starts");
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the TLS SMTP server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { port, dir, child }
    }

    fn ca(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    fn messages(&self) -> usize {
        ["new", "cur"]
            .iter()
            .filter_map(|sub| std::fs::read_dir(self.dir.path().join("mail").join(sub)).ok())
            .map(|entries| entries.count())
            .sum()
    }
}

impl Drop for TlsSmtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
#[ignore = "needs aiosmtpd (ROSTER_TEST_PYTHON) and openssl: scripts/test runs it"]
async fn invitations_go_out_over_implicit_tls_and_starttls_with_auth() {
    for (mode, url) in [
        ("implicit", "smtps://roster:Sm7p-pass@127.0.0.1:{port}"),
        ("starttls", "smtp://roster:Sm7p-pass@127.0.0.1:{port}?tls=required"),
    ] {
        let smtp = TlsSmtp::start(mode);
        let app = spawn_app_with(Options {
            smtp_url: Some(url.replace("{port}", &smtp.port.to_string())),
            smtp_ca_file: Some(smtp.ca()),
            ..Options::default()
        })
        .await;
        let (id, _) = worker(&app, &format!("{mode}@example.com")).await;
        invite(&app, &id).await;
        let start = Instant::now();
        while smtp.messages() < 1 {
            if start.elapsed() > Duration::from_secs(20) {
                let outbox = app.store.outbox().await.unwrap();
                panic!(
                    "{mode}: no email arrived: {:?}",
                    outbox.iter().map(|m| &m.last_error).collect::<Vec<_>>()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let raw = std::fs::read_dir(smtp.dir.path().join("mail/new"))
            .unwrap()
            .flatten()
            .next()
            .unwrap();
        let mail = std::fs::read_to_string(raw.path()).unwrap();
        assert!(
            mail.contains(&format!("{mode}@example.com")) && mail.contains("/invitations/"),
            "{mode}: {mail}"
        );
    }
}

/// A refused password is a failed delivery, retried later: the email waits in the outbox with the
/// server's answer, the service goes on, and the password is in no error.
#[tokio::test]
#[ignore = "needs aiosmtpd (ROSTER_TEST_PYTHON) and openssl: scripts/test runs it"]
async fn a_wrong_smtp_password_is_a_retried_failure_not_a_crash() {
    let smtp = TlsSmtp::start("implicit");
    let app = spawn_app_with(Options {
        smtp_url: Some(format!("smtps://roster:Wr0ng-pass@127.0.0.1:{}", smtp.port)),
        smtp_ca_file: Some(smtp.ca()),
        ..Options::default()
    })
    .await;
    let (id, _) = worker(&app, "refused@example.com").await;
    invite(&app, &id).await;
    let start = Instant::now();
    let failed = loop {
        let outbox = app.store.outbox().await.unwrap();
        if let Some(m) = outbox.into_iter().find(|m| m.attempts >= 1) {
            break m;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no delivery attempt recorded: {:?}",
            app.store.outbox().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let error = failed.last_error.clone().unwrap_or_default();
    assert!(failed.sent_at.is_none() && failed.failed_at.is_none(), "{failed:?}");
    assert!(
        error.to_lowercase().contains("auth") || error.contains("535"),
        "{error}"
    );
    assert!(!error.contains("Wr0ng-pass"), "{error}");
    assert_eq!(smtp.messages(), 0);
    let (status, _) = app.get_json(&app.lc(&format!("/people/{id}"))).await;
    assert_eq!(status, reqwest::StatusCode::OK, "the service goes on");
}
