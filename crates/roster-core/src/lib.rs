//! Roster's domain: typed ids, validated inputs, password policy, the `Store` contract.
//! Nothing here knows about HTTP or SQL.

pub mod dates;
pub mod email;
pub mod error;
pub mod ids;
pub mod limits;
pub mod model;
pub mod paging;
pub mod password;
pub mod phone;
pub mod secrets;
pub mod store;

pub use error::{Invalid, StoreError};
pub use ids::*;
pub use store::{
    CatalogStore, CompanyStore, CustomFieldStore, Edit, Invite, LoginStore, MembershipStore, OAuthStore,
    OperationsStore, OutboxStore, PeopleStore, PersonUpdate, ProjectStore, RateLimitStore, Reset, Store, SweepPolicy,
    SweepStore, Swept, TimeOffStore,
};
