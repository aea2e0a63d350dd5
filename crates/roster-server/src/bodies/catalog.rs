//! Groups, tags and job titles: one body each for create (its required keys required) and update
//! (the keys sent change; `null` clears).
use super::fields::{Amount, CompanyRefField, GroupIds, Int, List, Name, OptEmail, Patch, Text, Timezone};
use roster_core::dates::now_millis;
use roster_core::limits::{MAX_ABBREVIATION, MAX_EXPR_DAYS_WARNING, MAX_NAME, MAX_SHORT, MAX_TEXT};
use roster_core::model::{Company, Group, JobTitle, Tag};
use roster_core::{CompanyId, Invalid};
use serde::Deserialize;
use utoipa::ToSchema;

/// A group. `name` and `timezone` are required on create and cannot be cleared.
#[derive(Deserialize, ToSchema, Default, Clone)]
pub struct GroupBody {
    #[serde(default)]
    #[schema(inline)]
    pub name: Patch<Name<{ MAX_NAME }>>,
    #[serde(default)]
    #[schema(inline)]
    pub timezone: Patch<Timezone>,
    #[serde(default)]
    #[schema(inline)]
    pub color: Patch<Text<{ MAX_SHORT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub address_1: Patch<Text<{ MAX_TEXT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub address_2: Patch<Text<{ MAX_TEXT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub city_town: Patch<Text<{ MAX_TEXT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub state_province: Patch<Text<{ MAX_TEXT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub zipcode: Patch<Text<{ MAX_SHORT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub country: Patch<Text<{ MAX_TEXT }>>,
    #[serde(default)]
    #[schema(inline)]
    pub contact_name: Patch<Text<{ MAX_TEXT }>>,
    /// The spec's name; `contact_phone` (Roster's earlier name) is read too.
    #[serde(default, alias = "contact_phone")]
    #[schema(inline)]
    pub contact_number: Patch<Text<{ roster_core::limits::MAX_PHONE }>>,
    #[serde(default)]
    #[schema(inline)]
    pub contact_email: Patch<OptEmail>,
}

impl GroupBody {
    pub fn create(self, company: CompanyId) -> Result<Group, Invalid> {
        let now = now_millis();
        let mut g = Group::new(
            company,
            self.name.clone().required("name")?.0,
            self.timezone.clone().required("timezone")?.0,
            now,
        );
        self.apply(&mut g, true)?;
        Ok(g)
    }

    /// Applies the keys sent (the store calls it on the locked row, perhaps more than once).
    pub fn update(&self, g: &mut Group) -> Result<(), Invalid> {
        self.clone().apply(g, false)?;
        g.updated_at = now_millis().max(g.updated_at);
        Ok(())
    }

    fn apply(self, g: &mut Group, creating: bool) -> Result<(), Invalid> {
        self.name.map(|n| n.0).update_required("name", &mut g.name)?;
        self.timezone
            .map(|t| t.0)
            .update_required("timezone", &mut g.timezone)?;
        for (value, target) in [
            (self.color.map(|t| t.0), &mut g.color),
            (self.address_1.map(|t| t.0), &mut g.address_1),
            (self.address_2.map(|t| t.0), &mut g.address_2),
            (self.city_town.map(|t| t.0), &mut g.city_town),
            (self.state_province.map(|t| t.0), &mut g.state_province),
            (self.zipcode.map(|t| t.0), &mut g.zipcode),
            (self.country.map(|t| t.0), &mut g.country),
            (self.contact_name.map(|t| t.0), &mut g.contact_name),
        ] {
            value.apply(creating, target);
        }
        self.contact_number.map(|t| t.0).apply(creating, &mut g.contact_phone);
        self.contact_email
            .map(|e| e.0.map(|e| e.as_str().to_owned()))
            .flatten()
            .apply(creating, &mut g.contact_email);
        Ok(())
    }
}

/// A tag. `name` is required on create.
#[derive(Deserialize, ToSchema, Default, Clone)]
pub struct TagBody {
    /// Procore's spec sends the company's integer id here; if given, it must be the path's company.
    #[serde(default)]
    #[schema(inline)]
    pub company_id: Patch<CompanyRefField>,
    #[serde(default)]
    #[schema(inline)]
    pub name: Patch<Name<{ MAX_NAME }>>,
    #[serde(default)]
    #[schema(inline)]
    pub abbreviation: Patch<Text<{ MAX_ABBREVIATION }>>,
    #[serde(default)]
    #[schema(inline)]
    pub categories: Patch<List<Text<{ MAX_NAME }>>>,
    #[serde(default)]
    #[schema(inline)]
    pub color: Patch<Text<{ MAX_SHORT }>>,
    /// An instance of the tag must carry an expiry date (a certification).
    #[serde(default)]
    #[schema(inline)]
    pub require_expr_date: Patch<bool>,
    /// Days before expiry a certification is flagged.
    #[serde(default)]
    #[schema(inline)]
    pub expr_days_warning: Patch<Int<0, { MAX_EXPR_DAYS_WARNING }>>,
    #[serde(default)]
    #[schema(inline)]
    pub group_ids: Patch<GroupIds>,
    #[serde(default)]
    #[schema(inline)]
    pub globally_accessible: Patch<bool>,
}

impl TagBody {
    /// A `company_id` sent must name the company of the path.
    pub fn check_company(&self, company: &Company) -> Result<(), Invalid> {
        match &self.company_id {
            Patch::Value(CompanyRefField(r)) if !crate::auth::same_company(company, *r) => Err(Invalid::new(
                "company_id",
                "invalidValue",
                "`company_id` must be the id of the company in the path",
            )),
            _ => Ok(()),
        }
    }

    pub fn create(self, company: CompanyId) -> Result<Tag, Invalid> {
        let mut t = Tag::new(company, self.name.clone().required("name")?.0, now_millis());
        self.apply(&mut t, true)?;
        Ok(t)
    }

    /// Applies the keys sent (the store calls it on the locked row, perhaps more than once).
    pub fn update(&self, t: &mut Tag) -> Result<(), Invalid> {
        self.clone().apply(t, false)?;
        t.updated_at = now_millis().max(t.updated_at);
        Ok(())
    }

    fn apply(self, t: &mut Tag, creating: bool) -> Result<(), Invalid> {
        self.name.map(|n| n.0).update_required("name", &mut t.name)?;
        // Not given on create, or sent as `null` or "": the first 5 characters of the name.
        match self.abbreviation.map(|a| a.0) {
            Patch::Value(a) if !a.trim().is_empty() => t.abbreviation = Some(a),
            Patch::Absent if !creating => {}
            _ => t.abbreviation = Some(Tag::default_abbreviation(&t.name)),
        }
        self.color.map(|c| c.0).apply(creating, &mut t.color);
        self.expr_days_warning
            .map(|d| d.0)
            .apply(creating, &mut t.expr_days_warning);
        self.categories
            .map(|c| c.0.into_iter().map(|t| t.0).collect())
            .update_or(Vec::new(), &mut t.categories);
        self.require_expr_date.update_or(false, &mut t.require_expr_date);
        self.group_ids.map(|g| g.0).update_or(Vec::new(), &mut t.group_ids);
        self.globally_accessible.update_or(false, &mut t.globally_accessible);
        Ok(())
    }
}

/// `hourly` or `salaried`.
#[derive(Deserialize, ToSchema, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum JobTitleType {
    Hourly,
    Salaried,
}

/// A job title. `name` is required on create.
#[derive(Deserialize, ToSchema, Default, Clone)]
pub struct JobTitleBody {
    #[serde(default)]
    #[schema(inline)]
    pub name: Patch<Name<{ MAX_NAME }>>,
    #[serde(default)]
    #[schema(inline)]
    pub group_ids: Patch<GroupIds>,
    #[serde(default)]
    #[schema(inline)]
    pub globally_accessible: Patch<bool>,
    #[serde(default)]
    #[schema(inline)]
    pub color: Patch<Text<{ MAX_SHORT }>>,
    #[serde(rename = "type")]
    #[serde(default)]
    #[schema(inline)]
    pub kind: Patch<JobTitleType>,
    #[serde(default)]
    #[schema(inline)]
    pub hourly_rate: Patch<Amount>,
}

impl JobTitleBody {
    pub fn create(self, company: CompanyId) -> Result<JobTitle, Invalid> {
        let mut t = JobTitle::new(company, self.name.clone().required("name")?.0, now_millis());
        self.apply(&mut t, true)?;
        Ok(t)
    }

    /// Applies the keys sent (the store calls it on the locked row, perhaps more than once).
    pub fn update(&self, t: &mut JobTitle) -> Result<(), Invalid> {
        self.clone().apply(t, false)?;
        t.updated_at = now_millis().max(t.updated_at);
        Ok(())
    }

    fn apply(self, t: &mut JobTitle, creating: bool) -> Result<(), Invalid> {
        self.name.map(|n| n.0).update_required("name", &mut t.name)?;
        self.group_ids.map(|g| g.0).update_or(Vec::new(), &mut t.group_ids);
        self.globally_accessible.update_or(false, &mut t.globally_accessible);
        self.color.map(|c| c.0).apply(creating, &mut t.color);
        self.kind
            .map(|k| match k {
                JobTitleType::Hourly => "hourly",
                JobTitleType::Salaried => "salaried",
            })
            .apply(creating, &mut t.kind);
        self.hourly_rate.map(|r| r.0).apply(creating, &mut t.hourly_rate);
        Ok(())
    }
}

/// A group a job title or tag becomes available to (or stops being): `{"group_id"}`; the tag
/// routes of Procore's spec send `{"group_ids": [...]}` instead, and either is accepted.
#[derive(Deserialize, ToSchema, Default)]
pub struct GroupAvailabilityBody {
    #[serde(default)]
    #[schema(inline)]
    pub group_id: Patch<super::fields::GroupRef>,
    #[serde(default)]
    #[schema(inline)]
    pub group_ids: Patch<GroupIds>,
}

impl GroupAvailabilityBody {
    /// The groups named, at least one.
    pub fn groups(self) -> Result<Vec<roster_core::GroupId>, Invalid> {
        let mut ids: Vec<_> = self.group_id.given().map(|g| g.0).into_iter().collect();
        for g in self.group_ids.given().map(|l| l.0).unwrap_or_default() {
            if !ids.contains(&g) {
                ids.push(g);
            }
        }
        if ids.is_empty() {
            return Err(Invalid::missing("group_id"));
        }
        Ok(ids)
    }
}
