//! The storage contract. Implementations live in `roster-store` (SQLite, PostgreSQL). Every
//! mutation is one method that reads, decides and writes in one write transaction: the rows it
//! decides on are locked first (`SELECT … FOR UPDATE` on PostgreSQL; SQLite's single writer,
//! taken at `BEGIN IMMEDIATE`, serialises every write transaction), and every rule that needs
//! stored data is checked there with the rule functions of this crate, so a concurrent change can
//! never slip between check and write. A partial update passes its change as an [`Edit`], applied
//! to the row as locked: two updates of different fields both survive, and an update of a row
//! deleted meanwhile is `NotFound`, never a re-creation.
use crate::dates::Millis;
pub use crate::error::StoreResult;
use crate::model::*;
use crate::paging::{Cursor, CursorPage};
use crate::{CompanyId, CustomFieldId, GroupId, IdRef, Invalid, JobTitleId, PersonId, TagId, TagInstanceId, TimeOffId};
use async_trait::async_trait;
use uuid::Uuid;

mod logins;
mod oauth;
pub use logins::{Invite, LoginStore, Reset};
pub use oauth::{Check, OAuthStore};

/// A partial update: applied inside the store's write transaction to the stored value, read with
/// its row locked. A refusal (`Invalid`) rolls the transaction back.
pub type Edit<'a, T> = &'a (dyn Fn(&mut T) -> Result<(), Invalid> + Send + Sync);

/// One update of `update_people`: the person, the edit of their properties, and the rest.
pub struct PersonUpdate<'a> {
    pub id: IdRef,
    pub edit: Edit<'a, crate::model::PersonData>,
    pub changes: &'a crate::model::PersonChanges,
}

/// The whole contract: what a backend implements, in parts.
pub trait Store:
    CompanyStore
    + RateLimitStore
    + CatalogStore
    + PeopleStore
    + MembershipStore
    + LoginStore
    + OutboxStore
    + ProjectStore
    + TimeOffStore
    + CustomFieldStore
    + OAuthStore
    + SweepStore
    + OperationsStore
{
}
impl<
        T: CompanyStore
            + RateLimitStore
            + CatalogStore
            + PeopleStore
            + MembershipStore
            + LoginStore
            + OutboxStore
            + ProjectStore
            + TimeOffStore
            + CustomFieldStore
            + OAuthStore
            + SweepStore
            + OperationsStore,
    > Store for T
{
}

/// What running the service needs of its store: readiness, backups, the outbox's size.
#[async_trait]
pub trait OperationsStore: Send + Sync + 'static {
    /// Whether the store can serve: it answers a query on the connection writes use, and (SQLite)
    /// the disk holding it has room. Writes nothing.
    async fn ready(&self) -> StoreResult<()>;
    /// A consistent copy of the whole store, made while it serves and writes, into the new file
    /// `path`. SQLite only (`VACUUM INTO`); PostgreSQL answers `Other` (its tool is `pg_dump`).
    async fn backup_to(&self, path: &std::path::Path) -> StoreResult<()>;
    /// Emails waiting to be delivered, and emails given up.
    async fn outbox_counts(&self) -> StoreResult<(i64, i64)>;
    /// The connections open and idle, of the pool writes use and of the pool reads use.
    fn connections(&self) -> ((u32, usize), (u32, usize));
}

/// What a sweep removes: rows that only served until a moment now past.
#[derive(Debug, Clone, Copy)]
pub struct SweepPolicy {
    /// Rate-limit windows that started before this (unix seconds): every window but the current.
    pub rate_windows_before: i64,
    /// Failed-login counts whose lockout ended (or whose last failure was) before this.
    pub login_failures_before: Millis,
    /// Sessions that expired before this.
    pub sessions_before: Millis,
    /// Outbox emails sent or given up before this.
    pub outbox_before: Millis,
    /// Authorization codes that expired before this (used or not).
    pub codes_before: Millis,
}

/// How many rows a sweep removed, per table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    pub rate_windows: u64,
    pub login_failures: u64,
    pub sessions: u64,
    pub outbox: u64,
    pub codes: u64,
}

/// Removing what is no longer needed, each table by an indexed delete.
#[async_trait]
pub trait SweepStore: Send + Sync + 'static {
    async fn sweep(&self, policy: &SweepPolicy) -> StoreResult<Swept>;
}

/// Companies, their OAuth clients and access tokens.
#[async_trait]
pub trait CompanyStore: Send + Sync + 'static {
    async fn company_count(&self) -> StoreResult<i64>;
    async fn create_company(&self, company: NewCompany) -> StoreResult<Company>;
    async fn company(&self, id: IdRef) -> StoreResult<Company>;
    async fn oauth_client(&self, client_id: &str) -> StoreResult<OAuthClient>;
    async fn insert_token(&self, token: AccessToken) -> StoreResult<()>;
    /// Deletes one access token; whether it existed.
    async fn revoke_token(&self, digest: &str) -> StoreResult<bool>;
    /// The unexpired access token of that digest, or `NotFound`.
    async fn access_token(&self, digest: &str, now: Millis) -> StoreResult<AccessToken>;
    /// Deletes every access token of the company; how many there were.
    async fn revoke_company_tokens(&self, company: CompanyId) -> StoreResult<u64>;
    /// Replaces the company's client secret (stored as `secret_hash`); answers the client id.
    async fn rotate_client_secret(&self, company: CompanyId, secret_hash: &str) -> StoreResult<String>;
    /// Who an unexpired token acts for and when it expires; `NotFound` otherwise (also for a
    /// person's token once the person is no longer an active user).
    async fn token_owner(&self, digest: &str, now: Millis) -> StoreResult<(TokenOwner, Millis)>;
}

/// Requests per access token per hour, summed over every process (the rate limit).
#[async_trait]
pub trait RateLimitStore: Send + Sync + 'static {
    /// Adds `n` requests to a token's count for the window starting at `window_start` (unix
    /// seconds) and answers the total so far, over every process. With `n` 0 it only reads.
    async fn count_requests(&self, digest: &str, window_start: i64, n: i64) -> StoreResult<i64>;
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
    /// Applies `edit` to the locked group and answers it as stored.
    async fn update_group(&self, company: CompanyId, id: GroupId, edit: Edit<'_, Group>) -> StoreResult<Group>;
    /// Refused with `InUse` while active people are in the group.
    async fn delete_group(&self, company: CompanyId, id: GroupId) -> StoreResult<()>;

    async fn job_titles(&self, company: CompanyId) -> StoreResult<Vec<JobTitle>>;
    async fn job_title(&self, company: CompanyId, id: JobTitleId) -> StoreResult<JobTitle>;
    /// `group_ids` must be the company's.
    async fn insert_job_title(&self, title: &JobTitle) -> StoreResult<()>;
    /// Applies `edit` to the locked job title; `group_ids` must stay the company's.
    async fn update_job_title(
        &self,
        company: CompanyId,
        id: JobTitleId,
        edit: Edit<'_, JobTitle>,
    ) -> StoreResult<JobTitle>;
    /// People holding the title keep no title.
    async fn delete_job_title(&self, company: CompanyId, id: JobTitleId) -> StoreResult<()>;

    async fn tags(&self, company: CompanyId) -> StoreResult<Vec<Tag>>;
    async fn tag(&self, company: CompanyId, id: TagId) -> StoreResult<Tag>;
    /// `group_ids` must be the company's.
    async fn insert_tag(&self, tag: &Tag) -> StoreResult<()>;
    /// Applies `edit` to the locked tag; `group_ids` must stay the company's.
    async fn update_tag(&self, company: CompanyId, id: TagId, edit: Edit<'_, Tag>) -> StoreResult<Tag>;
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
    /// How many people match.
    async fn people_count(&self, company: CompanyId, filter: &PersonFilter) -> StoreResult<i64>;
    /// Up to `limit` matches in creation order after the person with integer id `after` (from the
    /// first without): a list read batch by batch, each as quick as the first.
    async fn people_after(
        &self,
        company: CompanyId,
        filter: &PersonFilter,
        after: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<Person>>;
    /// Update Person: applies `edit` to the locked person's properties and `changes` to their
    /// groups, tags and login, checks references, rules and uniqueness as on create, and answers
    /// the person as stored; a refusal changes nothing. A person the edit makes a user is enabled
    /// as by `enable_login` (an invitation made by `invite` unless a password or `no_invite` is
    /// given); one it makes not a user is revoked as by `revoke_login`.
    async fn update_person(
        &self,
        company: CompanyId,
        id: IdRef,
        edit: Edit<'_, PersonData>,
        changes: &PersonChanges,
        invite: Invite<'_>,
        now: Millis,
    ) -> StoreResult<Person>;
    /// Several updates in one transaction (one commit for all), each in a savepoint of its own:
    /// each answers as `update_person` would, and a refused one changes nothing while the others
    /// are written. An error of the store itself (unavailable) fails the whole call.
    async fn update_people(
        &self,
        company: CompanyId,
        updates: &[PersonUpdate<'_>],
        invite: Invite<'_>,
        now: Millis,
    ) -> StoreResult<Vec<StoreResult<Person>>>;
    /// Deletes the person with their groups, tags and login; answers their id.
    async fn delete_person(&self, company: CompanyId, id: IdRef) -> StoreResult<PersonId>;
}

/// A person's groups and tag instances, each changed on its own route. Each method locks the
/// person (by UUID or integer id) first, so changes of one person take turns.
#[async_trait]
pub trait MembershipStore: Send + Sync + 'static {
    /// The company's certifications due at `now`, the earliest first (`Certification`).
    async fn certifications_due(&self, company: CompanyId, now: Millis) -> StoreResult<Vec<Certification>>;
    /// Applies a tag; a tag the person already has gets the new `expr_date` and keeps its instance id,
    /// which is returned.
    async fn add_tag_instance(
        &self,
        company: CompanyId,
        person: IdRef,
        instance: &TagInstance,
        now: Millis,
    ) -> StoreResult<TagInstanceId>;
    async fn remove_tag_instance(
        &self,
        company: CompanyId,
        person: IdRef,
        instance: TagInstanceId,
        now: Millis,
    ) -> StoreResult<()>;
    /// Adds the person to the group (idempotent) and returns their groups.
    async fn add_person_group(
        &self,
        company: CompanyId,
        person: IdRef,
        group: GroupId,
        now: Millis,
    ) -> StoreResult<Vec<GroupId>>;
    /// Refused when it would leave a non-admin person with no group.
    async fn remove_person_group(
        &self,
        company: CompanyId,
        person: IdRef,
        group: GroupId,
        now: Millis,
    ) -> StoreResult<Vec<GroupId>>;
}

/// Emails waiting for delivery. Delivery is at-least-once per claim lease; a message is claimed by
/// one worker at a time.
#[async_trait]
pub trait OutboxStore: Send + Sync + 'static {
    /// Leases up to `limit` due messages for `lease_ms`.
    async fn claim_outbox(&self, now: Millis, limit: i64, lease_ms: Millis) -> StoreResult<Vec<OutboxMessage>>;
    /// Marks the message sent and scrubs its body (which may hold an invitation link).
    async fn outbox_sent(&self, id: Uuid, now: Millis) -> StoreResult<()>;
    /// Records a failed try and schedules the next one with backoff; at `max_attempts` tries the
    /// message is given up (`failed_at`, never claimed again). Answers whether it was given up.
    async fn outbox_failed(&self, id: Uuid, now: Millis, error: &str, max_attempts: i64) -> StoreResult<bool>;
    /// Everything in the outbox, oldest first.
    async fn outbox(&self) -> StoreResult<Vec<OutboxMessage>>;
}

/// Procore projects, work classifications and project (reference) people.
#[async_trait]
pub trait ProjectStore: Send + Sync + 'static {
    async fn create_project(&self, project: &NewProject) -> StoreResult<Project>;
    /// In id order.
    async fn projects(&self, company: CompanyId) -> StoreResult<Vec<Project>>;
    async fn project(&self, company: CompanyId, id: i64) -> StoreResult<Project>;
    async fn create_work_classification(
        &self,
        company: CompanyId,
        name: &str,
        now: Millis,
    ) -> StoreResult<WorkClassification>;
    async fn work_classifications(&self, company: CompanyId) -> StoreResult<Vec<WorkClassification>>;
    /// `work_classification_id` must be the company's; a taken `origin_id` in the project is `Conflict`.
    async fn create_project_person(
        &self,
        company: CompanyId,
        project: i64,
        data: &ProjectPersonData,
        now: Millis,
    ) -> StoreResult<ProjectPerson>;
    /// Applies `edit` to the locked project person; references and `origin_id` as on create.
    async fn update_project_person(
        &self,
        company: CompanyId,
        project: i64,
        id: i64,
        edit: Edit<'_, ProjectPersonData>,
        now: Millis,
    ) -> StoreResult<ProjectPerson>;
    async fn project_person(&self, company: CompanyId, project: i64, id: i64) -> StoreResult<ProjectPerson>;
    /// A 1-based page and the count of all matches.
    async fn project_people(
        &self,
        company: CompanyId,
        project: i64,
        filter: &ProjectPeopleFilter,
        page: u32,
        per_page: u32,
    ) -> StoreResult<(Vec<ProjectPerson>, i64)>;
}

/// A person's time off. Each change locks the person first, so the overlap rule holds over
/// concurrent requests.
#[async_trait]
pub trait TimeOffStore: Send + Sync + 'static {
    /// Adds a time off (its occurrences made by `TimeOffData::occurrences`) that overlaps none of
    /// the person's other time off, and answers it as stored.
    async fn create_time_off(
        &self,
        company: CompanyId,
        person: IdRef,
        id: TimeOffId,
        data: &TimeOffData,
        now: Millis,
    ) -> StoreResult<TimeOff>;
    async fn time_off(&self, company: CompanyId, person: IdRef, id: TimeOffId) -> StoreResult<TimeOff>;
    /// A page of the person's time off by first day, then id. A cursor that names none of the
    /// person's time off is `NotFound("cursor")`.
    async fn time_offs(
        &self,
        company: CompanyId,
        person: IdRef,
        cursor: Cursor<TimeOffId>,
        limit: usize,
    ) -> StoreResult<CursorPage<TimeOff>>;
    /// Applies `edit` to the locked time off, then its rules and the overlap rule as on create;
    /// occurrences keep their ids by position.
    async fn update_time_off(
        &self,
        company: CompanyId,
        person: IdRef,
        id: TimeOffId,
        edit: Edit<'_, TimeOffData>,
        now: Millis,
    ) -> StoreResult<TimeOff>;
    async fn delete_time_off(&self, company: CompanyId, person: IdRef, id: TimeOffId) -> StoreResult<()>;
}

/// A company's custom field definitions. The integration name is unique in the company (a unique
/// index: of two racing creates of one name, one wins and the other is `Conflict`).
#[async_trait]
pub trait CustomFieldStore: Send + Sync + 'static {
    /// In creation order.
    async fn custom_fields(&self, company: CompanyId) -> StoreResult<Vec<CustomField>>;
    async fn custom_field(&self, company: CompanyId, id: CustomFieldId) -> StoreResult<CustomField>;
    async fn insert_custom_field(&self, field: &CustomField) -> StoreResult<()>;
    /// Applies `edit` to the locked field (then `CustomField::settle`) and answers it as stored.
    async fn update_custom_field(
        &self,
        company: CompanyId,
        id: CustomFieldId,
        edit: Edit<'_, CustomField>,
    ) -> StoreResult<CustomField>;
    async fn delete_custom_field(&self, company: CompanyId, id: CustomFieldId) -> StoreResult<()>;
}
