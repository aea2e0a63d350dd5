pub mod company;
pub mod group;
pub mod job_title;
pub mod login;
pub mod person;
pub mod project;
pub mod tag;

pub use company::*;
pub use group::*;
pub use job_title::*;
pub use login::*;
pub use person::*;
pub use project::*;
pub use tag::*;

/// Sets `$target` from the body when the key was sent (partial updates), or always on create
/// (so absent optional fields become `None`).
macro_rules! set_if_sent {
    ($body:expr, $creating:expr, $target:expr, $key:expr, $read:expr) => {
        if $creating || $body.sent($key) {
            $target = $read?;
        }
    };
}
pub(crate) use set_if_sent;
