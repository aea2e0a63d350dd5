pub mod calendar;
pub mod company;
pub mod group;
pub mod job_title;
pub mod login;
pub mod person;
pub mod project;
pub mod tag;
pub mod time_off;

pub use company::*;
pub use group::*;
pub use job_title::*;
pub use login::*;
pub use person::*;
pub use project::*;
pub use tag::*;
pub use time_off::*;
