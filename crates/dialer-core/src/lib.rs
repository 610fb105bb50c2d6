//! dialer-core
