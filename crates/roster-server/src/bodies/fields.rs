//! The value types of request fields. Each checks its value while serde reads it and describes
//! itself to the OpenAPI document from the same constants (`roster_core::limits`), so the
//! document and the parser cannot disagree. A rule's error carries its detail code; `{field}` in
//! its message becomes the field's path (`bodies::invalid`).
use roster_core::dates::{self, Millis};
use roster_core::limits::MAX_ITEMS;
use roster_core::Invalid;
use serde::de::{self, Deserialize, Deserializer};
use std::marker::PhantomData;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

/// utoipa composes the schema of a generic field type (`Patch<Text<100>>`) through this trait;
/// the wrappers here build theirs from their parameter's own `PartialSchema`.
use utoipa::__dev::ComposeSchema;

/// Separates a rule's detail code from its message in a serde error.
pub(super) const CODE_SEP: char = '\u{1f}';

/// A serde error for a broken rule.
pub(crate) fn fail<E: de::Error>(code: &str, details: impl std::fmt::Display) -> E {
    E::custom(format_args!("{code}{CODE_SEP}{details}"))
}

/// A domain validator's error (called with the field `{field}`) as a serde error.
pub(super) fn refused<E: de::Error>(e: Invalid) -> E {
    fail(e.detail_code, e.details)
}

/// A field of a body that creates or updates: not sent, sent as `null`, or a value. On create
/// `null` counts as not sent (as the seed says, "pass in null"); on update it clears the field.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Patch<T> {
    #[default]
    Absent,
    Null,
    Value(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(d)?.map_or(Patch::Null, Patch::Value))
    }
}

impl<T: PartialSchema> ToSchema for Patch<T> {}

impl<T: PartialSchema> ComposeSchema for Patch<T> {
    fn compose(_: Vec<RefOr<Schema>>) -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(T::schema())
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .into()
    }
}

impl<T> Patch<T> {
    /// The value on create, where `null` and absent both mean "not given".
    pub fn given(self) -> Option<T> {
        match self {
            Patch::Value(v) => Some(v),
            Patch::Absent | Patch::Null => None,
        }
    }

    /// The value of a field create requires.
    pub fn required(self, field: &str) -> Result<T, Invalid> {
        self.given().ok_or_else(|| Invalid::missing(field))
    }

    pub fn is_sent(&self) -> bool {
        !matches!(self, Patch::Absent)
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Patch<U> {
        match self {
            Patch::Absent => Patch::Absent,
            Patch::Null => Patch::Null,
            Patch::Value(v) => Patch::Value(f(v)),
        }
    }

    /// Applies an update to an optional property: absent keeps it, `null` clears it.
    pub fn update(self, target: &mut Option<T>) {
        match self {
            Patch::Absent => {}
            Patch::Null => *target = None,
            Patch::Value(v) => *target = Some(v),
        }
    }

    /// Applies an update to a property that cannot be cleared: `null` is refused.
    pub fn update_required(self, field: &str, target: &mut T) -> Result<(), Invalid> {
        match self {
            Patch::Absent => Ok(()),
            Patch::Null => Err(Invalid::missing(field)),
            Patch::Value(v) => {
                *target = v;
                Ok(())
            }
        }
    }

    /// The new value of a property that cannot be cleared: `None` when absent, `null` refused.
    pub fn update_value(self, field: &str) -> Result<Option<T>, Invalid> {
        match self {
            Patch::Absent => Ok(None),
            Patch::Null => Err(Invalid::missing(field)),
            Patch::Value(v) => Ok(Some(v)),
        }
    }

    /// On create the given value or `None`; on update the value after `update`.
    pub fn apply(self, creating: bool, target: &mut Option<T>) {
        if creating {
            *target = self.given();
        } else {
            self.update(target);
        }
    }
}

pub(super) fn string_schema(max: usize) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String).max_length(Some(max))
}

/// A string of at most `MAX` characters.
#[derive(Debug, Clone, PartialEq)]
pub struct Text<const MAX: usize>(pub String);

impl<'de, const MAX: usize> Deserialize<'de> for Text<MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.chars().count() > MAX {
            return Err(fail(
                "valueTooLong",
                format_args!("`{{field}}` must be at most {MAX} characters"),
            ));
        }
        Ok(Self(s))
    }
}

impl<const MAX: usize> ToSchema for Text<MAX> {}
impl<const MAX: usize> PartialSchema for Text<MAX> {
    fn schema() -> RefOr<Schema> {
        string_schema(MAX).into()
    }
}

/// A name: not blank, at most `MAX` characters, trimmed.
#[derive(Debug, Clone, PartialEq)]
pub struct Name<const MAX: usize>(pub String);

impl<'de, const MAX: usize> Deserialize<'de> for Name<MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Text(s) = Text::<MAX>::deserialize(d)?;
        if s.trim().is_empty() {
            return Err(fail("blankValue", "`{field}` must not be blank"));
        }
        Ok(Self(s.trim().to_owned()))
    }
}

impl<const MAX: usize> ToSchema for Name<MAX> {}
impl<const MAX: usize> PartialSchema for Name<MAX> {
    fn schema() -> RefOr<Schema> {
        string_schema(MAX).min_length(Some(1)).into()
    }
}

/// A finite, non-negative number (wages, rates).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount(pub f64);

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match f64::deserialize(d)? {
            f if f.is_finite() && f >= 0.0 => Ok(Self(f)),
            _ => Err(fail("invalidValue", "`{field}` must be a non-negative number")),
        }
    }
}

impl ToSchema for Amount {}
impl PartialSchema for Amount {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new().schema_type(Type::Number).minimum(Some(0.0)).into()
    }
}

/// An integer from `MIN` to `MAX`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Int<const MIN: i64, const MAX: i64>(pub i64);

impl<'de, const MIN: i64, const MAX: i64> Deserialize<'de> for Int<MIN, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = serde_json::Number::deserialize(d)?;
        match n.as_i64() {
            Some(i) if (MIN..=MAX).contains(&i) => Ok(Self(i)),
            _ => Err(fail(
                "invalidValue",
                format_args!("`{{field}}` must be an integer from {MIN} to {MAX}"),
            )),
        }
    }
}

impl<const MIN: i64, const MAX: i64> ToSchema for Int<MIN, MAX> {}
impl<const MIN: i64, const MAX: i64> PartialSchema for Int<MIN, MAX> {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .minimum(Some(MIN as f64))
            .maximum(Some(MAX as f64))
            .into()
    }
}

/// A date in any of the API's three forms: ISO 8601, a UTC string, or epoch milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct When(pub Millis);

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        let input = match &v {
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => dates::DateInput::Integer(i),
                None => dates::DateInput::Number(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => dates::DateInput::Text(s),
            _ => dates::DateInput::Other,
        };
        dates::parse_flexible(input)
            .map(Self)
            .map_err(|expected| fail("invalidDate", format_args!("`{{field}}` must be {expected}")))
    }
}

impl ToSchema for When {}
impl PartialSchema for When {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(string_schema(dates::MAX_TEXT_LEN))
            .item(ObjectBuilder::new().schema_type(Type::Integer))
            .description(Some(
                "ISO 8601 (`1990-05-15`), a UTC string (`Tue, 15 May 1990 00:00:00 GMT`) or epoch milliseconds",
            ))
            .into()
    }
}

/// A list of at most `MAX_ITEMS`.
#[derive(Debug, Clone, PartialEq)]
pub struct List<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Items<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> de::Visitor<'de> for Items<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element()? {
                    if out.len() == MAX_ITEMS {
                        return Err(fail(
                            "tooManyItems",
                            format_args!("`{{field}}` must have at most {MAX_ITEMS} items"),
                        ));
                    }
                    out.push(item);
                }
                Ok(out)
            }
        }
        d.deserialize_seq(Items(PhantomData)).map(Self)
    }
}

impl<T: PartialSchema> ToSchema for List<T> {}

impl<T: PartialSchema> ComposeSchema for List<T> {
    fn compose(_: Vec<RefOr<Schema>>) -> RefOr<Schema> {
        ArrayBuilder::new().items(T::schema()).max_items(Some(MAX_ITEMS)).into()
    }
}

impl<T> Patch<Option<T>> {
    /// A value that reads as "none" (an empty email) clears like `null`.
    pub fn flatten(self) -> Patch<T> {
        match self {
            Patch::Absent => Patch::Absent,
            Patch::Null | Patch::Value(None) => Patch::Null,
            Patch::Value(Some(v)) => Patch::Value(v),
        }
    }
}

impl<T> Patch<T> {
    /// Applies an update to a property with a default: `null` sets the default.
    pub fn update_or(self, default: T, target: &mut T) {
        match self {
            Patch::Absent => {}
            Patch::Null => *target = default,
            Patch::Value(v) => *target = v,
        }
    }
}

pub use super::contact::{OptEmail, OptPhone, Timezone};

pub use super::ids::*;

/// One of the values a string property may take (`REASONS`, `Repeat::OPTIONS`), listed once in
/// the domain and described from there.
macro_rules! choice {
    ($name:ident, $options:expr, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name(pub String);

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(d)?;
                if $options.contains(&s.as_str()) {
                    Ok(Self(s))
                } else {
                    Err($crate::bodies::fields::fail(
                        "invalidValue",
                        format_args!("`{{field}}` must be one of: {}", $options.join(", ")),
                    ))
                }
            }
        }

        impl utoipa::ToSchema for $name {}
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some($options.iter().copied()))
                    .into()
            }
        }
    };
}
pub(crate) use choice;
