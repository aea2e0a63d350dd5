//! The OpenAPI document, generated from the handlers' annotations. Each company route is written
//! once (LaborChart path) and published under both mounts.
use crate::routes::{
    groups, job_titles, oauth, people, procore, reference, session, tags, LABORCHART_PREFIX, PROCORE_PREFIX,
};
use crate::views;
use std::sync::LazyLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
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

#[derive(OpenApi)]
#[openapi(
    info(title = "Roster", description = "LaborChart API v2 and Procore Workforce Planning v2 People, self-hosted."),
    paths(
        oauth::token, session::accept_invitation, session::login, session::me,
        procore::projects::create, procore::projects::list, procore::projects::show,
        procore::projects::create_work_classification, procore::projects::work_classifications,
        procore::people::list, procore::people::create, procore::people::update,
        people::login::enable, people::login::revoke, people::login::invite,
        people::create, people::show, people::list, people::change::update, people::change::remove,
        people::membership::add_tag, people::membership::remove_tag, people::membership::add_group,
        people::membership::remove_group, people::membership::group_people,
        groups::list, groups::create, groups::show, groups::update, groups::remove,
        job_titles::list, job_titles::create, job_titles::show, job_titles::update, job_titles::remove,
        tags::list, tags::create, tags::show, tags::update, tags::remove,
        reference::permission_levels, reference::notification_profiles,
    ),
    components(schemas(views::ErrorView, views::IdView, views::PersonView, views::GroupView, views::JobTitleView, views::TagView,
        views::PermissionLevelView, people::membership::GroupIdsView, views::NotificationProfileView, reference::NotificationProfilePage, oauth::TokenView, session::SessionView, procore::projects::ProjectView, procore::projects::WorkClassificationView)),
    modifiers(&BearerAuth)
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
        .map(|(path, item)| (path.replacen(lc, PROCORE_PREFIX, 1), item.clone()))
        .collect();
    doc.paths.paths.extend(facade);
    doc
}

/// Rendered once: the document does not change while the process runs.
pub static DOCUMENT_JSON: LazyLock<String> = LazyLock::new(|| document().to_json().unwrap_or_else(|_| "{}".to_owned()));
