mod cli;

use clap::Parser;
use cli::{AdminCommand, AppCommand, BasicCommand, Cli, Command, CompanyCommand, OutboxCommand, TokenCommand};
use roster_server::admin;
use roster_server::config::Config;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// glibc's allocator for a long-running server: two arenas instead of one per busy thread, memory
/// above 1 MiB mapped on its own (returned when freed), and free memory above 4 MiB given back.
/// Each thread's arena otherwise kept what it once held: 176–195 MiB under creates at 1,000,000
/// people against 80 MiB with these (docs/performance.md, "The scale curve"). glibc reads them
/// at process start, and setting them from inside (`mallopt`) is unsafe code, which this
/// workspace forbids: `roster serve` re-executes itself once with them, unless any is set.
const ALLOCATOR: [(&str, &str); 3] = [
    ("MALLOC_ARENA_MAX", "2"),
    ("MALLOC_MMAP_THRESHOLD_", "1048576"),
    ("MALLOC_TRIM_THRESHOLD_", "4194304"),
];

fn with_tuned_allocator() {
    if !cfg!(all(target_os = "linux", target_env = "gnu"))
        || ALLOCATOR.iter().any(|(k, _)| std::env::var_os(k).is_some())
    {
        return;
    }
    use std::os::unix::process::CommandExt;
    let Ok(exe) = std::env::current_exe() else { return };
    // Only returns if the exec failed: then the process goes on as it is.
    let error = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .envs(ALLOCATOR)
        .exec();
    eprintln!("roster: could not restart with the allocator's settings ({error}); going on without them");
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if matches!(cli.command, Command::Serve) {
        with_tuned_allocator();
    }
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("roster: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    if let Command::HashTime { count } = cli.command {
        let password =
            roster_core::password::Password::parse("password", "Bench-Passw0rd").map_err(|e| e.to_string())?;
        let start = std::time::Instant::now();
        for _ in 0..count.max(1) {
            std::hint::black_box(password.hash());
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(count.max(1));
        println!("{}", serde_json::json!({"ms_per_hash": ms}));
        return Ok(());
    }
    let config = Config::load(cli.config.as_deref())?;
    roster_server::logging::init(config.log_format);
    if let Command::Restore { from } = &cli.command {
        // Before opening the store: nothing may hold the file while it is replaced.
        roster_store::sqlite::files::restore(&config.database_url, from)?;
        println!("{}", serde_json::json!({ "restored_from": from }));
        return Ok(());
    }
    let store = roster_store::open(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    match cli.command {
        Command::Migrate => {
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Company {
            command: CompanyCommand::Create { name, procore_id },
        } => {
            let created = admin::create_company(store.as_ref(), &name, procore_id)
                .await
                .map_err(|e| e.to_string())?;
            println!("{}", serde_json::to_string(&created).map_err(|e| e.to_string())?);
            Ok(())
        }
        Command::Company {
            command: CompanyCommand::RotateSecret { company },
        } => {
            println!("{}", admin::rotate_secret(store.as_ref(), &company).await?);
            Ok(())
        }
        Command::Admin {
            command:
                AdminCommand::Create {
                    company,
                    email,
                    first_name,
                    last_name,
                },
        } => {
            let settings = config.settings();
            let made =
                admin::create_admin(store.as_ref(), &settings, &company, &email, &first_name, &last_name).await?;
            println!("{made}");
            Ok(())
        }
        Command::App { command } => {
            let lines = match command {
                AppCommand::Create {
                    company,
                    name,
                    redirect_uris,
                } => vec![admin::create_app(store.as_ref(), &company, &name, redirect_uris).await?],
                AppCommand::List { company } => admin::list_apps(store.as_ref(), &company).await?,
                AppCommand::Delete { client_id } => {
                    store.delete_app(&client_id).await.map_err(|e| e.to_string())?;
                    vec![serde_json::json!({ "deleted": client_id })]
                }
            };
            for line in lines {
                println!("{line}");
            }
            Ok(())
        }
        Command::BasicCredentials {
            command: BasicCommand::Create { company },
        } => {
            println!("{}", admin::create_basic_credentials(store.as_ref(), &company).await?);
            Ok(())
        }
        Command::Token {
            command: TokenCommand::Revoke { token, company },
        } => {
            let revoked = admin::revoke_tokens(store.as_ref(), token.as_deref(), company.as_deref()).await?;
            println!("{}", serde_json::json!({ "revoked": revoked }));
            Ok(())
        }
        Command::Outbox {
            command: OutboxCommand::List,
        } => {
            for m in store.outbox().await.map_err(|e| e.to_string())? {
                println!("{}", admin::outbox_json(&m));
            }
            Ok(())
        }
        Command::Backup { to } => {
            store.backup_to(&to).await.map_err(|e| e.to_string())?;
            roster_store::sqlite::files::check(&to)?;
            println!("{}", serde_json::json!({ "backup": to }));
            Ok(())
        }
        Command::Serve => serve(config, store).await,
        Command::HashTime { .. } | Command::Restore { .. } => Ok(()),
    }
}

async fn serve(config: Config, store: Arc<dyn roster_core::Store>) -> Result<(), String> {
    if let Some(demo) = admin::ensure_demo_company(store.as_ref())
        .await
        .map_err(|e| e.to_string())?
    {
        println!("First start: created the company `Demo`. Its credentials are shown only this once:");
        println!("{}", serde_json::to_string(&demo).map_err(|e| e.to_string())?);
    }
    // Held until the process ends: `roster restore` refuses while it is.
    let _serving = roster_store::sqlite::files::hold_while_serving(&config.database_url)?;
    let listener = tokio::net::TcpListener::bind(&config.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    let metrics_listener = match &config.metrics_bind {
        Some(bind) => Some(
            tokio::net::TcpListener::bind(bind)
                .await
                .map_err(|e| format!("cannot listen on {bind} (metrics_bind): {e}"))?,
        ),
        None => None,
    };
    tracing::info!(address = %config.bind, metrics = ?config.metrics_bind, version = roster_server::routes::health::LONG_VERSION, "roster listening");
    let stop = Arc::new(Notify::new());
    let signalled = stop.clone();
    if let Some(url) = &config.smtp_url {
        roster_server::mailer::Mailer::new(
            url,
            &config.mail_from,
            config.smtp_ca_file.as_deref().map(std::path::Path::new),
        )?
        .max_attempts(i64::try_from(config.outbox_max_attempts).unwrap_or(i64::MAX))
        .spawn(store.clone());
        tracing::info!("outbox: delivering emails over SMTP");
    } else {
        tracing::info!("outbox: no ROSTER_SMTP_URL; emails wait in the outbox (`roster outbox list`)");
    }
    let settings = config.settings();
    let server = tokio::spawn(roster_server::serve(
        listener,
        metrics_listener,
        store,
        settings,
        async move { signalled.notified().await },
    ));
    shutdown_signal().await;
    tracing::info!(
        grace_secs = config.shutdown_grace_secs,
        "shutting down: finishing in-flight requests"
    );
    stop.notify_one();
    match tokio::time::timeout(Duration::from_secs(config.shutdown_grace_secs), server).await {
        Ok(Ok(result)) => result.map_err(|e| e.to_string()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => {
            tracing::warn!("grace period over: exiting with requests still open");
            Ok(())
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
