//! The command line: `roster serve` and the administrative commands (clap).
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "roster",
    version = roster_server::routes::health::LONG_VERSION,
    about = "A self-hosted People service speaking LaborChart v2 and Procore"
)]
pub struct Cli {
    /// Configuration file (default: roster.toml, if present; or $ROSTER_CONFIG).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Start the HTTP API (creates and migrates the store).
    Serve,
    /// Run the store's migrations and exit.
    Migrate,
    /// Manage companies.
    Company {
        #[command(subcommand)]
        command: CompanyCommand,
    },
    /// Time one argon2id password hash on this machine (for the benchmark's bound).
    #[command(hide = true)]
    HashTime {
        #[arg(long, default_value_t = 10)]
        count: u32,
    },
    /// A company's first admin, to sign in to the web app with.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// OAuth applications of a company (Procore's authorization-code flow).
    App {
        #[command(subcommand)]
        command: AppCommand,
    },
    /// LaborChart's Basic credentials (HTTP Basic on the LaborChart mount).
    BasicCredentials {
        #[command(subcommand)]
        command: BasicCommand,
    },
    /// Access tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Emails waiting for (or done with) delivery.
    Outbox {
        #[command(subcommand)]
        command: OutboxCommand,
    },
    /// Copy the SQLite store, consistently, while `roster serve` runs and writes.
    Backup {
        /// The copy to write (must not exist).
        #[arg(long)]
        to: PathBuf,
    },
    /// Put a backup back in place of the SQLite store (refused while `roster serve` runs on it).
    Restore {
        /// A file `roster backup` wrote.
        #[arg(long)]
        from: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Create an admin of the company (a user with its admin permission level); prints
    /// `{"person_id", "set_password_url"}`: open the link to set the password, then sign in at `/`.
    Create {
        /// The company: Procore integer id or UUID.
        #[arg(long)]
        company: String,
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Office")]
        first_name: String,
        #[arg(long, default_value = "Admin")]
        last_name: String,
    },
}

#[derive(Subcommand)]
pub enum AppCommand {
    /// Register an application; prints `{"client_id", "client_secret", "redirect_uris"}` (the
    /// secret only this once).
    Create {
        /// The company: Procore integer id or UUID.
        #[arg(long)]
        company: String,
        #[arg(long)]
        name: String,
        /// Where the flow may send the code (exact match); `urn:ietf:wg:oauth:2.0:oob` shows it
        /// on a page instead. Repeat for several.
        #[arg(long = "redirect-uri", required = true)]
        redirect_uris: Vec<String>,
    },
    /// Print the company's applications, one JSON object per line (no secrets).
    List {
        #[arg(long)]
        company: String,
    },
    /// Delete an application with its codes and tokens.
    Delete {
        #[arg(long)]
        client_id: String,
    },
}

#[derive(Subcommand)]
pub enum BasicCommand {
    /// Issue Basic credentials of a company; prints `{"client_id", "client_secret"}` (the secret
    /// only this once).
    Create {
        /// The company: Procore integer id or UUID.
        #[arg(long)]
        company: String,
    },
}

#[derive(Subcommand)]
pub enum OutboxCommand {
    /// Print every outbox email as one JSON object per line, oldest first.
    List,
}

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Revoke one access token, or every token of a company. Running processes stop accepting it
    /// within 2 seconds.
    Revoke {
        /// The access token itself.
        #[arg(long, conflicts_with = "company", required_unless_present = "company")]
        token: Option<String>,
        /// A company (Procore integer id or UUID): all its tokens.
        #[arg(long)]
        company: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum CompanyCommand {
    /// Create a company; prints its ids and client credentials as one JSON object.
    Create {
        #[arg(long)]
        name: String,
        /// The company's Procore integer id (default: the next free one).
        #[arg(long, value_parser = clap::value_parser!(i64).range(1..))]
        procore_id: Option<i64>,
    },
    /// Issue a new client secret (the old one stops working; issued tokens stay valid until
    /// revoked or expired). Prints `{"client_id", "client_secret"}`.
    RotateSecret {
        /// The company: Procore integer id or UUID.
        #[arg(long)]
        company: String,
    },
}
