//! Channel names and wildcard patterns (Bayeux 1.0: wildcards are trailing
//! only; `*` matches exactly one segment, `**` one or more segments).

/// A parsed subscription pattern, so a server can match many channels
/// against it without re-parsing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ChannelPattern {
    /// No wildcard: matches only the identical channel.
    Exact(String),
    /// `/a/b/*`: the prefix segments ["a","b"] plus exactly one more.
    OneSegment(Vec<String>),
    /// `/a/b/**`: the prefix segments plus one or more.
    ManySegments(Vec<String>),
}

impl ChannelPattern {
    pub fn new(pattern: &str) -> Self {
        let segments: Vec<&str> = segments(pattern);
        match segments.split_last() {
            Some((&"*", prefix)) if pattern.starts_with('/') => {
                ChannelPattern::OneSegment(prefix.iter().map(|s| s.to_string()).collect())
            }
            Some((&"**", prefix)) if pattern.starts_with('/') => {
                ChannelPattern::ManySegments(prefix.iter().map(|s| s.to_string()).collect())
            }
            _ => ChannelPattern::Exact(pattern.to_string()),
        }
    }

    pub fn is_wildcard(&self) -> bool {
        !matches!(self, ChannelPattern::Exact(_))
    }

    pub fn matches(&self, channel: &str) -> bool {
        match self {
            ChannelPattern::Exact(p) => p == channel,
            ChannelPattern::OneSegment(prefix) => {
                let segs = segments(channel);
                channel.starts_with('/')
                    && segs.len() == prefix.len() + 1
                    && prefix_matches(prefix, &segs)
            }
            ChannelPattern::ManySegments(prefix) => {
                let segs = segments(channel);
                channel.starts_with('/')
                    && segs.len() > prefix.len()
                    && prefix_matches(prefix, &segs)
            }
        }
    }
}

fn segments(name: &str) -> Vec<&str> {
    name.strip_prefix('/')
        .unwrap_or(name)
        .split('/')
        .filter(|s| !s.is_empty())
        .collect()
}

fn prefix_matches(prefix: &[String], segs: &[&str]) -> bool {
    prefix.iter().zip(segs).all(|(p, s)| p == s)
}

/// Does `pattern` (a channel name or trailing-wildcard pattern) match `channel`?
/// `/v2/me/*` matches `/v2/me/calls` but not `/v2/me/calls/x` nor `/v2/me`;
/// `/v2/**` matches both deeper channels; `/**` matches everything.
pub fn channel_matches(pattern: &str, channel: &str) -> bool {
    ChannelPattern::new(pattern).matches(channel)
}

/// `/meta/**`: protocol channels.
pub fn is_meta(channel: &str) -> bool {
    channel.starts_with("/meta/")
}

/// `/service/**`: request/response channels, never broadcast.
pub fn is_service(channel: &str) -> bool {
    channel.starts_with("/service/")
}

/// Ends in `/*` or `/**`.
pub fn is_wildcard(channel: &str) -> bool {
    ChannelPattern::new(channel).is_wildcard()
}
