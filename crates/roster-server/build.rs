//! The git commit the binary is built from, for `roster --version` and `GET /version`:
//! `ROSTER_GIT_COMMIT` if set (a build outside a checkout), else `git rev-parse`, else `unknown`.
use std::process::Command;

fn main() {
    let commit = std::env::var("ROSTER_GIT_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| {
            let out = Command::new("git")
                .args(["rev-parse", "--short=12", "HEAD"])
                .output()
                .ok()?;
            let hash = String::from_utf8(out.stdout).ok()?.trim().to_owned();
            (out.status.success() && !hash.is_empty()).then_some(hash)
        });
    println!(
        "cargo:rustc-env=ROSTER_GIT_COMMIT={}",
        commit.as_deref().unwrap_or("unknown")
    );
    println!("cargo:rerun-if-env-changed=ROSTER_GIT_COMMIT");
    // A new commit moves HEAD or the branch it names.
    for path in ["../../.git/HEAD", "../../.git/refs/heads", "../../.git/packed-refs"] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}
