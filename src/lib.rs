//! gws-dialer widget
