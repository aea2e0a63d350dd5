//! A CSV of people as the import reads it: the header and rows, each column mapped to a person
//! field (guessed from the header, changed on the preview), and each row turned into the API's
//! person body, so that the rules and messages are Create Person's and Update Person's.
use crate::web::person::{custom_json, CHECKBOXES, TEXT_FIELDS};
use roster_core::model::{CustomField, FieldType, Group, JobTitle};
use serde_json::{Map, Value};

/// The largest file taken (about 30,000 rows of a dozen columns).
pub const MAX_CSV: usize = 5 * 1024 * 1024;
/// The most rows one import takes.
pub const MAX_ROWS: usize = 50_000;

/// A CSV read: its header and data rows (each with its number as a spreadsheet shows it: the
/// header is row 1, the first data row 2; blank rows are skipped), every cell trimmed.
#[derive(Debug)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug)]
pub struct Row {
    /// The row's number in the spreadsheet (the header is 1).
    pub line: usize,
    pub cells: Vec<String>,
}

impl Row {
    pub fn cell(&self, column: usize) -> &str {
        self.cells.get(column).map_or("", String::as_str)
    }
}

/// Reads CSV text (a UTF-8 byte order mark is skipped). A row may have fewer cells than the
/// header (the rest are empty), not more.
pub fn read(text: &str) -> Result<Sheet, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(|c| c.trim().to_owned()).collect(),
        Some(Err(e)) => return Err(format!("The file is not CSV Roster can read: {e}")),
        None => return Err("The file is empty: the first line must name the columns.".into()),
    };
    let mut rows = Vec::new();
    for (i, record) in records.enumerate() {
        let record = record.map_err(|e| format!("The file is not CSV Roster can read: {e}"))?;
        let line = i + 2;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() > header.len() {
            return Err(format!(
                "Row {line} has {} cells, more than the {} columns the first line names.",
                record.len(),
                header.len()
            ));
        }
        if rows.len() == MAX_ROWS {
            return Err(format!("The file has more than {MAX_ROWS} rows: split it in parts."));
        }
        rows.push(Row {
            line,
            cells: record.iter().map(|c| c.trim().to_owned()).collect(),
        });
    }
    Ok(Sheet { header, rows })
}

/// What a column is imported as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Ignore,
    /// A text property of the person body (`first_name`, `email`, …).
    Text(&'static str),
    /// A yes/no property (`is_assignable`, `can_recieve_*`).
    Flag(&'static str),
    Status,
    /// Group names, separated by `;`.
    Groups,
    /// A job title's name.
    JobTitle,
    HourlyWage,
    /// A date property (`hired_date`, `dob`).
    Date(&'static str),
    /// A people custom field, by integration name.
    Custom(String),
}

const DATES: &[(&str, &str)] = &[("hired_date", "Hired date"), ("dob", "Date of birth")];

impl Target {
    /// The value of a mapping select.
    pub fn key(&self) -> String {
        match self {
            Target::Ignore => "ignore".into(),
            Target::Text(k) | Target::Flag(k) | Target::Date(k) => (*k).into(),
            Target::Status => "status".into(),
            Target::Groups => "groups".into(),
            Target::JobTitle => "job_title".into(),
            Target::HourlyWage => "hourly_wage".into(),
            Target::Custom(name) => format!("custom.{name}"),
        }
    }

    /// Every target there is for a company with these people fields, with its label.
    pub fn all(fields: &[CustomField]) -> Vec<(Target, String)> {
        let mut all = vec![(Target::Ignore, "(not imported)".to_owned())];
        all.extend(TEXT_FIELDS.iter().map(|(k, l)| (Target::Text(k), (*l).to_owned())));
        all.push((Target::Status, "Status".into()));
        all.push((Target::Groups, "Groups".into()));
        all.push((Target::JobTitle, "Job title".into()));
        all.push((Target::HourlyWage, "Hourly wage".into()));
        all.extend(DATES.iter().map(|(k, l)| (Target::Date(k), (*l).to_owned())));
        all.extend(CHECKBOXES.iter().map(|(k, l)| (Target::Flag(k), (*l).to_owned())));
        all.extend(
            fields
                .iter()
                .filter(|f| f.on_people)
                .map(|f| (Target::Custom(f.integration_name.clone()), f.name.clone())),
        );
        all
    }

    /// The target a mapping select names.
    pub fn from_key(key: &str, fields: &[CustomField]) -> Option<Target> {
        Self::all(fields).into_iter().map(|(t, _)| t).find(|t| t.key() == key)
    }

    /// The target a header names (its key or label, in any case, `-` or space for `_`; the
    /// export's own header reads back), else `Ignore`.
    pub fn guess(header: &str, fields: &[CustomField]) -> Target {
        let norm = |s: &str| s.trim().to_lowercase().replace([' ', '-'], "_");
        let h = norm(header);
        let h = match h.as_str() {
            "group" | "group_names" => "groups".to_owned(),
            "job_title_name" | "title" => "job_title".to_owned(),
            "phone_number" | "mobile" => "phone".to_owned(),
            "email_address" => "email".to_owned(),
            _ => h,
        };
        Self::all(fields)
            .into_iter()
            .find(|(t, label)| {
                let key = t.key();
                *t != Target::Ignore
                    && (norm(&key) == h || norm(key.trim_start_matches("custom.")) == h || norm(label) == h)
            })
            .map_or(Target::Ignore, |(t, _)| t)
    }
}

/// What the rows are read against: the company's groups, job titles and people fields.
pub struct Catalogs {
    pub groups: Vec<Group>,
    pub titles: Vec<JobTitle>,
    pub fields: Vec<CustomField>,
}

fn yes_no(cell: &str) -> Option<bool> {
    match cell.to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "x" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// A row as the API's person body: each mapped, non-empty cell is a key (an empty cell leaves
/// the person's value as it is); a new person is not a user, and is `active` and assignable
/// unless the row says otherwise. A cell naming an unknown group or job title, or a yes/no that
/// is neither, is refused here with the column's header.
pub fn body(row: &Row, header: &[String], mapping: &[Target], c: &Catalogs, new: bool) -> Result<Value, String> {
    let mut body = Map::new();
    if new {
        body.insert("is_user".into(), false.into());
        body.insert("is_assignable".into(), true.into());
        body.insert("status".into(), "active".into());
        body.insert("group_ids".into(), Value::Array(Vec::new()));
    }
    for (column, target) in mapping.iter().enumerate() {
        let cell = row.cell(column);
        if cell.is_empty() || *target == Target::Ignore {
            continue;
        }
        let named = || header.get(column).map_or("", String::as_str);
        let (key, value): (String, Value) = match target {
            Target::Ignore => continue,
            Target::Text(k) => ((*k).into(), cell.into()),
            Target::Date(k) => ((*k).into(), cell.into()),
            Target::Status => ("status".into(), cell.to_lowercase().into()),
            Target::Flag(k) => {
                let b = yes_no(cell).ok_or_else(|| format!("{}: \"{cell}\" is neither yes nor no", named()))?;
                ((*k).into(), b.into())
            }
            Target::HourlyWage => (
                "hourly_wage".into(),
                cell.parse::<f64>().map_or(Value::from(cell), Value::from),
            ),
            Target::Groups => {
                let mut ids = Vec::new();
                for name in cell.split(';').map(str::trim).filter(|n| !n.is_empty()) {
                    let g = c.groups.iter().find(|g| g.name.eq_ignore_ascii_case(name));
                    let g = g.ok_or_else(|| format!("{}: there is no group named \"{name}\"", named()))?;
                    ids.push(Value::from(g.id.to_string()));
                }
                ("group_ids".into(), ids.into())
            }
            Target::JobTitle => {
                let t = c.titles.iter().find(|t| t.name.eq_ignore_ascii_case(cell));
                let t = t.ok_or_else(|| format!("{}: there is no job title named \"{cell}\"", named()))?;
                ("job_title_id".into(), t.id.to_string().into())
            }
            Target::Custom(name) => {
                let Some(f) = c.fields.iter().find(|f| &f.integration_name == name) else {
                    continue;
                };
                let text = match (f.field_type, yes_no(cell)) {
                    (FieldType::Bool, Some(b)) => b.to_string(),
                    _ => cell.to_owned(),
                };
                (name.clone(), custom_json(f, &text))
            }
        };
        body.insert(key, value);
    }
    Ok(Value::Object(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_is_read_with_quotes_a_bom_and_short_rows() {
        let s = read("\u{feff}first_name,last_name,email\n\"Ann, Jr\",Lee,a@x.io\n\nBo,Ek\n").unwrap();
        assert_eq!(s.header, ["first_name", "last_name", "email"]);
        assert_eq!(s.rows.len(), 2);
        assert_eq!((s.rows[0].line, s.rows[0].cell(0)), (2, "Ann, Jr"));
        // The csv crate skips a blank row.
        assert_eq!((s.rows[1].line, s.rows[1].cell(2)), (3, ""));
        assert!(read("a,b\n1,2,3\n").unwrap_err().contains("Row 2 has 3 cells"));
        assert!(read("").unwrap_err().contains("empty"));
    }

    #[test]
    fn headers_are_guessed_from_keys_labels_and_the_exports_header() {
        let g = |h| Target::guess(h, &[]);
        assert_eq!(g("First name"), Target::Text("first_name"));
        assert_eq!(g("EMPLOYEE-NUMBER"), Target::Text("employee_number"));
        assert_eq!(g("groups"), Target::Groups);
        assert_eq!(g("Job title"), Target::JobTitle);
        assert_eq!(g("status"), Target::Status);
        assert_eq!(g("procore_person_id"), Target::Ignore);
        assert_eq!(g("login"), Target::Ignore);
        assert_eq!(Target::from_key("hired_date", &[]), Some(Target::Date("hired_date")));
        assert_eq!(Target::from_key("nope", &[]), None);
    }

    #[test]
    fn a_row_becomes_the_apis_body() {
        let sheet = read("first_name,last_name,is_assignable,status,notes\nAnn,Lee,no,Inactive,x\n").unwrap();
        let mapping: Vec<Target> = sheet.header.iter().map(|h| Target::guess(h, &[])).collect();
        let c = Catalogs {
            groups: vec![],
            titles: vec![],
            fields: vec![],
        };
        let new = body(&sheet.rows[0], &sheet.header, &mapping, &c, true).unwrap();
        assert_eq!(
            new,
            serde_json::json!({"first_name": "Ann", "last_name": "Lee", "is_user": false,
                "is_assignable": false, "status": "inactive", "group_ids": []})
        );
        let update = body(&sheet.rows[0], &sheet.header, &mapping, &c, false).unwrap();
        assert!(update.get("is_user").is_none() && update.get("group_ids").is_none());
        let bad = read("is_assignable,groups\nmaybe,\n,Crew\n").unwrap();
        let mapping = [Target::Flag("is_assignable"), Target::Groups];
        let e = body(&bad.rows[0], &bad.header, &mapping, &c, true).unwrap_err();
        assert_eq!(e, "is_assignable: \"maybe\" is neither yes nor no");
        let e = body(&bad.rows[1], &bad.header, &mapping, &c, true).unwrap_err();
        assert_eq!(e, "groups: there is no group named \"Crew\"");
    }
}
