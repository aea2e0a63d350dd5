//! Configuration: defaults, then an optional `roster.toml`, then `ROSTER_*` environment variables,
//! layered by `figment`.
use figment::providers::{Env, Format, Serialized, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Where `/metrics` is served instead of the public address (e.g. `127.0.0.1:9090`); unset,
    /// it is served with the rest.
    pub metrics_bind: Option<String>,
    /// `auto` (text on a terminal, JSON lines otherwise), `text` or `json`.
    pub log_format: crate::logging::LogFormat,
    /// A PEM file of CA certificates trusted for the SMTP server's TLS, besides the usual roots
    /// (a company relay with its own CA).
    pub smtp_ca_file: Option<String>,
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
            metrics_bind: None,
            log_format: crate::logging::LogFormat::Auto,
            smtp_ca_file: None,
        }
    }
}

/// The environment variables read: `ROSTER_` and the key in capitals, for each key of `Config`.
/// Other `ROSTER_*` variables (`ROSTER_CONFIG`, the tests' `ROSTER_TEST_*`) are not settings.
const KEYS: &[&str] = &[
    "bind",
    "database_url",
    "shutdown_grace_secs",
    "smtp_url",
    "mail_from",
    "public_url",
    "invitation_ttl_hours",
    "rate_limit_per_hour",
    "idle_timeout_secs",
    "password_queue",
    "anonymous_password_per_minute",
    "outbox_retention_hours",
    "outbox_max_attempts",
    "metrics_bind",
    "log_format",
    "smtp_ca_file",
];

impl Config {
    /// Defaults, then `file` (`--config`; or the file `ROSTER_CONFIG` names; or `roster.toml` in
    /// the working directory if there is one), then the `ROSTER_*` environment. A file named by
    /// `--config` or `ROSTER_CONFIG` must exist; an unknown key or a bad value is an error naming it.
    pub fn load(file: Option<&Path>) -> Result<Self, String> {
        let named = file
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("ROSTER_CONFIG").map(Into::into));
        let mut figment = Figment::from(Serialized::defaults(Self::default()));
        match named {
            Some(path) if !path.is_file() => {
                return Err(format!("{}: no such configuration file", path.display()));
            }
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new("roster.toml").is_file() => figment = figment.merge(Toml::file_exact("roster.toml")),
            None => {}
        }
        let env = Env::prefixed("ROSTER_").only(KEYS);
        let mut config: Self = figment
            .merge(env)
            .extract()
            .map_err(|e| e.into_iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))?;
        // An empty value means "none" for the optional settings (as `ROSTER_SMTP_URL=` does).
        for v in [
            &mut config.smtp_url,
            &mut config.public_url,
            &mut config.metrics_bind,
            &mut config.smtp_ca_file,
        ] {
            if v.as_deref().is_some_and(str::is_empty) {
                *v = None;
            }
        }
        Ok(config)
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
// figment's Jail takes closures answering its own (large) error type.
#[allow(clippy::result_large_err, clippy::unwrap_used)]
mod tests {
    use super::*;
    use figment::Jail;

    #[test]
    fn file_then_environment() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "roster.toml",
                "bind = \"0.0.0.0:9000\"\ndatabase_url = \"sqlite://a.db\"\n",
            )?;
            jail.set_env("ROSTER_DATABASE_URL", "sqlite://b.db");
            jail.set_env("ROSTER_SMTP_URL", "");
            jail.set_env("ROSTER_TEST_PYTHON", "not a setting");
            let c = Config::load(None).map_err(|e| e.to_string())?;
            assert_eq!(
                (
                    c.bind.as_str(),
                    c.database_url.as_str(),
                    c.shutdown_grace_secs,
                    c.smtp_url
                ),
                ("0.0.0.0:9000", "sqlite://b.db", 30, None)
            );
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_bad_values_and_missing_files_are_errors() {
        Jail::expect_with(|jail| {
            jail.create_file("roster.toml", "nope = 1\n")?;
            let e = Config::load(None).unwrap_err();
            assert!(e.contains("nope"), "{e}");
            jail.create_file("roster.toml", "idle_timeout_secs = \"soon\"\n")?;
            let e = Config::load(None).unwrap_err();
            assert!(e.contains("idle_timeout_secs"), "{e}");
            jail.create_file("roster.toml", "")?;
            jail.set_env("ROSTER_RATE_LIMIT_PER_HOUR", "lots");
            let e = Config::load(None).unwrap_err();
            assert!(
                e.to_lowercase().contains("rate_limit_per_hour") && e.contains("ROSTER_"),
                "{e}"
            );
            jail.set_env("ROSTER_RATE_LIMIT_PER_HOUR", "0");
            std::fs::remove_file("roster.toml").map_err(|e| e.to_string())?;
            assert_eq!(
                Config::load(None).map_err(|e| e.to_string())?.rate_limit_per_hour,
                0,
                "no roster.toml: fine"
            );
            let e = Config::load(Some(Path::new("missing.toml"))).unwrap_err();
            assert!(e.contains("missing.toml") && e.contains("no such"), "{e}");
            jail.set_env("ROSTER_RATE_LIMIT_PER_HOUR", "10");
            jail.set_env("ROSTER_CONFIG", "elsewhere.toml");
            let e = Config::load(None).unwrap_err();
            assert!(e.contains("elsewhere.toml"), "{e}");
            Ok(())
        });
    }
}
