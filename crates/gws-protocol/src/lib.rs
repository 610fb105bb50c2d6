//! gws-protocol
