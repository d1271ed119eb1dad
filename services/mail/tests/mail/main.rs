//! The one integration-test binary of lotse-mail.

mod calendar;
mod dates;
mod fixtures;
mod message;
mod render;
mod smtp;
mod transports;
