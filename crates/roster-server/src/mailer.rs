//! The outbox worker: delivers queued emails over SMTP with `lettre`, retrying with backoff.
//! Messages stay in the store until delivered, so nothing is lost while the mail server is down
//! or across restarts.
use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use roster_core::dates::now_millis;
use roster_core::model::OutboxMessage;
use roster_core::Store;
use std::sync::Arc;
use std::time::Duration;

/// How often the worker looks for due messages.
const POLL: Duration = Duration::from_millis(250);
/// One delivery, connection to last reply, at most.
const SEND_DEADLINE: Duration = Duration::from_secs(30);
/// A claimed message is redelivered by another worker only if this one has not finished by then.
const LEASE_MS: i64 = 60_000;

/// The SMTP transport a URL describes:
/// - `smtp://host:port`: plain, for a local relay (port 25 by default);
/// - `smtps://user:pass@host:port`: implicit TLS (port 465 by default), as most providers offer;
/// - `smtp://user:pass@host:port?tls=required`: STARTTLS, refused without it (port 587 by
///   default); `tls=opportunistic` uses it when offered.
///
/// A user and password are sent with SMTP AUTH. Certificates are checked against the bundled
/// Mozilla roots (webpki-roots) and the certificates of `ca_file`. An error names the URL's scheme
/// and host, never its user or password.
pub fn transport(
    smtp_url: &str,
    ca_file: Option<&std::path::Path>,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let shape = "ROSTER_SMTP_URL must look like smtp://host:port, smtps://user:password@host:port or \
                 smtp://user:password@host:port?tls=required";
    let url = url::Url::parse(smtp_url).map_err(|e| format!("{shape} ({e})"))?;
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| format!("{shape} (no host)"))?
        .to_owned();
    let tls_mode = url.query_pairs().find(|(k, _)| k == "tls").map(|(_, v)| v.into_owned());
    let unknown = url.query_pairs().find(|(k, _)| k != "tls").map(|(k, _)| k.into_owned());
    if let Some(key) = unknown {
        return Err(format!(
            "ROSTER_SMTP_URL for {host}: unknown setting `{key}` (only `tls`)"
        ));
    }
    let params = || -> Result<TlsParameters, String> {
        let mut builder = TlsParameters::builder(host.clone());
        if let Some(path) = ca_file {
            let pem = std::fs::read(path).map_err(|e| format!("smtp_ca_file {}: {e}", path.display()))?;
            let cert = Certificate::from_pem(&pem).map_err(|e| format!("smtp_ca_file {}: {e}", path.display()))?;
            builder = builder.add_root_certificate(cert);
        }
        builder.build_rustls().map_err(|e| format!("TLS for {host}: {e}"))
    };
    let (tls, default_port) = match (url.scheme(), tls_mode.as_deref()) {
        ("smtps", None) => (Tls::Wrapper(params()?), 465),
        ("smtp", None | Some("none")) => (Tls::None, 25),
        ("smtp", Some("required")) => (Tls::Required(params()?), 587),
        ("smtp", Some("opportunistic")) => (Tls::Opportunistic(params()?), 587),
        ("smtp" | "smtps", Some(other)) => {
            return Err(format!(
                "ROSTER_SMTP_URL for {host}: tls={other} is not one of required, opportunistic, none"
            ))
        }
        (other, _) => return Err(format!("ROSTER_SMTP_URL: the scheme `{other}` is not smtp or smtps")),
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.as_str())
        .port(url.port().unwrap_or(default_port))
        .tls(tls)
        .timeout(Some(Duration::from_secs(10)));
    if !url.username().is_empty() {
        let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
        let password = decode(url.password().unwrap_or_default());
        builder = builder.credentials(Credentials::new(decode(url.username()), password));
    }
    Ok(builder.build())
}

/// Tries before an email is given up (about 100 minutes at the longest backoff).
pub const DEFAULT_MAX_ATTEMPTS: i64 = 100;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    max_attempts: i64,
}

impl Mailer {
    /// `smtp_url` (see `transport`); `from` like `Roster <no-reply@example.com>`; `ca_file`, a PEM
    /// file of CA certificates trusted besides the usual roots.
    pub fn new(smtp_url: &str, from: &str, ca_file: Option<&std::path::Path>) -> Result<Self, String> {
        let transport = transport(smtp_url, ca_file)?;
        let from = from
            .parse()
            .map_err(|e| format!("ROSTER_MAIL_FROM is not an address: {e}"))?;
        Ok(Self {
            transport,
            from,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        })
    }

    /// Tries before an email is given up (at least 1).
    pub fn max_attempts(mut self, n: i64) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    async fn deliver(&self, m: &OutboxMessage) -> Result<(), String> {
        let to: Mailbox = m.email.recipient.parse().map_err(|e| format!("bad recipient: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&m.email.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(m.email.body.clone())
            .map_err(|e| format!("cannot build the message: {e}"))?;
        // lettre's own timeout does not cover a server that stops answering mid-dialogue (seen:
        // a silent reply to AUTH): the whole delivery gets a deadline, so one server cannot hold
        // the outbox.
        match tokio::time::timeout(SEND_DEADLINE, self.transport.send(message)).await {
            Ok(sent) => sent.map(drop).map_err(|e| e.to_string()),
            Err(_) => Err(format!(
                "the SMTP server did not finish within {} s",
                SEND_DEADLINE.as_secs()
            )),
        }
    }

    /// Delivers due messages until the process ends.
    pub fn spawn(self, store: Arc<dyn Store>) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            loop {
                if let Err(e) = self.round(store.as_ref()).await {
                    tracing::warn!(error = %e, "outbox: store unavailable");
                }
                tokio::time::sleep(POLL).await;
            }
        })
    }

    async fn round(&self, store: &dyn Store) -> Result<(), roster_core::StoreError> {
        for m in store.claim_outbox(now_millis(), 20, LEASE_MS).await? {
            match self.deliver(&m).await {
                Ok(()) => {
                    tracing::info!(id = %m.email.id, "outbox: email delivered");
                    let waited = (now_millis() - m.email.created_at).max(0) as f64 / 1000.0;
                    metrics::histogram!("roster_outbox_delivery_seconds").record(waited);
                    store.outbox_sent(m.email.id, now_millis()).await?;
                }
                Err(error) => {
                    metrics::counter!("roster_outbox_delivery_failures_total").increment(1);
                    let gave_up = store
                        .outbox_failed(m.email.id, now_millis(), &error, self.max_attempts)
                        .await?;
                    if gave_up {
                        tracing::error!(id = %m.email.id, attempts = m.attempts + 1, %error,
                            "outbox: delivery failed for the last time; given up (see `roster outbox list`)");
                    } else {
                        tracing::warn!(id = %m.email.id, attempts = m.attempts + 1, %error, "outbox: delivery failed, will retry");
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::transport;

    #[tokio::test]
    async fn smtp_urls_of_each_kind_and_errors_that_never_show_the_password() {
        for ok in [
            "smtp://127.0.0.1:2525",
            "smtp://relay.internal",
            "smtps://user:pa%40ss@smtp.example.com",
            "smtp://user:pass@smtp.example.com:587?tls=required",
            "smtp://user:pass@smtp.example.com?tls=opportunistic",
        ] {
            assert!(transport(ok, None).is_ok(), "{ok}");
        }
        for bad in [
            "smtps://user:hunter2@",
            "http://user:hunter2@smtp.example.com",
            "smtp://user:hunter2@smtp.example.com?tls=sometimes",
            "smtp://user:hunter2@smtp.example.com?auth=plain",
            "user:hunter2@smtp.example.com",
        ] {
            let Err(e) = transport(bad, None) else {
                panic!("{bad} accepted")
            };
            assert!(!e.contains("hunter2"), "the password in `{e}`");
        }
        let missing = transport(
            "smtps://u:hunter2@smtp.example.com",
            Some(std::path::Path::new("/nonexistent/ca.pem")),
        );
        assert!(missing.is_err_and(|e| e.contains("smtp_ca_file") && !e.contains("hunter2")));
    }
}
