//! The outbox worker: delivers queued emails over SMTP with `lettre`, retrying with backoff.
//! Messages stay in the store until delivered, so nothing is lost while the mail server is down
//! or across restarts.
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use roster_core::dates::now_millis;
use roster_core::model::OutboxMessage;
use roster_core::Store;
use std::sync::Arc;
use std::time::Duration;

/// How often the worker looks for due messages.
const POLL: Duration = Duration::from_millis(250);
/// A claimed message is redelivered by another worker only if this one has not finished by then.
const LEASE_MS: i64 = 60_000;

/// Tries before an email is given up (about 100 minutes at the longest backoff).
pub const DEFAULT_MAX_ATTEMPTS: i64 = 100;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    max_attempts: i64,
}

impl Mailer {
    /// `smtp://host:port` (no TLS: a local relay); `from` like `Roster <no-reply@example.com>`.
    pub fn new(smtp_url: &str, from: &str) -> Result<Self, String> {
        let (host, port) = smtp_url
            .strip_prefix("smtp://")
            .map(|rest| rest.trim_end_matches('/'))
            .and_then(|rest| match rest.rsplit_once(':') {
                Some((host, port)) => port.parse::<u16>().ok().map(|p| (host, p)),
                None => Some((rest, 25)),
            })
            .filter(|(host, _)| !host.is_empty())
            .ok_or_else(|| format!("ROSTER_SMTP_URL must look like smtp://host:port, not `{smtp_url}`"))?;
        // A plain relay, as on a company network or a local MTA; TLS would need a TLS backend.
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .timeout(Some(Duration::from_secs(10)))
            .build();
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
        self.transport.send(message).await.map(drop).map_err(|e| e.to_string())
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
                    store.outbox_sent(m.email.id, now_millis()).await?;
                }
                Err(error) => {
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
