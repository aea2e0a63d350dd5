#![allow(clippy::unwrap_used)]
//! All HTTP API tests in one binary: each starts the real server on an ephemeral port over a fresh
//! store (a SQLite file, or a PostgreSQL database when `ROSTER_TEST_POSTGRES` is set) and talks HTTP to it.
mod helpers;
mod invitations;
mod lifecycle;
mod login_companies;
mod logins;
mod smtp;

mod anonymous;
mod auth;
mod availability;
mod basic_auth;
mod catalog;
mod catalog_shapes;
mod cli;
mod concurrency;
mod connections;
mod crash;
mod custom_fields;
mod custom_values;
mod oauth_flow;
mod oauth_helpers;
mod oauth_races;
mod oauth_tokens;
mod openapi;
mod people_create;
mod people_membership;
mod people_read;
mod people_rules;
mod people_update;
mod people_update_links;
mod people_update_races;
mod process;
mod procore_me;
mod procore_people;
mod procore_people_lists;
mod procore_projects;
mod procore_sdk;
mod procore_search;
mod rate_limit;
mod scale_out;
mod secrets_in_logs;
mod storage_faults;
mod tenancy;
mod tenant_matrix;
mod time_off;
