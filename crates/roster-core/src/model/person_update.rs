//! Update Person: a partial update of a person's properties.
use super::person::{status, PersonData};
use crate::input::{Body, MAX_NAME};
use crate::Invalid;

/// Keys Update Person refuses, each with the route that changes it.
const OWN_ROUTES: &[(&str, &str)] = &[
    ("password", "POST /people/{person_id}/user"),
    (
        "is_user",
        "POST /people/{person_id}/user or DELETE /people/{person_id}/user",
    ),
    (
        "tag_instances",
        "POST /people/{person_id}/tags and DELETE /people/{person_id}/tags/{tag_instance_id}",
    ),
    (
        "group_ids",
        "POST /people/{person_id}/groups and DELETE /people/{person_id}/groups/{group_id}",
    ),
];

/// `current` with the sent keys applied; the same validation as create.
pub fn apply_update(current: &PersonData, b: &Body) -> Result<PersonData, Invalid> {
    if let Some((k, route)) = OWN_ROUTES.iter().find(|(k, _)| b.sent(k)) {
        return Err(Invalid::new(
            *k,
            "useDedicatedRoute",
            format!("`{k}` cannot be changed by Update Person: use {route}"),
        ));
    }
    let mut d = current.clone();
    if b.sent("first_name") {
        d.first_name = b.required("first_name", |b, k| b.name(k, MAX_NAME))?;
    }
    if b.sent("last_name") {
        d.last_name = b.required("last_name", |b, k| b.name(k, MAX_NAME))?;
    }
    if b.sent("is_assignable") {
        d.is_assignable = b.required("is_assignable", Body::boolean)?;
    }
    if b.sent("status") {
        d.status = b.required("status", status)?;
    }
    d.apply(b, false)?;
    d.check_user_fields()?;
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::person::Status;
    use serde_json::json;

    fn anna() -> PersonData {
        let body = json!({"first_name": "Anna", "last_name": "R", "is_user": false, "is_assignable": true,
                          "status": "active", "group_ids": [], "email": "a@example.com", "zipcode": "66213"});
        crate::model::CreatePerson::parse(&Body::object(&body).unwrap())
            .unwrap()
            .data
    }

    #[test]
    fn only_sent_keys_change() {
        let body = json!({"status": "inactive", "zipcode": null, "phone": "+1 213 555 1234"});
        let d = apply_update(&anna(), &Body::object(&body).unwrap()).unwrap();
        assert_eq!(d.status, Status::Inactive);
        assert_eq!(d.zipcode, None);
        assert_eq!(d.phone.unwrap().as_str(), "+12135551234");
        assert_eq!(d.email.unwrap().as_str(), "a@example.com");
        assert_eq!(d.first_name, "Anna");
    }

    #[test]
    fn refuses_keys_with_their_own_routes() {
        for k in ["password", "is_user", "tag_instances", "group_ids"] {
            let body = json!({ k: null });
            let e = apply_update(&anna(), &Body::object(&body).unwrap()).unwrap_err();
            assert_eq!((e.field.as_str(), e.detail_code), (k, "useDedicatedRoute"));
            assert!(e.details.contains("/people/{person_id}/"));
        }
    }

    #[test]
    fn required_fields_cannot_be_cleared() {
        for k in ["first_name", "last_name", "status", "is_assignable"] {
            let body = json!({ k: null });
            assert!(apply_update(&anna(), &Body::object(&body).unwrap()).is_err(), "{k}");
        }
    }
}
