//! The OpenAPI document, generated from the handlers' annotations. Each company route is written
//! once (LaborChart path) and published under both mounts.
use crate::routes::{
    authorize, availability, custom_fields, groups, health, job_titles, oauth, people, procore, reference, session,
    tags, time_off, LABORCHART_PREFIX, PROCORE_PREFIX,
};
use crate::views;
use utoipa::openapi::path::{HttpMethod, Operation, PathItem};
use utoipa::openapi::schema::ArrayBuilder;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::RefOr;
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The errors any route can answer besides its own: a malformed id, query or body (400), no or a
/// bad token (401), another company (403), nothing there (404), too slow (408), too big (413), over
/// the rate limit (429), the database unavailable (503). Each operation gets those it does not
/// describe itself; LaborChart routes with the error body, Procore routes (own shapes) by name.
struct CommonErrors;

const COMMON_ERRORS: [(&str, &str, bool); 8] = [
    ("400", "A malformed id, query string or body", false),
    ("401", "No access token, or not a valid one", true),
    ("403", "The token's company is not the one named", true),
    ("404", "Not found", false),
    ("408", "The request took longer than 30 seconds", false),
    ("413", "The body is over 1 MiB", false),
    ("429", "Over the rate limit; see Retry-After", true),
    ("503", "The database is unavailable", false),
];

impl Modify for CommonErrors {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        for (path, item) in doc.paths.paths.iter_mut() {
            let procore = path.starts_with("/rest/");
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                add_common_errors(op, procore);
            }
        }
    }
}

fn add_common_errors(op: &mut Operation, procore: bool) {
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    for (status, description, needs_token) in COMMON_ERRORS {
        if (needs_token && !secured) || op.responses.responses.contains_key(status) {
            continue;
        }
        let mut response = ResponseBuilder::new().description(description);
        if !procore {
            response = response.content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorView")))
                    .build(),
            );
        }
        op.responses
            .responses
            .insert(status.to_owned(), response.build().into());
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Roster", description = "LaborChart API v2 and Procore Workforce Planning v2 People, self-hosted."),
    paths(
        procore::me::me, procore::me::companies, procore::me::company_projects, oauth::token, oauth::info, oauth::revoke, authorize::authorize, authorize::sign_in, authorize::decide, session::accept_invitation, session::login, session::me,
        procore::projects::create, procore::projects::list, procore::projects::show,
        procore::projects::create_work_classification, procore::projects::work_classifications,
        procore::people::list, procore::people::inactive, procore::people::create, procore::people::update,
        people::login::enable, people::login::revoke, people::login::invite,
        people::create, people::show, people::list::list, people::change::update, people::change::remove,
        people::membership::add_tag, people::membership::remove_tag, people::membership::add_group,
        people::membership::remove_group, people::membership::group_people, people::membership::group_people_alias, availability::group_job_titles, availability::group_tags,
        availability::add_job_title_groups, availability::remove_job_title_groups, availability::add_tag_groups,
        availability::remove_tag_group,
        groups::list, groups::create, groups::show, groups::update, groups::remove,
        job_titles::list, job_titles::create, job_titles::show, job_titles::update, job_titles::remove,
        tags::list, tags::create, tags::show, tags::update, tags::remove,
        reference::permission_levels, reference::notification_profiles,
        time_off::list, time_off::create, time_off::show, time_off::update, time_off::remove,
        custom_fields::list, custom_fields::create, custom_fields::show, custom_fields::update, custom_fields::remove,
        custom_fields::add_values, custom_fields::remove_values,
        health::live, health::ready, health::version, crate::metrics::scrape,
    ),
    components(schemas(views::ErrorView, views::IdView, views::PersonView, views::GroupView, views::JobTitleView, views::TagView,
        views::PermissionLevelView, views::GroupIdsView, views::NotificationProfileView, views::TimeOffView, oauth::TokenView, oauth::TokenInfoView, procore::me::MeView, procore::me::CompanyView, oauth::ApplicationView, session::SessionView, views::procore::ProjectView, views::procore::WorkClassificationView, views::procore::ProjectPersonAnswer, views::procore::ProcoreErrorView, health::HealthView, health::VersionView)),
    modifiers(&BearerAuth, &CommonErrors)
)]
struct ApiDoc;

pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    let lc = LABORCHART_PREFIX;
    let facade: Vec<_> = doc
        .paths
        .paths
        .iter()
        .filter(|(path, _)| path.starts_with(lc))
        .map(|(path, item)| {
            let mut item = item.clone();
            facade_arrays(&path[lc.len()..], &mut item);
            (path.replacen(lc, PROCORE_PREFIX, 1), item)
        })
        .collect();
    doc.paths.paths.extend(facade);
    // `/custom_fields` (a real connector's spelling) is `/custom-fields`, on both mounts.
    let underscored: Vec<_> = doc
        .paths
        .paths
        .iter()
        .filter(|(path, _)| path.contains("/custom-fields"))
        .map(|(path, item)| (path.replace("/custom-fields", "/custom_fields"), item.clone()))
        .collect();
    doc.paths.paths.extend(underscored);
    doc
}

/// The tag routes whose 200 answer is, on the facade, an array of the one object LaborChart's
/// mount answers (`Mount::answer`), as Procore's spec prints them: (path after the company, method).
const FACADE_ARRAYS: [(&str, HttpMethod); 4] = [
    ("/tags", HttpMethod::Post),
    ("/tags/{tag_id}", HttpMethod::Delete),
    ("/tags/{tag_id}/groups", HttpMethod::Post),
    ("/tags/{tag_id}/groups/{group_id}", HttpMethod::Delete),
];

/// Describes the facade copy of such a route's 200 answer as that array.
fn facade_arrays(path: &str, item: &mut PathItem) {
    for (_, method) in FACADE_ARRAYS.iter().filter(|(p, _)| *p == path) {
        let op = match method {
            HttpMethod::Post => item.post.as_mut(),
            HttpMethod::Delete => item.delete.as_mut(),
            _ => None,
        };
        let Some(RefOr::T(ok)) = op.and_then(|op| op.responses.responses.get_mut("200")) else {
            continue;
        };
        for content in ok.content.values_mut() {
            if let Some(schema) = content.schema.take() {
                content.schema = Some(
                    ArrayBuilder::new()
                        .items(schema)
                        .min_items(Some(1))
                        .max_items(Some(1))
                        .into(),
                );
            }
        }
    }
}

/// The document as served: rendered at build time, not by the process (rendering it took 6 MiB
/// that the allocator kept, a third of an idle process). The test below keeps it the one
/// `document()` renders.
pub const DOCUMENT_JSON: &str = include_str!("../../openapi.json");

#[cfg(test)]
mod committed {
    /// `openapi.json` is what the routes' descriptions render to. After changing a route:
    /// `ROSTER_WRITE_OPENAPI=1 cargo test -p roster-server --lib openapi` writes it.
    #[test]
    fn the_served_document_is_the_one_the_routes_render() {
        let rendered = super::document().to_pretty_json().expect("renders") + "\n";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");
        if std::env::var_os("ROSTER_WRITE_OPENAPI").is_some() {
            std::fs::write(path, &rendered).expect("written");
        }
        assert!(
            rendered == super::DOCUMENT_JSON,
            "crates/roster-server/openapi.json is stale: run `ROSTER_WRITE_OPENAPI=1 cargo test -p roster-server --lib openapi`"
        );
    }
}
