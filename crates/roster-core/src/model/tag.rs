use super::set_if_sent;
use crate::dates::{now_millis, Millis};
use crate::input::{Body, MAX_NAME};
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

/// A tag applied to a person, with its expiry when the tag is a certification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagInstance {
    pub id: TagInstanceId,
    pub tag_id: TagId,
    pub expr_date: Option<Millis>,
}

impl TagInstance {
    /// `{"tag_id", "expr_date"?}`; `expr_date` in any of the three date forms.
    pub fn parse(b: &Body) -> Result<Self, Invalid> {
        Ok(Self {
            id: TagInstanceId::new(),
            tag_id: b.required("tag_id", Body::id)?,
            expr_date: b.date("expr_date")?,
        })
    }
}

impl Tag {
    pub fn create(company_id: CompanyId, body: &Body) -> Result<Self, Invalid> {
        let now = now_millis();
        let mut t = Self {
            id: TagId::new(),
            company_id,
            name: body.required("name", |b, k| b.name(k, MAX_NAME))?,
            abbreviation: None,
            categories: Vec::new(),
            color: None,
            require_expr_date: false,
            expr_days_warning: None,
            group_ids: Vec::new(),
            globally_accessible: false,
            created_at: now,
            updated_at: now,
        };
        t.apply(body, true)?;
        Ok(t)
    }

    pub fn update(&mut self, body: &Body) -> Result<(), Invalid> {
        if body.sent("name") {
            self.name = body.required("name", |b, k| b.name(k, MAX_NAME))?;
        }
        self.apply(body, false)?;
        self.updated_at = now_millis().max(self.updated_at);
        Ok(())
    }

    fn apply(&mut self, b: &Body, creating: bool) -> Result<(), Invalid> {
        set_if_sent!(
            b,
            creating,
            self.abbreviation,
            "abbreviation",
            b.text("abbreviation", 5)
        );
        set_if_sent!(b, creating, self.color, "color", b.text("color", 32));
        set_if_sent!(
            b,
            creating,
            self.expr_days_warning,
            "expr_days_warning",
            b.integer("expr_days_warning", 0, 36_500)
        );
        if b.sent("categories") {
            self.categories = b.texts("categories", MAX_NAME)?.unwrap_or_default();
        }
        if b.sent("require_expr_date") {
            self.require_expr_date = b.boolean("require_expr_date")?.unwrap_or(false);
        }
        if b.sent("group_ids") {
            self.group_ids = b.ids("group_ids")?.unwrap_or_default();
        }
        if b.sent("globally_accessible") {
            self.globally_accessible = b.boolean("globally_accessible")?.unwrap_or(false);
        }
        Ok(())
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
