//! The participant API over HTTP, against a real DynamoDB API (moto).

mod attempts;
mod bad_input;
mod caching;
mod concurrency;
mod contest_loading;
mod fair_play;
mod faults;
mod flow;
mod keys;
mod openapi;
mod organizer;
mod paperwork;
mod privacy;
mod registration;
mod running;
mod security;
