//! Reading a JSON request body field by field, so every wrong or missing value becomes a 400
//! that names its field. `null` counts as absent, as the seed asks ("pass in null").
use crate::dates::{self, Millis};
use crate::Invalid;
use serde_json::{Map, Value};
use std::str::FromStr;

pub use crate::limits::{MAX_NAME, MAX_TEXT};

pub struct Body<'a> {
    map: &'a Map<String, Value>,
}

impl<'a> Body<'a> {
    pub fn object(v: &'a Value) -> Result<Self, Invalid> {
        v.as_object()
            .map(|map| Self { map })
            .ok_or_else(|| Invalid::new("body", "invalidBody", "The request body must be a JSON object"))
    }

    fn get(&self, k: &str) -> Option<&'a Value> {
        self.map.get(k).filter(|v| !v.is_null())
    }

    /// Whether the key was sent at all, `null` included (partial updates clear with `null`).
    pub fn sent(&self, k: &str) -> bool {
        self.map.contains_key(k)
    }

    /// The first of `keys` that was sent, for fields with two accepted spellings.
    pub fn first_sent<'k>(&self, keys: &[&'k str]) -> Option<&'k str> {
        keys.iter().copied().find(|k| self.sent(k))
    }

    pub fn required<T>(&self, k: &str, read: impl Fn(&Self, &str) -> Result<Option<T>, Invalid>) -> Result<T, Invalid> {
        read(self, k)?.ok_or_else(|| Invalid::missing(k))
    }

    /// A string of at most `max` characters; a required one must not be blank.
    pub fn text(&self, k: &str, max: usize) -> Result<Option<String>, Invalid> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::String(s)) if s.chars().count() > max => Err(Invalid::new(
                k,
                "valueTooLong",
                format!("`{k}` must be at most {max} characters"),
            )),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(Invalid::wrong_type(k, "a string")),
        }
    }

    /// A non-blank string, trimmed (names).
    pub fn name(&self, k: &str, max: usize) -> Result<Option<String>, Invalid> {
        match self.text(k, max)? {
            Some(s) if s.trim().is_empty() => Err(Invalid::new(k, "blankValue", format!("`{k}` must not be blank"))),
            other => Ok(other.map(|s| s.trim().to_owned())),
        }
    }

    pub fn boolean(&self, k: &str) -> Result<Option<bool>, Invalid> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(_) => Err(Invalid::wrong_type(k, "a boolean")),
        }
    }

    /// A finite, non-negative number.
    pub fn amount(&self, k: &str) -> Result<Option<f64>, Invalid> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_f64() {
                Some(f) if f.is_finite() && f >= 0.0 => Ok(Some(f)),
                _ => Err(Invalid::new(
                    k,
                    "invalidValue",
                    format!("`{k}` must be a non-negative number"),
                )),
            },
            Some(_) => Err(Invalid::wrong_type(k, "a non-negative number")),
        }
    }

    pub fn integer(&self, k: &str, min: i64, max: i64) -> Result<Option<i64>, Invalid> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) if (min..=max).contains(&i) => Ok(Some(i)),
                _ => Err(Invalid::new(
                    k,
                    "invalidValue",
                    format!("`{k}` must be an integer from {min} to {max}"),
                )),
            },
            Some(_) => Err(Invalid::wrong_type(k, "an integer")),
        }
    }

    pub fn id<T: FromStr>(&self, k: &str) -> Result<Option<T>, Invalid> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::String(s)) => s.parse().map(Some).map_err(|_| Invalid::wrong_type(k, "a UUID string")),
            Some(_) => Err(Invalid::wrong_type(k, "a UUID string")),
        }
    }

    /// An array of UUID strings, duplicates removed (order kept).
    pub fn ids<T: FromStr + PartialEq>(&self, k: &str) -> Result<Option<Vec<T>>, Invalid> {
        let Some(items) = self.array(k)? else {
            return Ok(None);
        };
        let mut out: Vec<T> = Vec::with_capacity(items.len());
        for v in items {
            let id = v
                .as_str()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| Invalid::wrong_type(k, "an array of UUID strings"))?;
            if !out.contains(&id) {
                out.push(id);
            }
        }
        Ok(Some(out))
    }

    pub fn texts(&self, k: &str, max: usize) -> Result<Option<Vec<String>>, Invalid> {
        let Some(items) = self.array(k)? else {
            return Ok(None);
        };
        items
            .iter()
            .map(|v| match v.as_str() {
                Some(s) if s.chars().count() <= max => Ok(s.to_owned()),
                _ => Err(Invalid::wrong_type(
                    k,
                    &format!("an array of strings of at most {max} characters"),
                )),
            })
            .collect::<Result<_, _>>()
            .map(Some)
    }

    pub fn array(&self, k: &str) -> Result<Option<&'a Vec<Value>>, Invalid> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::Array(a)) if a.len() > 1000 => Err(Invalid::new(
                k,
                "tooManyItems",
                format!("`{k}` must have at most 1000 items"),
            )),
            Some(Value::Array(a)) => Ok(Some(a)),
            Some(_) => Err(Invalid::wrong_type(k, "an array")),
        }
    }

    pub fn date(&self, k: &str) -> Result<Option<Millis>, Invalid> {
        match self.get(k) {
            None => Ok(None),
            Some(v) => dates::parse_flexible(v)
                .map(Some)
                .map_err(|expected| Invalid::new(k, "invalidDate", format!("`{k}` must be {expected}"))),
        }
    }

    /// One of a fixed set of strings.
    pub fn choice(&self, k: &str, options: &[&'static str]) -> Result<Option<&'static str>, Invalid> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::String(s)) => options.iter().copied().find(|o| o == s).map(Some).ok_or_else(|| {
                Invalid::new(
                    k,
                    "invalidValue",
                    format!("`{k}` must be one of: {}", options.join(", ")),
                )
            }),
            Some(_) => Err(Invalid::wrong_type(k, "a string")),
        }
    }

    /// A nested object, for `tag_instances[i]` and the like.
    pub fn nested(v: &'a Value, field: &str) -> Result<Self, Invalid> {
        v.as_object()
            .map(|map| Self { map })
            .ok_or_else(|| Invalid::wrong_type(field, "an object"))
    }
}

/// Prefixes the field of an error from a nested body (`tag_instances[0].tag_id`).
pub fn within(prefix: &str, mut e: Invalid) -> Invalid {
    let inner = std::mem::take(&mut e.field);
    let full = format!("{prefix}.{inner}");
    e.details = e.details.replace(&format!("`{inner}`"), &format!("`{full}`"));
    e.field = full;
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_the_field() {
        let v = json!({"a": 1, "b": "x", "n": null, "ids": ["nope"]});
        let b = Body::object(&v).unwrap();
        assert_eq!(b.text("a", 10).unwrap_err().field, "a");
        assert_eq!(b.boolean("b").unwrap_err().detail_code, "invalidFieldType");
        assert_eq!(b.text("n", 10).unwrap(), None);
        assert!(b.sent("n"));
        assert_eq!(
            b.required("missing", |b, k| b.text(k, 5)).unwrap_err().detail_code,
            "missingRequiredField"
        );
        assert!(b.ids::<crate::GroupId>("ids").is_err());
        assert_eq!(
            within("tag_instances[0]", Invalid::missing("tag_id")).field,
            "tag_instances[0].tag_id"
        );
    }
}
