//! The metadata blocks that precede the events: section header, machine info, interface,
//! user/group, process and fd lists.

pub mod fds;
pub mod interfaces;
pub mod machine;
pub mod section;
pub mod threads;
pub mod users;
