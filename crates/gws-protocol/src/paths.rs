//! REST paths, CometD channel names and CSRF header names, so widget and simulator agree.

/// `GET` the user; `POST` session and all-channel operations.
pub const ME: &str = "/api/v2/me";
/// `GET` everything the widget needs after a reload (devices and calls embedded).
pub const ME_ALL: &str = "/api/v2/me?subresources=*";
pub const ME_CALLS: &str = "/api/v2/me/calls";
pub const ME_DEVICES: &str = "/api/v2/me/devices";
/// Agent-state operations (Ready / NotReady / AfterCallWork).
pub const VOICE_CHANNEL: &str = "/api/v2/me/channels/voice";
/// CometD endpoint (long-polling clients may append `/handshake`, `/connect`, …).
pub const NOTIFICATIONS: &str = "/api/v2/notifications";
pub const VERSION: &str = "/api/v2/diagnostics/version";
pub const OUTBOUND_CAMPAIGNS: &str = "/api/v2/me/outbound-campaigns";
pub const OUTBOUND_RECORDS: &str = "/api/v2/me/outbound-records";

/// Call state changes.
pub const CHANNEL_CALLS: &str = "/v2/me/calls";
/// Agent state, DND, forwarding, errors.
pub const CHANNEL_DEVICES: &str = "/v2/me/devices";
/// Per-media agent state.
pub const CHANNEL_CHANNELS: &str = "/v2/me/channels";
pub const CHANNEL_OUTBOUND: &str = "/v2/me/outbound";

/// Response header that names the header carrying the token (its value is `X-CSRF-TOKEN`).
pub const CSRF_HEADER_NAME_HEADER: &str = "X-CSRF-HEADER";
/// Response header with the token; send it back under the name above on POST/PUT/DELETE.
pub const CSRF_TOKEN_HEADER: &str = "X-CSRF-TOKEN";

/// `/api/v2/me/devices/{id}/calls` (Dial).
pub fn device_calls(device_id: &str) -> String {
    format!("{ME_DEVICES}/{}/calls", segment(device_id))
}

/// `/api/v2/me/devices/{id}` (DND, forwarding).
pub fn device(device_id: &str) -> String {
    format!("{ME_DEVICES}/{}", segment(device_id))
}

/// `/api/v2/me/calls/{id}` (call operations).
pub fn call(call_id: &str) -> String {
    format!("{ME_CALLS}/{}", segment(call_id))
}

/// `/devices/{id}`: the relative path outbound bodies use as `devicePath`.
pub fn device_path(device_id: &str) -> String {
    format!("/devices/{}", segment(device_id))
}

/// `/api/v2/me/outbound-campaigns/{name}`.
pub fn outbound_campaign(campaign_name: &str) -> String {
    format!("{OUTBOUND_CAMPAIGNS}/{}", segment(campaign_name))
}

/// `/api/v2/me/outbound-records/{handle}`.
pub fn outbound_record(record_handle: i64) -> String {
    format!("{OUTBOUND_RECORDS}/{record_handle}")
}

/// The call id at the end of a call `uri`/`path` (`…/calls/{id}`), e.g. for `otherCallUri`.
pub fn call_id_from_uri(uri: &str) -> Option<&str> {
    let (_, id) = uri.trim_end_matches('/').rsplit_once("/calls/")?;
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

/// Ids come from the server and are normally URL-safe; percent-encode anything else so a
/// hostile id cannot change the path.
fn segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
