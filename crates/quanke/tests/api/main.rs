//! The one integration-test binary: the real application, started per test on `127.0.0.1:0` with
//! its own database. Every storage-touching test runs on SQLite and, when `QUANKE_TEST_PG` is
//! set, on PostgreSQL too.

mod helpers;

mod admin;
mod api;
mod auth;
mod cases;
mod catalog;
mod catalog_cli;
mod cli;
mod events;
mod grid;
mod intake;
mod pages;
mod queue;
mod residents;
mod training;
