//! Query plans of the people lists, one check for both backends: exact lookups and the web
//! app's search are answered from the indexes of migration 0015, never by walking a company.
use super::backend::{Backend, Col};
use super::cells::Cells;
use super::SqlStore;
use roster_core::model::PersonFilter;
use roster_core::CompanyId;

/// The filters, each with the indexes its plan must use.
fn cases() -> Vec<(PersonFilter, Vec<&'static str>)> {
    let f = PersonFilter::default;
    vec![
        (
            PersonFilter {
                email: Some("a@x.io".into()),
                ..f()
            },
            vec!["people_email"],
        ),
        (
            PersonFilter {
                first_name: Some("Ann".into()),
                ..f()
            },
            vec!["people_first_name"],
        ),
        (
            PersonFilter {
                last_name: Some("Lee".into()),
                ..f()
            },
            vec!["people_last_name"],
        ),
        (
            PersonFilter {
                employee_number: Some("E1".into()),
                ..f()
            },
            vec!["people_employee_number"],
        ),
        (
            PersonFilter {
                search: Some("maria lo".into()),
                ..f()
            },
            vec![
                "people_first_name",
                "people_last_name",
                "people_email",
                "people_employee_number",
            ],
        ),
        (
            PersonFilter {
                search: Some("+1 213 555".into()),
                ..f()
            },
            vec!["people_employee_number", "people_phone"],
        ),
        // The polling cursors: a sync job asks for what changed since its last run.
        (
            PersonFilter {
                updated_from: Some(4_000_000_000_000),
                ..f()
            },
            vec!["people_updated"],
        ),
        (
            PersonFilter {
                created_from: Some(4_000_000_000_000),
                ..f()
            },
            vec!["people_created"],
        ),
        (
            PersonFilter {
                group_id: Some(roster_core::GroupId::new()),
                ..f()
            },
            vec!["person_groups_group"],
        ),
        (
            PersonFilter {
                tag_id: Some(roster_core::TagId::new()),
                ..f()
            },
            vec!["tag_instances_tag"],
        ),
    ]
}

/// The plans of a page, a count and a streamed batch of `company`'s people passing `filter`, each
/// built as the store builds it, then of the probes that chose how (`people_list::probes`);
/// `explain` is the backend's prefix (`EXPLAIN QUERY PLAN`, `EXPLAIN`), `column` the plan row's
/// text column. Each is planned for its arguments every time it runs: a cached generic plan
/// guesses how many people a value keeps, and walks (at 1,150,000 people, 263 ms for a cursor).
pub async fn plans<B: Backend>(
    store: &SqlStore<B>,
    company: CompanyId,
    filter: &PersonFilter,
    explain: &str,
    column: &str,
) -> Vec<String> {
    use super::people_list::{after_query, count_query, finding, page_query, probes};
    let how = finding(store, company, filter).await.expect("finding");
    let page = roster_core::model::Page { index: 3, size: 100 };
    let mut out = Vec::new();
    let probes = probes(company, filter).into_iter().map(|(probe, _)| probe);
    for q in [
        page_query::<B>(company, filter, how, page),
        count_query::<B>(company, filter, how),
        after_query::<B>(company, filter, how, Some(1000), 500),
    ]
    .into_iter()
    .chain(probes)
    {
        out.push(explained(store, &q, explain, column).await);
    }
    out
}

/// The plan of `q`, which must be planned for its arguments each time it runs.
async fn explained<B: Backend>(
    store: &SqlStore<B>,
    q: &super::backend::Sql<'_>,
    explain: &str,
    column: &str,
) -> String {
    assert!(q.is_planned_each_time(), "{}", q.text);
    let mut explained = q.clone();
    explained.text = format!("{explain} {}", q.text).into();
    let rows = explained.fetch_all(&store.read).await.expect("explain");
    let plan: Vec<String> = rows
        .iter()
        .map(|r| r.text(Col::Name(column)).expect("plan row").unwrap_or_default())
        .collect();
    plan.join("\n")
}

/// Checks every case's plans (page, count, batch) of a list of `company`'s people.
pub async fn lookups_and_searches_use_indexes<B: Backend>(
    store: &SqlStore<B>,
    company: CompanyId,
    explain: &str,
    column: &str,
) {
    for (filter, indexes) in cases() {
        let plans = plans(store, company, &filter, explain, column).await;
        let (lists, probes) = plans.split_at(3);
        for plan in probes {
            // A probe reads its own index: never a whole table.
            let scans = |l: &str| {
                let l = l.trim_start();
                l.contains("Seq Scan")
                    || ["people", "person_groups", "tag_instances"]
                        .iter()
                        .any(|t| l.starts_with(&format!("SCAN {t}")))
            };
            assert!(!plan.lines().any(scans), "{filter:?}:\n{plan}");
        }
        for plan in lists {
            for index in &indexes {
                let named = plan
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|w| w == *index);
                assert!(named, "{index}:\n{plan}");
            }
            // No walk of the company: neither its seq index, nor another of its indexes by
            // company alone, nor the table.
            let walks = |l: &str| {
                l.trim_start().starts_with("SCAN p")
                    || l.contains("SCAN people")
                    || l.contains("Seq Scan on people")
                    || l.contains("people_company")
                    || (l.contains("SEARCH p USING") && l.ends_with("(company_id=?)"))
            };
            assert!(!plan.lines().any(walks), "{filter:?}:\n{plan}");
        }
    }
}

/// Checks the project people list's lookups: by origin id, by employee id, and a search (its
/// trigram index `text_index`), each read from its own index, for one project and across the
/// company, never walking a project or the table.
pub async fn project_lookups_use_indexes<B: Backend>(
    store: &SqlStore<B>,
    company: CompanyId,
    explain: &str,
    column: &str,
    text_index: &str,
) {
    use roster_core::model::ProjectPeopleFilter;
    let f = ProjectPeopleFilter::default;
    let cases = [
        (
            ProjectPeopleFilter {
                origin_id: Some("erp-7".into()),
                ..f()
            },
            // (project_id, origin_id) for each of the company's projects, or origin_id alone.
            "project_people_origin",
        ),
        (
            ProjectPeopleFilter {
                employee_id: Some("E-7".into()),
                ..f()
            },
            "project_people_employee_id",
        ),
        (
            ProjectPeopleFilter {
                search: Some("Maria Lo".into()),
                ..f()
            },
            text_index,
        ),
    ];
    for (filter, index) in cases {
        for whole_company in [false, true] {
            let filter = ProjectPeopleFilter {
                whole_company,
                ..filter.clone()
            };
            let (count, page) = super::project_people_list::project_people_queries::<B>(company, 1, &filter, 2, 100);
            for q in [count, page] {
                let plan = explained(store, &q, explain, column).await;
                assert!(plan.contains(index), "{filter:?}: {index}:\n{plan}");
                let walks = |l: &str| {
                    let l = l.trim_start();
                    l.starts_with("SCAN pp")
                        || l.contains("Seq Scan on project_people")
                        || l.contains("project_people_project (project_id=?)")
                        || l.contains("Index Scan using project_people_project")
                };
                assert!(!plan.lines().any(walks), "{filter:?}:\n{plan}");
            }
        }
    }
}
