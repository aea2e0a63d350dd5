//! The storage contract. Implementations live in `roster-store` (SQLite, PostgreSQL); every rule
//! that needs stored data is checked inside the implementation's write transaction, using the
//! rule functions of this crate, so a concurrent change can never slip between check and write.
use crate::dates::Millis;
pub use crate::error::StoreResult;
use crate::model::*;
use crate::{CompanyId, GroupId, IdRef, JobTitleId, PersonId, TagId, TagInstanceId};
use async_trait::async_trait;

/// The whole contract: what a backend implements, in four parts.
pub trait Store: CompanyStore + CatalogStore + PeopleStore + MembershipStore {}
impl<T: CompanyStore + CatalogStore + PeopleStore + MembershipStore> Store for T {}

/// Companies, their OAuth clients and access tokens.
#[async_trait]
pub trait CompanyStore: Send + Sync + 'static {
    async fn company_count(&self) -> StoreResult<i64>;
    async fn create_company(&self, company: NewCompany) -> StoreResult<Company>;
    async fn company(&self, id: IdRef) -> StoreResult<Company>;
    async fn oauth_client(&self, client_id: &str) -> StoreResult<OAuthClient>;
    async fn insert_token(&self, token: AccessToken) -> StoreResult<()>;
    /// The company of an unexpired token; `NotFound` otherwise.
    async fn token_company(&self, digest: &str, now: Millis) -> StoreResult<Company>;
}

/// What a person refers to: permission levels, notification profiles, groups, job titles, tags.
#[async_trait]
pub trait CatalogStore: Send + Sync + 'static {
    async fn permission_levels(&self, company: CompanyId) -> StoreResult<Vec<PermissionLevel>>;
    /// In creation order.
    async fn notification_profiles(&self, company: CompanyId) -> StoreResult<Vec<NotificationProfile>>;

    async fn groups(&self, company: CompanyId) -> StoreResult<Vec<Group>>;
    async fn group(&self, company: CompanyId, id: GroupId) -> StoreResult<Group>;
    async fn insert_group(&self, group: &Group) -> StoreResult<()>;
    async fn update_group(&self, group: &Group) -> StoreResult<()>;
    /// Refused with `InUse` while active people are in the group.
    async fn delete_group(&self, company: CompanyId, id: GroupId) -> StoreResult<()>;

    async fn job_titles(&self, company: CompanyId) -> StoreResult<Vec<JobTitle>>;
    async fn job_title(&self, company: CompanyId, id: JobTitleId) -> StoreResult<JobTitle>;
    /// Inserts or updates; `group_ids` must be the company's.
    async fn save_job_title(&self, title: &JobTitle) -> StoreResult<()>;
    /// People holding the title keep no title.
    async fn delete_job_title(&self, company: CompanyId, id: JobTitleId) -> StoreResult<()>;

    async fn tags(&self, company: CompanyId) -> StoreResult<Vec<Tag>>;
    async fn tag(&self, company: CompanyId, id: TagId) -> StoreResult<Tag>;
    /// Inserts or updates; `group_ids` must be the company's.
    async fn save_tag(&self, tag: &Tag) -> StoreResult<()>;
    /// Removes the tag's instances from people too.
    async fn delete_tag(&self, company: CompanyId, id: TagId) -> StoreResult<()>;
}

#[async_trait]
pub trait PeopleStore: Send + Sync + 'static {
    /// Checks every reference and rule, then writes the person, their groups and tags at once.
    /// A taken email or phone among the company's active people is `Conflict`.
    async fn create_person(&self, person: &NewPerson) -> StoreResult<()>;
    async fn person(&self, company: CompanyId, id: IdRef) -> StoreResult<Person>;
    /// A page in creation order and the count of all matches.
    async fn people(&self, company: CompanyId, filter: &PersonFilter, page: Page) -> StoreResult<(Vec<Person>, i64)>;
    /// Replaces the person's properties (Update Person); references and uniqueness as on create.
    async fn update_person(
        &self,
        company: CompanyId,
        id: PersonId,
        data: &PersonData,
        updated_at: Millis,
    ) -> StoreResult<()>;
    /// Deletes the person with their groups, tags and login.
    async fn delete_person(&self, company: CompanyId, id: PersonId) -> StoreResult<()>;
}

/// A person's groups and tag instances, each changed on its own route.
#[async_trait]
pub trait MembershipStore: Send + Sync + 'static {
    /// Applies a tag; a tag the person already has gets the new `expr_date` and keeps its instance id,
    /// which is returned.
    async fn add_tag_instance(
        &self,
        company: CompanyId,
        person: PersonId,
        instance: &TagInstance,
        now: Millis,
    ) -> StoreResult<TagInstanceId>;
    async fn remove_tag_instance(
        &self,
        company: CompanyId,
        person: PersonId,
        instance: TagInstanceId,
        now: Millis,
    ) -> StoreResult<()>;
    /// Adds the person to the group (idempotent) and returns their groups.
    async fn add_person_group(
        &self,
        company: CompanyId,
        person: PersonId,
        group: GroupId,
        now: Millis,
    ) -> StoreResult<Vec<GroupId>>;
    /// Refused when it would leave a non-admin person with no group.
    async fn remove_person_group(
        &self,
        company: CompanyId,
        person: PersonId,
        group: GroupId,
        now: Millis,
    ) -> StoreResult<Vec<GroupId>>;
}
