//! Click-to-dial on the host page: what counts as a dial target, one page-level router that
//! sends each click to exactly one widget, and accessible decoration of marked numbers.

pub mod click_router;
pub mod decorate;
pub mod targets;
