//! Putting a widget on a host page: shadow root + styles, the Yew app, click-to-dial routing
//! for its scope, and the JS handle (`js_api`).

pub mod js_api;
pub mod mount;
