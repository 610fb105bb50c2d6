//! bayeux
