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

/// Checks every case's plan of a list of `company`'s people; `explain` is the backend's prefix
/// (`EXPLAIN QUERY PLAN`, `EXPLAIN`), `column` the plan row's text column.
pub async fn lookups_and_searches_use_indexes<B: Backend>(
    store: &SqlStore<B>,
    company: CompanyId,
    explain: &str,
    column: &str,
) {
    for (filter, indexes) in cases() {
        let list = super::people::list_query::<B>(company, &filter);
        let mut q = list.clone();
        q.text = format!("{explain} {}", list.text).into();
        let rows = q.fetch_all(&store.read).await.expect("explain");
        let plan: Vec<String> = rows
            .iter()
            .map(|r| r.text(Col::Name(column)).expect("plan row").unwrap_or_default())
            .collect();
        let plan = plan.join("\n");
        for index in indexes {
            let named = plan
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| w == index);
            assert!(named, "{index}:\n{plan}");
        }
        assert!(!plan.contains("people_company"), "{plan}");
        let walks = |l: &str| {
            l.trim_start().starts_with("SCAN p") || l.contains("SCAN people") || l.contains("Seq Scan on people")
        };
        assert!(!plan.lines().any(walks), "{plan}");
    }
}
