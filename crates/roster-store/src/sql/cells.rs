//! Reading a row's cells, whatever the backend's row type: `Cells` is implemented per backend,
//! `get` reads a typed value from any of them.
use roster_core::store::StoreResult;
use roster_core::StoreError;

/// A column of a row: by name, or by position (`0` for a scalar).
#[derive(Clone, Copy)]
pub enum Col<'a> {
    Name(&'a str),
    At(usize),
}

impl<'a> From<&'a str> for Col<'a> {
    fn from(name: &'a str) -> Self {
        Col::Name(name)
    }
}
impl From<usize> for Col<'_> {
    fn from(i: usize) -> Self {
        Col::At(i)
    }
}
impl std::fmt::Display for Col<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Col::Name(n) => f.write_str(n),
            Col::At(i) => write!(f, "#{i}"),
        }
    }
}

/// Reading a row's cells: implemented by each backend's row type (and rusqlite's, for SQLite's
/// direct reads), so the row decoding is written once.
pub trait Cells {
    fn text(&self, col: Col) -> StoreResult<Option<String>>;
    fn int(&self, col: Col) -> StoreResult<Option<i64>>;
    fn real(&self, col: Col) -> StoreResult<Option<f64>>;
    fn boolean(&self, col: Col) -> StoreResult<Option<bool>>;
}

/// A type a cell decodes to.
pub trait FromCell: Sized {
    fn from_cell<R: Cells + ?Sized>(row: &R, col: Col) -> StoreResult<Self>;
}

fn null_in(col: Col) -> StoreError {
    StoreError::Other(format!("unexpected NULL in column {col}"))
}

/// A non-null cell value: `T` decodes it or fails on NULL, `Option<T>` takes NULL as `None`.
pub trait Cell: Sized {
    fn read<R: Cells + ?Sized>(row: &R, col: Col) -> StoreResult<Option<Self>>;
}

impl Cell for String {
    fn read<R: Cells + ?Sized>(row: &R, col: Col) -> StoreResult<Option<Self>> {
        row.text(col)
    }
}
impl Cell for i64 {
    fn read<R: Cells + ?Sized>(row: &R, col: Col) -> StoreResult<Option<Self>> {
        row.int(col)
    }
}
impl Cell for f64 {
    fn read<R: Cells + ?Sized>(row: &R, col: Col) -> StoreResult<Option<Self>> {
        row.real(col)
    }
}
impl Cell for bool {
    fn read<R: Cells + ?Sized>(row: &R, col: Col) -> StoreResult<Option<Self>> {
        row.boolean(col)
    }
}

impl Cell for i32 {
    fn read<R: Cells + ?Sized>(row: &R, col: Col) -> StoreResult<Option<Self>> {
        row.int(col)?
            .map(|n| i32::try_from(n).map_err(|_| StoreError::Other(format!("{n} in column {col} is out of range"))))
            .transpose()
    }
}

impl<T: Cell> FromCell for T {
    fn from_cell<R: Cells + ?Sized>(row: &R, col: Col) -> StoreResult<Self> {
        T::read(row, col)?.ok_or_else(|| null_in(col))
    }
}
impl<T: Cell> FromCell for Option<T> {
    fn from_cell<R: Cells + ?Sized>(row: &R, col: Col) -> StoreResult<Self> {
        T::read(row, col)
    }
}

/// A cell of a row.
pub(crate) fn get<'c, T: FromCell>(row: &(impl Cells + ?Sized), col: impl Into<Col<'c>>) -> StoreResult<T> {
    T::from_cell(row, col.into())
}
