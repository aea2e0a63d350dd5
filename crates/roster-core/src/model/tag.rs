use crate::dates::Millis;
use crate::{CompanyId, GroupId, Invalid, TagId, TagInstanceId};

#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub id: TagId,
    pub company_id: CompanyId,
    pub name: String,
    pub abbreviation: Option<String>,
    pub categories: Vec<String>,
    pub color: Option<String>,
    pub require_expr_date: bool,
    pub expr_days_warning: Option<i64>,
    pub group_ids: Vec<GroupId>,
    pub globally_accessible: bool,
    pub created_at: Millis,
    pub updated_at: Millis,
}

impl Tag {
    /// The abbreviation of a tag that is given none: "the first 5 characters of the name" (the
    /// legacy docs).
    pub fn default_abbreviation(name: &str) -> String {
        name.chars().take(crate::limits::MAX_ABBREVIATION).collect()
    }
}

/// A tag applied to a person, with its expiry when the tag is a certification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagInstance {
    pub id: TagInstanceId,
    pub tag_id: TagId,
    pub expr_date: Option<Millis>,
}

impl Tag {
    /// A new tag with only its name.
    pub fn new(company_id: CompanyId, name: String, now: Millis) -> Self {
        Self {
            id: TagId::new(),
            company_id,
            name,
            abbreviation: None,
            categories: Vec::new(),
            color: None,
            require_expr_date: false,
            expr_days_warning: None,
            group_ids: Vec::new(),
            globally_accessible: false,
            created_at: now,
            updated_at: now,
        }
    }
}

/// The rule a tag with `require_expr_date` imposes on an instance of it; `expr_field` names the
/// date's field in the request (`expr_date`, `tag_instances[0].expr_date`).
pub fn check_expr_date(
    expr_field: &str,
    tag_id: TagId,
    require_expr_date: bool,
    expr_date: Option<Millis>,
) -> Result<(), Invalid> {
    if require_expr_date && expr_date.is_none() {
        return Err(Invalid::new(
            expr_field,
            "expirationDateRequired",
            format!("`{expr_field}` is required: tag {tag_id} requires an expiration date"),
        ));
    }
    Ok(())
}

/// A certification due: a tag instance of an active person whose expiry date has passed or falls
/// within its tag's `expr_days_warning`.
#[derive(Debug, Clone, PartialEq)]
pub struct Certification {
    pub person_id: crate::PersonId,
    pub person_name: String,
    pub tag_name: String,
    pub expr_date: Millis,
    /// The person's groups, in their order.
    pub group_ids: Vec<GroupId>,
}
