//! Configuration: defaults, then an optional `roster.toml`, then `ROSTER_*` environment variables.
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address to listen on.
    pub bind: String,
    /// `sqlite://path` (created if missing) or `postgres://user@host:port/db`.
    pub database_url: String,
    /// Seconds in-flight requests get to finish after SIGTERM/Ctrl-C.
    pub shutdown_grace_secs: u64,
    /// `smtp://host:port`: where invitation emails go. Without it they wait in the outbox.
    pub smtp_url: Option<String>,
    /// Sender of Roster's emails.
    pub mail_from: String,
    /// The address people reach Roster at, for links in emails (default `http://{bind}`).
    pub public_url: Option<String>,
    /// How long an invitation link works.
    pub invitation_ttl_hours: u64,
    /// Requests per access token per hour (0: no limit).
    pub rate_limit_per_hour: u64,
    /// Seconds a connection may sit idle, or take to send a request's headers, before it is closed.
    pub idle_timeout_secs: u64,
    /// Password hashes waiting or running at most; past it, password routes answer 503.
    pub password_queue: u64,
    /// Anonymous password attempts per client address per minute (0: no budget).
    pub anonymous_password_per_minute: u64,
    /// Hours sent (and given-up) emails stay in the outbox.
    pub outbox_retention_hours: u64,
    /// Delivery attempts before an email is given up.
    pub outbox_max_attempts: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            database_url: "sqlite://roster.db".into(),
            shutdown_grace_secs: 30,
            smtp_url: None,
            mail_from: "Roster <no-reply@roster.localhost>".into(),
            public_url: None,
            invitation_ttl_hours: 24 * 7,
            rate_limit_per_hour: 3600,
            idle_timeout_secs: 30,
            password_queue: 64,
            anonymous_password_per_minute: 60,
            outbox_retention_hours: 24 * 7,
            outbox_max_attempts: crate::mailer::DEFAULT_MAX_ATTEMPTS as u64,
        }
    }
}

impl Config {
    /// Reads `file` if it exists (`roster.toml` unless `ROSTER_CONFIG` names another), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, String> {
        let from_env = std::env::var("ROSTER_CONFIG").ok();
        let path = file
            .map(Path::to_path_buf)
            .or(from_env.map(Into::into))
            .unwrap_or_else(|| "roster.toml".into());
        let mut config = match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Self::default(),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        config.apply_env(|k| std::env::var(k).ok())?;
        Ok(config)
    }

    fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), String> {
        let number = |k: &str, v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{k} must be a whole number, not `{v}`"))
        };
        if let Some(v) = var("ROSTER_BIND") {
            self.bind = v;
        }
        if let Some(v) = var("ROSTER_DATABASE_URL") {
            self.database_url = v;
        }
        if let Some(v) = var("ROSTER_SHUTDOWN_GRACE_SECS") {
            self.shutdown_grace_secs = number("ROSTER_SHUTDOWN_GRACE_SECS", v)?;
        }
        if let Some(v) = var("ROSTER_SMTP_URL") {
            self.smtp_url = Some(v).filter(|v| !v.is_empty());
        }
        if let Some(v) = var("ROSTER_MAIL_FROM") {
            self.mail_from = v;
        }
        if let Some(v) = var("ROSTER_PUBLIC_URL") {
            self.public_url = Some(v).filter(|v| !v.is_empty());
        }
        if let Some(v) = var("ROSTER_RATE_LIMIT_PER_HOUR") {
            self.rate_limit_per_hour = number("ROSTER_RATE_LIMIT_PER_HOUR", v)?;
        }
        if let Some(v) = var("ROSTER_IDLE_TIMEOUT_SECS") {
            self.idle_timeout_secs = number("ROSTER_IDLE_TIMEOUT_SECS", v)?.max(1);
        }
        if let Some(v) = var("ROSTER_INVITATION_TTL_HOURS") {
            self.invitation_ttl_hours = number("ROSTER_INVITATION_TTL_HOURS", v)?;
        }
        for (key, field) in [
            ("ROSTER_PASSWORD_QUEUE", &mut self.password_queue),
            (
                "ROSTER_ANONYMOUS_PASSWORD_PER_MINUTE",
                &mut self.anonymous_password_per_minute,
            ),
            ("ROSTER_OUTBOX_RETENTION_HOURS", &mut self.outbox_retention_hours),
            ("ROSTER_OUTBOX_MAX_ATTEMPTS", &mut self.outbox_max_attempts),
        ] {
            if let Some(v) = var(key) {
                *field = number(key, v)?;
            }
        }
        Ok(())
    }

    /// What request handlers need to know of the configuration.
    pub fn settings(&self) -> crate::state::Settings {
        let hours = |h: u64| i64::try_from(h).unwrap_or(i64::MAX).saturating_mul(3_600_000);
        crate::state::Settings {
            invitation_ttl_ms: hours(self.invitation_ttl_hours),
            rate_limit_per_hour: self.rate_limit_per_hour,
            idle_timeout: std::time::Duration::from_secs(self.idle_timeout_secs.max(1)),
            password_queue: usize::try_from(self.password_queue.max(1)).unwrap_or(usize::MAX),
            anonymous_password_per_minute: u32::try_from(self.anonymous_password_per_minute).unwrap_or(u32::MAX),
            outbox_retention_ms: hours(self.outbox_retention_hours),
            ..crate::state::Settings::new(
                self.public_url
                    .clone()
                    .unwrap_or_else(|| format!("http://{}", self.bind)),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_then_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("roster.toml");
        std::fs::write(&file, "bind = \"0.0.0.0:9000\"\ndatabase_url = \"sqlite://a.db\"\n").unwrap();
        let mut c: Config = toml::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(c.bind, "0.0.0.0:9000");
        assert_eq!(c.shutdown_grace_secs, 30);
        c.apply_env(|k| (k == "ROSTER_DATABASE_URL").then(|| "sqlite://b.db".to_owned()))
            .unwrap();
        assert_eq!(
            (c.bind.as_str(), c.database_url.as_str()),
            ("0.0.0.0:9000", "sqlite://b.db")
        );
        assert!(toml::from_str::<Config>("nope = 1").is_err());
    }
}
