//! The web app's search of people (`PersonFilter::search`): a prefix search of each word,
//! answered from the indexes of migration 0015 rather than by reading the company's people.
use super::backend::{Backend, Sql};
use roster_core::CompanyId;

/// `text%` for `LIKE … ESCAPE '\'`, the text's own `%`, `_` and `\` taken literally.
fn prefix_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// Above every character: `prefix || MAX_CHAR` bounds the strings that begin with `prefix`.
const MAX_CHAR: &str = "\u{10FFFF}";

/// The indexed columns a search word begins (each `… , lower(<column>)` in migration 0015).
const SEARCHED: [&str; 4] = [
    "lower(first_name)",
    "lower(last_name)",
    "email_norm",
    "lower(employee_number)",
];

/// The company's people whose `column` begins with `prefix` (lowercased by the database, as the
/// index is), as a range of the index.
fn push_prefix<B: Backend>(qb: &mut Sql<'_>, company: CompanyId, column: &str, prefix: &str, lower: bool) {
    let (open, close) = if lower { ("lower(", ")") } else { ("", "") };
    let col = format!("{column}{}", B::BYTE_ORDER);
    qb.push("SELECT id FROM people WHERE company_id = ")
        .push_bind(company.to_string())
        .push(&format!(" AND {col} >= {open}"))
        .push_bind(prefix.to_owned())
        .push(&format!("{close} AND {col} < {open}"))
        .push_bind(prefix.to_owned())
        .push(&format!("{close} || "))
        .push_bind(MAX_CHAR);
}

/// The web app's search (`PersonFilter::search`), answered from indexes: each word begins the
/// first name, last name, email or employee number (in any letter case; the longest word is
/// looked up, the others checked on what it finds). Text that is a phone number (3 digits or more,
/// with `+ - ( ) .` and spaces) begins the phone, with or without its country code `+1`, or the
/// employee number.
pub(super) fn push_search<B: Backend>(qb: &mut Sql<'_>, company: CompanyId, text: &str) {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let phone_like = digits.len() >= 3 && text.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    qb.push(" AND p.id IN (");
    if phone_like {
        push_prefix::<B>(qb, company, "lower(employee_number)", text, true);
        for prefix in [format!("+{digits}"), format!("+1{digits}")] {
            qb.push(" UNION ALL ");
            push_prefix::<B>(qb, company, "phone", &prefix, false);
        }
        qb.push(")");
        return;
    }
    let words: Vec<&str> = text.split_whitespace().take(5).collect();
    let longest = words.iter().copied().max_by_key(|w| w.len()).unwrap_or(text);
    for (i, column) in SEARCHED.iter().enumerate() {
        if i > 0 {
            qb.push(" UNION ALL ");
        }
        push_prefix::<B>(qb, company, column, longest, true);
    }
    qb.push(")");
    if words.len() > 1 {
        let like = B::LIKE;
        for word in words {
            let pattern = prefix_pattern(word);
            qb.push(" AND (");
            for (i, column) in ["p.first_name", "p.last_name", "p.email_norm", "p.employee_number"]
                .iter()
                .enumerate()
            {
                if i > 0 {
                    qb.push(" OR ");
                }
                qb.push(&format!("{column} {like} "))
                    .push_bind(pattern.clone())
                    .push(" ESCAPE '\\'");
            }
            qb.push(")");
        }
    }
}
