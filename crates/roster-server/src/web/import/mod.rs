//! Importing people from a CSV file (admins of the company): upload, a preview that maps the
//! columns and marks every row's problems before anything is written, then the import, whose
//! progress the page follows, and a report of every row. Each row is one Create Person or Update
//! Person of the API (`routes::people`), in one store transaction: a refused row writes nothing.
mod job;
mod pages;
mod plan;
mod sheet;

pub use job::Imports;

use super::browser::Browser;
use super::forms::{see_other, AdminPage};
use super::{unavailable, Viewer};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use plan::{Action, Index, Plan};
use sheet::{Catalogs, Target};
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/people/import", get(upload))
        .route("/people/import/preview", post(preview))
        .route("/people/import/start", post(start))
        .route("/people/import/{job}", get(progress))
        .route("/people/import/{job}/report.csv", get(report))
        // The file, and the preview's form sending it back (its cells escaped, as a form field).
        .layer(DefaultBodyLimit::max(4 * sheet::MAX_CSV))
}

/// GET `/people/import`.
async fn upload(AdminPage { b, v }: AdminPage) -> Response {
    b.page(StatusCode::OK, pages::upload(&b.csrf, &v.bar(), None))
}

/// A multipart form of a signed-in admin, its CSRF token checked: the CSV (an uploaded `file`,
/// or the preview's `csv` field) and the columns' mapping (`map.N`).
struct ImportForm {
    b: Browser,
    v: Viewer,
    csv: String,
    mapping: Vec<(usize, String)>,
}

impl FromRequest<AppState> for ImportForm {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let AdminPage { b, v } =
            <AdminPage as axum::extract::FromRequestParts<AppState>>::from_request_parts(&mut parts, state).await?;
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|e| crate::extract::body_rejection(e).into_response())?;
        let bad = |b: &Browser, v: &Viewer, why: &str| {
            b.page(StatusCode::BAD_REQUEST, pages::upload(&b.csrf, &v.bar(), Some(why)))
        };
        let Ok(boundary) = multer::parse_boundary(&content_type) else {
            return Err(bad(&b, &v, "The form could not be read: send it from the import page."));
        };
        let stream = futures::stream::once(async move { Ok::<_, std::io::Error>(body) });
        let mut form = multer::Multipart::new(stream, boundary);
        let (mut csrf, mut csv, mut mapping) = (None, None, Vec::new());
        loop {
            let field = match form.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(_) => return Err(bad(&b, &v, "The form could not be read: send it from the import page.")),
            };
            let name = field.name().unwrap_or_default().to_owned();
            let Ok(bytes) = field.bytes().await else {
                return Err(bad(&b, &v, "The form could not be read: send it from the import page."));
            };
            if bytes.len() > sheet::MAX_CSV {
                return Err(bad(&b, &v, "The file is too large: split it in parts."));
            }
            let Ok(text) = String::from_utf8(bytes.to_vec()) else {
                return Err(bad(&b, &v, "The file is not UTF-8 text: save it as \"CSV UTF-8\"."));
            };
            match name.as_str() {
                "csrf_token" => csrf = Some(text),
                "file" | "csv" => csv = Some(text),
                _ => {
                    if let Some(column) = name.strip_prefix("map.").and_then(|c| c.parse().ok()) {
                        mapping.push((column, text));
                    }
                }
            }
        }
        if !b.sent_back(csrf.as_deref()) {
            return Err(b.page(StatusCode::FORBIDDEN, super::pages::expired(&b.csrf)));
        }
        let Some(csv) = csv else {
            return Err(bad(&b, &v, "Choose a CSV file."));
        };
        Ok(Self { b, v, csv, mapping })
    }
}

/// The plan of a form: its CSV read, its mapping (else each header's guess), the company's
/// catalogs, and the company's people by employee number and email. Else the page to answer.
async fn plan_of(state: &AppState, form: &ImportForm) -> Result<(Plan, Index, Vec<(Target, String)>), Response> {
    let (b, v) = (&form.b, &form.v);
    let sheet = sheet::read(&form.csv)
        .map_err(|why| b.page(StatusCode::BAD_REQUEST, pages::upload(&b.csrf, &v.bar(), Some(&why))))?;
    let company = v.company.id;
    let (groups, titles, fields) = match (
        state.store.groups(company).await,
        state.store.job_titles(company).await,
        state.store.custom_fields(company).await,
    ) {
        (Ok(g), Ok(t), Ok(f)) => (g, t, f),
        (Err(e), ..) | (_, Err(e), _) | (.., Err(e)) => return Err(unavailable(b, e)),
    };
    let mapping = (0..sheet.header.len())
        .map(|i| {
            let chosen = form.mapping.iter().find(|(c, _)| *c == i);
            chosen
                .and_then(|(_, key)| Target::from_key(key, &fields))
                .unwrap_or_else(|| Target::guess(&sheet.header[i], &fields))
        })
        .collect();
    let targets = Target::all(&fields);
    let index = Index::load(state.store.clone(), company)
        .await
        .map_err(|e| unavailable(b, e))?;
    let plan = Plan {
        sheet,
        mapping,
        catalogs: Catalogs { groups, titles, fields },
    };
    Ok((plan, index, targets))
}

/// The preview page of a plan, with a problem of the whole import if there is one.
fn preview_page(
    form: &ImportForm,
    plan: &Plan,
    index: &Index,
    targets: &[(Target, String)],
    status: StatusCode,
    problem: Option<&str>,
) -> Response {
    let rows: Vec<pages::PreviewRow> = plan
        .sheet
        .rows
        .iter()
        .map(|row| {
            let name = [Target::Text("first_name"), Target::Text("last_name")]
                .iter()
                .filter_map(|t| plan.mapping.iter().position(|m| m == t))
                .map(|c| row.cell(c))
                .collect::<Vec<_>>()
                .join(" ");
            let does = plan.prepare(row, index).map(|(action, _)| match action {
                Action::Create => None,
                Action::Update(id, _) => Some(id),
            });
            pages::PreviewRow {
                line: row.line,
                name,
                does,
            }
        })
        .collect();
    let first = plan.sheet.rows.first();
    let whole = problem.map(str::to_owned).or_else(|| plan.mapping_problem());
    let preview = pages::Preview {
        csv: &form.csv,
        header: &plan.sheet.header,
        samples: (0..plan.sheet.header.len())
            .map(|i| first.map_or("", |r| r.cell(i)))
            .collect(),
        mapping: &plan.mapping,
        targets,
        rows: &rows,
        problem: whole.as_deref(),
    };
    form.b
        .page(status, pages::preview(&form.b.csrf, &form.v.bar(), &preview))
}

/// POST `/people/import/preview`: the columns' mapping and every row's problems; nothing written.
async fn preview(State(state): State<AppState>, form: ImportForm) -> Response {
    match plan_of(&state, &form).await {
        Ok((plan, index, targets)) => preview_page(&form, &plan, &index, &targets, StatusCode::OK, None),
        Err(res) => res,
    }
}

/// POST `/people/import/start`: starts the import and shows its progress.
async fn start(State(state): State<AppState>, form: ImportForm) -> Response {
    let (plan, index, targets) = match plan_of(&state, &form).await {
        Ok(p) => p,
        Err(res) => return res,
    };
    if let Some(problem) = plan.mapping_problem() {
        return preview_page(&form, &plan, &index, &targets, StatusCode::BAD_REQUEST, Some(&problem));
    }
    match job::start(&state, form.v.company.clone(), plan, index) {
        Ok(job) => see_other(format!("/people/import/{}", job.id)),
        Err(why) => form.b.page(
            StatusCode::CONFLICT,
            pages::upload(&form.b.csrf, &form.v.bar(), Some(why)),
        ),
    }
}

fn job_of(state: &AppState, v: &Viewer, id: &str) -> Option<std::sync::Arc<job::Job>> {
    Uuid::parse_str(id)
        .ok()
        .and_then(|id| state.imports.get(id, v.company.id))
}

fn no_such_import(b: &Browser, v: &Viewer) -> Response {
    b.page(
        StatusCode::NOT_FOUND,
        super::pages::message(
            &b.csrf,
            Some(&v.bar()),
            "There is no such import: reports are kept for an hour.",
        ),
    )
}

/// GET `/people/import/{job}`: the import's progress, then its counts and report.
async fn progress(State(state): State<AppState>, AdminPage { b, v }: AdminPage, Path(id): Path<String>) -> Response {
    match job_of(&state, &v, &id) {
        Some(job) => b.page(StatusCode::OK, pages::progress(&b.csrf, &v.bar(), &job)),
        None => no_such_import(&b, &v),
    }
}

/// GET `/people/import/{job}/report.csv`: every row's outcome, as far as the import has gone.
async fn report(State(state): State<AppState>, AdminPage { b, v }: AdminPage, Path(id): Path<String>) -> Response {
    let Some(job) = job_of(&state, &v, &id) else {
        return no_such_import(&b, &v);
    };
    super::forms::csv_download(pages::report(&job).into(), "import-report.csv")
}
