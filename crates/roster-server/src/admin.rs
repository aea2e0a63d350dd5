//! Operator actions shared by the CLI and first start.
use roster_core::model::NewCompany;
use roster_core::{Store, StoreError};
use serde::Serialize;

/// What `roster company create` prints: the only time the client secret is shown.
#[derive(Serialize)]
pub struct CompanyCredentials {
    pub id: String,
    pub procore_company_id: i64,
    pub client_id: String,
    pub client_secret: String,
}

pub async fn create_company(
    store: &dyn Store,
    name: &str,
    procore_id: Option<i64>,
) -> Result<CompanyCredentials, StoreError> {
    let (new, secret) = NewCompany::provision(name, procore_id);
    let client_id = new.client_id.clone();
    let company = store.create_company(new).await?;
    Ok(CompanyCredentials {
        id: company.id.to_string(),
        procore_company_id: company.procore_id,
        client_id,
        client_secret: secret.0,
    })
}

/// On first start against an empty store: a `Demo` company, so the README's quickstart works.
pub async fn ensure_demo_company(store: &dyn Store) -> Result<Option<CompanyCredentials>, StoreError> {
    if store.company_count().await? > 0 {
        return Ok(None);
    }
    create_company(store, "Demo", None).await.map(Some)
}

/// One outbox entry for `roster outbox list`. The body holds the invitation link: that is the
/// point of listing it when no SMTP server is configured.
pub fn outbox_json(m: &roster_core::model::OutboxMessage) -> serde_json::Value {
    use roster_core::dates::format_iso;
    serde_json::json!({
        "id": m.email.id,
        "to": m.email.recipient,
        "subject": m.email.subject,
        "body": m.email.body,
        "created_at": format_iso(m.email.created_at),
        "status": match (m.sent_at, m.failed_at) {
            (Some(_), _) => "sent",
            (None, Some(_)) => "failed",
            (None, None) => "pending",
        },
        "attempts": m.attempts,
        "sent_at": m.sent_at.map(format_iso),
        "failed_at": m.failed_at.map(format_iso),
        "last_error": m.last_error,
    })
}

async fn company_of(store: &dyn Store, id: &str) -> Result<roster_core::model::Company, String> {
    let r = roster_core::IdRef::parse(id)
        .ok_or_else(|| format!("`{id}` is neither a company UUID nor a Procore integer id"))?;
    store.company(r).await.map_err(|e| e.to_string())
}

/// A new client secret for the company, shown once: `{"client_id", "client_secret"}`.
pub async fn rotate_secret(store: &dyn Store, company: &str) -> Result<serde_json::Value, String> {
    let company = company_of(store, company).await?;
    let secret = roster_core::secrets::generate("rcs_");
    let client_id = store
        .rotate_client_secret(company.id, &roster_core::secrets::digest(&secret))
        .await
        .map_err(|e| e.to_string())?;
    Ok(serde_json::json!({"client_id": client_id, "client_secret": secret}))
}

/// Revokes one token, or all of a company's; answers how many were revoked.
pub async fn revoke_tokens(store: &dyn Store, token: Option<&str>, company: Option<&str>) -> Result<u64, String> {
    match (token, company) {
        (Some(token), _) => store
            .revoke_token(&roster_core::secrets::digest(token))
            .await
            .map(u64::from)
            .map_err(|e| e.to_string()),
        (None, Some(company)) => {
            let company = company_of(store, company).await?;
            store.revoke_company_tokens(company.id).await.map_err(|e| e.to_string())
        }
        (None, None) => Err("give --token or --company".into()),
    }
}

/// Registers an application of the company: `{"client_id", "client_secret", "redirect_uris"}`.
pub async fn create_app(
    store: &dyn Store,
    company: &str,
    name: &str,
    redirect_uris: Vec<String>,
) -> Result<serde_json::Value, String> {
    let company = company_of(store, company).await?;
    let now = roster_core::dates::now_millis();
    let (app, secret) =
        roster_core::model::OAuthClient::new_app(company.id, name, redirect_uris, now).map_err(|e| e.details)?;
    store.insert_client(&app).await.map_err(|e| e.to_string())?;
    Ok(serde_json::json!({"client_id": app.client_id, "client_secret": secret, "redirect_uris": app.redirect_uris}))
}

/// The company's applications, without secrets.
pub async fn list_apps(store: &dyn Store, company: &str) -> Result<Vec<serde_json::Value>, String> {
    let company = company_of(store, company).await?;
    let apps = store.apps(company.id).await.map_err(|e| e.to_string())?;
    Ok(apps
        .into_iter()
        .map(|a| {
            serde_json::json!({"client_id": a.client_id, "name": a.name, "redirect_uris": a.redirect_uris,
                "created_at": roster_core::dates::format_iso(a.created_at)})
        })
        .collect())
}

/// Issues LaborChart Basic credentials of the company: `{"client_id", "client_secret"}`.
pub async fn create_basic_credentials(store: &dyn Store, company: &str) -> Result<serde_json::Value, String> {
    let company = company_of(store, company).await?;
    let (client, secret) = roster_core::model::OAuthClient::new_basic(company.id, roster_core::dates::now_millis());
    store.insert_client(&client).await.map_err(|e| e.to_string())?;
    Ok(serde_json::json!({"client_id": client.client_id, "client_secret": secret}))
}

/// A first admin of the company, to sign in to the web app with: a user with the company's admin
/// permission level, in no group and not assignable, without a password. Answers
/// `{"person_id", "set_password_url"}`: the invitation link (also queued as an email).
pub async fn create_admin(
    store: &dyn Store,
    settings: &crate::state::Settings,
    company: &str,
    email: &str,
    first_name: &str,
    last_name: &str,
) -> Result<serde_json::Value, String> {
    use roster_core::model::{CreatePerson, NewInvitation, NewPerson, PersonData, Status};
    let company = company_of(store, company).await?;
    let levels = store.permission_levels(company.id).await.map_err(|e| e.to_string())?;
    let admin = levels
        .iter()
        .find(|l| l.is_admin)
        .ok_or("the company has no admin permission level")?;
    let email = roster_core::email::Email::parse("email", email).map_err(|e| e.details)?;
    let mut data = PersonData::new(first_name.to_owned(), last_name.to_owned(), true, false, Status::Active);
    data.email = Some(email.clone());
    data.permission_level_id = Some(admin.id);
    let req = CreatePerson::new(data, Vec::new(), Vec::new(), None, false, Vec::new()).map_err(|e| e.details)?;
    let (invitation, link) = NewInvitation::issue_with_link(
        &company.name,
        first_name,
        &email,
        &settings.public_url,
        settings.invitation_ttl_ms,
        roster_core::dates::now_millis(),
    );
    let person = NewPerson::from_request(company.id, req, None, Some(invitation));
    store.create_person(&person).await.map_err(|e| e.to_string())?;
    Ok(serde_json::json!({"person_id": person.id.to_string(), "set_password_url": link}))
}
