//! Errors of this crate and the Bayeux `error` string format.

use std::fmt;

/// Why a batch could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BayeuxError {
    /// The text is not JSON.
    Json(String),
    /// The JSON is not a Bayeux message / batch.
    NotAMessage(String),
}

impl fmt::Display for BayeuxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BayeuxError::Json(e) => write!(f, "the server sent text that is not JSON: {e}"),
            BayeuxError::NotAMessage(e) => {
                write!(f, "the server sent an invalid Bayeux message: {e}")
            }
        }
    }
}

impl std::error::Error for BayeuxError {}

impl BayeuxError {
    /// Split a Bayeux error string `code:args:message` (spec grammar:
    /// `error_code ":" [error_args] ":" error_message`, args comma-separated)
    /// into `(code, args, message)`. The message may itself contain colons.
    ///
    /// `"402::Unknown client"` → `(402, [], "Unknown client")`;
    /// `"403:/bar/baz:Permission Denied"` → `(403, ["/bar/baz"], "Permission Denied")`.
    /// Returns `None` when the string does not start with a numeric code.
    pub fn parse_code(error: &str) -> Option<(u16, Vec<String>, String)> {
        let mut parts = error.splitn(3, ':');
        let code = parts.next()?.trim().parse::<u16>().ok()?;
        match (parts.next(), parts.next()) {
            (Some(args), Some(message)) => {
                let args = if args.is_empty() {
                    Vec::new()
                } else {
                    args.split(',').map(str::to_string).collect()
                };
                Some((code, args, message.to_string()))
            }
            // Lenient: "402:Unknown client" (no args section).
            (Some(message), None) => Some((code, Vec::new(), message.to_string())),
            _ => Some((code, Vec::new(), String::new())),
        }
    }
}
