//! Logs on standard error: text for a person at a terminal, JSON lines for a machine
//! (`log_format`), never ANSI colour where the output is not a terminal; the level from `RUST_LOG`
//! (default `info`). Each request logs one line (middleware::access_log).
use serde::{Deserialize, Serialize};
use std::io::IsTerminal;

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Text on a terminal, JSON otherwise.
    #[default]
    Auto,
    Text,
    Json,
}

impl LogFormat {
    /// Whether lines are JSON, given whether standard error is a terminal.
    pub fn is_json(self, terminal: bool) -> bool {
        match self {
            Self::Auto => !terminal,
            Self::Text => false,
            Self::Json => true,
        }
    }
}

/// Installs the process's log subscriber (once; later calls change nothing).
pub fn init(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let terminal = std::io::stderr().is_terminal();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if format.is_json(terminal) {
        // One object a line: the event's fields at the top level, with the request's span
        // (its id, method and route) beside them.
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        builder.with_ansi(terminal).try_init()
    };
}
