//! Update Person: the person's properties, groups, tags and login, changed in one transaction.
use super::backend::{Backend, Sql, Tx};
use super::columns::{bind_data, UPDATE_SQL};
use super::logins::{end_login, set_password_or_invite};
use super::membership::{replace_groups, replace_tags};
use super::people::check_data_refs;
use roster_core::dates::Millis;
use roster_core::model::{check_groups, Person, PersonChanges, PersonData};
use roster_core::store::StoreResult;
use roster_core::{CompanyId, Edit, Invalid, Invite};

/// Applies an update to `before`, the person as read with their row locked by the caller's
/// transaction. Every check comes before the first write it guards, and any refusal rolls the
/// whole transaction back, so a refused update changes nothing.
pub(super) async fn apply<B: Backend>(
    tx: &mut Tx<B>,
    company: CompanyId,
    before: &Person,
    edit: Edit<'_, PersonData>,
    changes: &PersonChanges,
    invite: Invite<'_>,
    now: Millis,
) -> StoreResult<()> {
    let id = before.id;
    let mut data = before.data.clone();
    edit(&mut data)?;
    let is_admin = check_data_refs(tx, company, &data).await?;
    let groups = changes.group_ids.as_deref().unwrap_or(&before.group_ids);
    check_groups(groups, is_admin, data.is_assignable)?;
    if changes.password_hash.is_some() && !data.is_user {
        // The edit checks this too; kept here so no caller can store a non-user's password.
        return Err(Invalid::new(
            "password",
            "passwordWithoutUser",
            "`password` is only accepted for a user",
        )
        .into());
    }
    bind_data(Sql::new(UPDATE_SQL.as_str()), &data)
        .bind(now)
        .bind(id.to_string())
        .bind(company.to_string())
        .execute(&mut *tx)
        .await?;
    if let Some(groups) = &changes.group_ids {
        replace_groups(tx, company, id, groups).await?;
    }
    if let Some(tags) = &changes.tag_instances {
        replace_tags(tx, company, id, tags).await?;
    }
    super::custom_values::set_custom_values(tx, company, id, &changes.custom_values).await?;
    match (before.data.is_user, data.is_user) {
        (true, false) => end_login(tx, id).await?,
        (false, true) => {
            // Made a user: as `enable_login` does, an invitation unless a password or `no_invite`.
            let invitation = match (&changes.password_hash, &data.email) {
                (None, Some(email)) if !changes.no_invite => Some(invite(&data.first_name, email)),
                _ => None,
            };
            set_password_or_invite(tx, id, changes.password_hash.as_deref(), invitation.as_ref()).await?;
        }
        (true, true) if changes.password_hash.is_some() => {
            set_password_or_invite(tx, id, changes.password_hash.as_deref(), None).await?;
        }
        _ => {}
    }
    Ok(())
}
