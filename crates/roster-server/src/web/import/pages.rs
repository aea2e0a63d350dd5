//! The import's pages: the upload form, the preview (the columns' mapping and every row's
//! problems, before anything is written), and the import's progress and report.
use super::job::Job;
use super::sheet::{Target, MAX_CSV};
use crate::web::layout::{page, Bar};
use maud::{html, Markup};
use roster_core::PersonId;

/// Rows without a problem the preview lists (every row with one is listed).
const FINE_ROWS_SHOWN: usize = 20;

fn upload_form(csrf: &str) -> Markup {
    html! {
        form method="post" action="/people/import/preview" enctype="multipart/form-data" {
            input type="hidden" name="csrf_token" value=(csrf);
            label for="file" { "CSV file" }
            input #file type="file" name="file" accept=".csv,text/csv" required;
            p { button type="submit" { "Preview" } }
        }
    }
}

pub fn upload(csrf: &str, bar: &Bar<'_>, problem: Option<&str>) -> Markup {
    page(
        "Import people",
        csrf,
        Some(bar),
        html! {
            main {
                h1 { "Import people" }
                p {
                    "A CSV file whose first line names the columns (at most " (MAX_CSV / 1024 / 1024) " MB). "
                    "Each row updates the person with its employee number, else with its email, or creates a new person. "
                    "An empty cell leaves a person's value as it is. Nothing is written until you have seen the preview."
                }
                @if let Some(p) = problem { p.alert role="alert" { (p) } }
                (upload_form(csrf))
            }
        },
    )
}

/// One row as the preview shows it.
pub struct PreviewRow {
    pub line: usize,
    pub name: String,
    /// `Ok(None)` creates, `Ok(Some(id))` updates that person, `Err` is the problem.
    pub does: Result<Option<PersonId>, String>,
}

/// The preview: the CSV (sent back with the form, so nothing is kept between pages), its columns
/// and their targets, and the rows.
pub struct Preview<'a> {
    pub csv: &'a str,
    pub header: &'a [String],
    pub samples: Vec<&'a str>,
    pub mapping: &'a [Target],
    pub targets: &'a [(Target, String)],
    pub rows: &'a [PreviewRow],
    pub problem: Option<&'a str>,
}

pub fn preview(csrf: &str, bar: &Bar<'_>, p: &Preview<'_>) -> Markup {
    let refused = p.rows.iter().filter(|r| r.does.is_err()).count();
    let updates = p.rows.iter().filter(|r| matches!(r.does, Ok(Some(_)))).count();
    let creates = p.rows.len() - refused - updates;
    let shown = p
        .rows
        .iter()
        .filter(|r| r.does.is_err())
        .chain(p.rows.iter().filter(|r| r.does.is_ok()).take(FINE_ROWS_SHOWN));
    page(
        "Import preview",
        csrf,
        Some(bar),
        html! {
            main {
                h1 { "Import preview" }
                p #import-summary {
                    (p.rows.len()) " rows: " (creates) " new people, " (updates) " updates, "
                    strong { (refused) " with problems" } " (not imported)."
                }
                @if let Some(problem) = p.problem { p.alert role="alert" { (problem) } }
                form method="post" action="/people/import/start" enctype="multipart/form-data" {
                    input type="hidden" name="csrf_token" value=(csrf);
                    input type="hidden" name="csv" value=(p.csv);
                    h2 { "Columns" }
                    table {
                        thead { tr { th { "Column" } th { "First value" } th { "Imported as" } } }
                        tbody {
                            @for (i, header) in p.header.iter().enumerate() {
                                tr {
                                    td { label for={ "map-" (i) } { (header) } }
                                    td { (p.samples.get(i).copied().unwrap_or("")) }
                                    td {
                                        select id={ "map-" (i) } name={ "map." (i) } {
                                            @for (t, label) in p.targets {
                                                option value=(t.key()) selected[p.mapping.get(i) == Some(t)] { (label) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    p {
                        button.secondary type="submit" formaction="/people/import/preview" { "Check again" }
                        " "
                        button type="submit" { "Import " (p.rows.len() - refused) " rows" }
                    }
                }
                h2 { "Rows" }
                table #import-rows {
                    thead { tr { th { "Row" } th { "Name" } th { "Does" } } }
                    tbody {
                        @for r in shown {
                            tr.refused[r.does.is_err()] {
                                td { (r.line) }
                                td { (r.name) }
                                td {
                                    @match &r.does {
                                        Ok(None) => "creates a person",
                                        Ok(Some(id)) => { "updates " a href={ "/people/" (id) } { "this person" } },
                                        Err(problem) => span.field-error { (problem) },
                                    }
                                }
                            }
                        }
                    }
                }
                @if p.rows.len() > refused + FINE_ROWS_SHOWN { p.muted { "Every row with a problem is listed; of the others, the first " (FINE_ROWS_SHOWN) "." } }
                h2 { "Another file" }
                (upload_form(csrf))
            }
        },
    )
}

/// The import's progress (live with htmx: the section reloads itself until the import ends);
/// when it has ended, the counts and the report.
pub fn progress(csrf: &str, bar: &Bar<'_>, job: &Job) -> Markup {
    let (done, ended) = (job.done(), job.ended());
    let this = format!("/people/import/{}", job.id);
    page(
        "Importing",
        csrf,
        Some(bar),
        html! {
            main {
                h1 { "Import" }
                @if ended {
                    section #import-progress {
                        progress value=(done) max=(job.total) { (done) " of " (job.total) }
                        p #import-done role="status" {
                            "The import has ended: "
                            @for (i, (kind, n)) in job.counts().iter().enumerate() {
                                @if i > 0 { ", " }
                                (n) " " (kind.as_str())
                            }
                            "."
                        }
                        p { a #import-report href={ (this) "/report.csv" } download { "Download the report (CSV)" } " · " a href="/people" { "People" } }
                    }
                } @else {
                    section #import-progress hx-get=(this) hx-trigger="every 500ms" hx-select="#import-progress" hx-swap="outerHTML" {
                        label for="import-bar" { "Imported " (done) " of " (job.total) " rows" }
                        progress #import-bar value=(done) max=(job.total) { (done) " of " (job.total) }
                        noscript { p { a href=(this) { "Refresh" } } }
                    }
                }
            }
        },
    )
}

/// The report: a line for every row, in file order.
pub fn report(job: &Job) -> String {
    let mut out = String::from("row,outcome,person_id,reason\r\n");
    for o in job.outcomes() {
        let person = o.person.map(|p| p.to_string()).unwrap_or_default();
        out.push_str(&format!("{},{},{person},", o.line, o.kind.as_str()));
        crate::web::people::csv_field(&mut out, &o.reason);
        out.push_str("\r\n");
    }
    out
}
