//! The project people list's statements: its filters (Procore's, and Roster's exact origin id and
//! employee id), each lookup from its own index, and its sort.
use super::backend::{Backend, Sql};
use super::projects::PERSON_SQL;
use roster_core::model::{ProjectPeopleFilter, ProjectPeopleSort};
use roster_core::CompanyId;

/// Whether the list looks its people up by an index of their own (origin id, employee id, or a
/// search of three letters or more) rather than walk the project.
fn is_lookup(f: &ProjectPeopleFilter) -> bool {
    f.origin_id.is_some() || f.employee_id.is_some() || f.search.as_deref().is_some_and(|s| s.chars().count() >= 3)
}

/// The list's conditions. A lookup names its people first, by its own index (origin id, employee
/// id, or the search's trigrams), and the project is then checked on those few: with statistics
/// missing or lagging a project that grew fast, the planner would rather walk the project's index
/// (a lookup among 115,000 project people: 15 ms for an employee id, 44 ms for a search).
fn push_filter<'a, B: Backend>(qb: &mut Sql<'a>, company: CompanyId, project: i64, f: &'a ProjectPeopleFilter) {
    let (open, close) = B::PROJECT_PEOPLE_IDS_OF;
    qb.push(" WHERE p.company_id = ").push_bind(company.to_string());
    if !f.whole_company {
        qb.push(if is_lookup(f) {
            " AND pp.project_id + 0 = "
        } else {
            " AND pp.project_id = "
        })
        .push_bind(project);
    }
    for (column, value) in [("origin_id", &f.origin_id), ("employee_id", &f.employee_id)] {
        if let Some(v) = value {
            qb.push(open)
                .push(&format!("SELECT id FROM project_people WHERE {column} = "))
                .push_bind(v.as_str())
                .push(close);
        }
    }
    if let Some(s) = f.search.as_deref().map(str::to_lowercase) {
        // Both sides lowercased by Rust (ProjectPersonData::search_keys): the same on every store.
        let like = format!("%{}%", s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        if s.chars().count() >= 3 {
            qb.push(open);
            match B::PROJECT_PEOPLE_TEXT {
                // FTS5 reads the phrase as consecutive trigrams; the LIKE below keeps the rule exact.
                Some(text) => qb.push(text).push_bind(format!("\"{}\"", s.replace('"', "\"\""))),
                None => qb
                    .push("SELECT id FROM project_people WHERE search_name LIKE ")
                    .push_bind(like.clone())
                    .push(" ESCAPE '\\' OR search_title LIKE ")
                    .push_bind(like.clone())
                    .push(" ESCAPE '\\'"),
            };
            qb.push(close);
        }
        qb.push(" AND (pp.search_name LIKE ")
            .push_bind(like.clone())
            .push(" ESCAPE '\\' OR pp.search_title LIKE ")
            .push_bind(like)
            .push(" ESCAPE '\\')");
    }
    if let Some(e) = f.is_employee {
        qb.push(" AND pp.is_employee = ").push_bind(e);
    }
    if let Some(t) = &f.job_title {
        qb.push(" AND pp.job_title = ").push_bind(t.as_str());
    }
}

/// A list's count and page (`page` 1-based), each planned for its arguments every time: a generic
/// plan guesses how many people a value keeps.
pub(crate) fn project_people_queries<B: Backend>(
    company: CompanyId,
    project: i64,
    f: &ProjectPeopleFilter,
    page: u32,
    per_page: u32,
) -> (Sql<'_>, Sql<'_>) {
    // A lookup joins its few people to their projects without the project index (`+ 0`).
    let join = match is_lookup(f) {
        true => "JOIN projects p ON p.id = pp.project_id + 0",
        false => "JOIN projects p ON p.id = pp.project_id",
    };
    let mut count = Sql::new(format!("SELECT COUNT(*) FROM project_people pp {join}")).planned_each_time();
    push_filter::<B>(&mut count, company, project, f);
    let mut qb = Sql::new(PERSON_SQL.replace("JOIN projects p ON p.id = pp.project_id", join)).planned_each_time();
    push_filter::<B>(&mut qb, company, project, f);
    push_order::<B>(&mut qb, &f.sort);
    qb.push(" LIMIT ")
        .push_bind(i64::from(per_page))
        .push(" OFFSET ")
        .push_bind(i64::from(page.saturating_sub(1)) * i64::from(per_page));
    (count, qb)
}

/// `ORDER BY` for the list's sort keys (byte order of the Rust-lowercased keys, the same on every
/// store), ties by id.
fn push_order<B: Backend>(qb: &mut Sql<'_>, sort: &[(ProjectPeopleSort, bool)]) {
    qb.push(" ORDER BY ");
    for (key, descending) in sort {
        let column = match key {
            ProjectPeopleSort::Name => "pp.sort_name",
            ProjectPeopleSort::JobTitle => "pp.search_title",
            // Every reference person's vendor and permission template are none: all equal.
            ProjectPeopleSort::VendorName | ProjectPeopleSort::PermissionTemplate => continue,
        };
        qb.push(column)
            .push(B::BYTE_ORDER)
            .push(if *descending { " DESC, " } else { " ASC, " });
    }
    qb.push("pp.id");
}
