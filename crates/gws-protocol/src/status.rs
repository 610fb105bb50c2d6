//! The GWS `statusCode` table (DOC ReturnValues 8.6.0). Kept as an enum so callers match on
//! meaning, with `Other` so a newer server's code never breaks parsing.

use core::fmt;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A GWS `statusCode`; (de)serialises as the bare integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusCode {
    /// 0
    Ok,
    /// 1
    MissingParameter,
    /// 2
    InvalidState,
    /// 3
    Forbidden,
    /// 4
    InternalError,
    /// 5
    PermissionDenied,
    /// 6
    NotFound,
    /// 7 (bulk operation where at least one part succeeded, e.g. StartContactCenterSession)
    PartialSuccess,
    /// 8
    ChangePasswordRequired,
    /// 9
    ProcessingIncomplete,
    /// 10
    InputValidation,
    /// 11
    ReadOnlyProperty,
    /// 12
    UnableToRetrieve,
    /// 13
    UnableToCreate,
    /// 14
    UnableToDelete,
    /// 15
    UnableToUpdate,
    /// 16
    UnableToAssign,
    /// 17
    UnableToUnassign,
    /// 18
    AlreadyExists,
    /// 19
    AlreadyInUse,
    /// 20 (sent with HTTP 403, not 401)
    NotAuthenticated,
    /// Any code outside the documented table.
    Other(i64),
}

/// (code, variant, description) in one place so the three views cannot drift apart.
const TABLE: [(i64, StatusCode, &str); 21] = [
    (0, StatusCode::Ok, "The operation is successful."),
    (
        1,
        StatusCode::MissingParameter,
        "A required parameter is missing in the request.",
    ),
    (
        2,
        StatusCode::InvalidState,
        "A specified parameter is not valid for the current state.",
    ),
    (3, StatusCode::Forbidden, "The operation is forbidden."),
    (4, StatusCode::InternalError, "An internal error occurred."),
    (
        5,
        StatusCode::PermissionDenied,
        "The user does not have permission to perform this operation.",
    ),
    (
        6,
        StatusCode::NotFound,
        "The requested resource could not be found.",
    ),
    (
        7,
        StatusCode::PartialSuccess,
        "The operation was partially successful.",
    ),
    (
        8,
        StatusCode::ChangePasswordRequired,
        "Change password demanded.",
    ),
    (
        9,
        StatusCode::ProcessingIncomplete,
        "Processing incomplete.",
    ),
    (
        10,
        StatusCode::InputValidation,
        "Input validation error: value not within range of valid values.",
    ),
    (
        11,
        StatusCode::ReadOnlyProperty,
        "User requested to change a read-only property.",
    ),
    (
        12,
        StatusCode::UnableToRetrieve,
        "Unable to retrieve resource.",
    ),
    (13, StatusCode::UnableToCreate, "Unable to create resource."),
    (14, StatusCode::UnableToDelete, "Unable to delete resource."),
    (15, StatusCode::UnableToUpdate, "Unable to update resource."),
    (16, StatusCode::UnableToAssign, "Unable to assign resource."),
    (
        17,
        StatusCode::UnableToUnassign,
        "Unable to unassign resource.",
    ),
    (18, StatusCode::AlreadyExists, "Resource already exists."),
    (19, StatusCode::AlreadyInUse, "Resource already in use."),
    (
        20,
        StatusCode::NotAuthenticated,
        "User is not authenticated.",
    ),
];

impl StatusCode {
    /// Maps a wire integer; codes outside the table become `Other`.
    pub fn from_code(code: i64) -> Self {
        match TABLE.iter().find(|(c, _, _)| *c == code) {
            Some((_, status, _)) => *status,
            None => StatusCode::Other(code),
        }
    }

    /// The wire integer.
    pub fn code(&self) -> i64 {
        match self {
            StatusCode::Other(code) => *code,
            known => TABLE
                .iter()
                .find(|(_, status, _)| status == known)
                .map_or(-1, |(code, _, _)| *code),
        }
    }

    /// The documented meaning, in plain words.
    pub fn description(&self) -> &'static str {
        match self {
            StatusCode::Other(_) => "Unknown status code.",
            known => TABLE
                .iter()
                .find(|(_, status, _)| status == known)
                .map_or("Unknown status code.", |(_, _, text)| text),
        }
    }

    /// 0 and 7 both mean the request was accepted (7: at least one channel succeeded).
    pub fn is_success(&self) -> bool {
        matches!(self, StatusCode::Ok | StatusCode::PartialSuccess)
    }
}

impl From<i64> for StatusCode {
    fn from(code: i64) -> Self {
        StatusCode::from_code(code)
    }
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.description())
    }
}

impl Serialize for StatusCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.code())
    }
}

impl<'de> Deserialize<'de> for StatusCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        i64::deserialize(deserializer).map(StatusCode::from_code)
    }
}
