//! Click-to-dial on the host page: what counts as a dial target, one page-level router that
//! sends each click to exactly one widget, accessible decoration of marked numbers, and the
//! page lifecycle (visible again / online: resync; page gone: disconnect).

pub mod click_router;
pub mod decorate;
pub mod lifecycle;
pub mod targets;
