//! Every word the agent sees or hears, as typed messages rendered from a catalogue.
//!
//! The desk never builds a sentence: it says *which* message ([`Msg`]) with which arguments
//! ([`Text`]), and the shell renders it in the agent's language at the last moment (a component,
//! an announcement, a rejected promise, a host-page event). The view therefore stays
//! language-neutral: tabs of one browser share it and each renders it in its own language.
//!
//! A catalogue is one list per language (`en.rs`, `de.rs`, `fr.rs`, `es.rs`) of every message and
//! its words, in `Msg` order; it compiles to one string (no table of pointers in the wasm), and
//! in test builds to an exhaustive `match`, so a message missing in one language does not
//! compile and one out of order fails a test. Templates are text with placeholders:
//! `{0}` is argument 0 (text as it is, a number formatted for the language, or a nested message);
//! `{0|one:# digit|other:# digits}` chooses by the plural category of argument 0, with `#` the
//! number. Plural categories and number formatting come from [`Formats`]: `Intl` in the browser,
//! [`Builtin`] (the CLDR rules of the four languages) in tests and as a fallback.

/// A language's templates: `Name => "words",` for every [`Msg`], in its order. Makes `TEXT`
/// (the templates, each ended by a NUL) and, for tests, `ORDER` plus an exhaustive `match`.
macro_rules! catalogue {
    ($($name:ident => $text:literal,)*) => {
        pub(super) const TEXT: &str = concat!($($text, "\0",)*);

        #[cfg(test)]
        pub(super) const ORDER: &[super::Msg] = &[$(super::Msg::$name,)*];

        /// Does not compile when a message is missing here.
        #[cfg(test)]
        #[allow(dead_code)]
        fn every_message_is_here(msg: super::Msg) {
            match msg {
                $(super::Msg::$name => {})*
            }
        }
    };
}
use catalogue;

mod de;
mod en;
mod es;
mod fr;

use std::sync::OnceLock;

use serde_json::Value;

/// The languages the widget speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    #[default]
    En,
    De,
    Fr,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::De, Lang::Fr, Lang::Es];

    /// The BCP 47 tag (`Intl` and the `lang` attribute).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }

    /// The language of a BCP 47 tag, by its primary subtag: `de-AT` → German.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        Lang::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(primary))
    }

    /// The first language of a preference list the widget speaks, else English.
    pub fn pick<'a>(preferences: impl IntoIterator<Item = &'a str>) -> Lang {
        preferences
            .into_iter()
            .find_map(Lang::parse)
            .unwrap_or_default()
    }

    /// The language the widget speaks, from what its page says, nearest first: the widget's
    /// `lang` option, the `lang` of the nearest element around it that has one (its own
    /// element included: `closest("[lang]")`, so a German section of an English page), the
    /// page's `<html lang>`, the browser's languages; English when none of them is one the
    /// widget speaks (an empty or unknown tag passes to the next).
    pub fn choose<'a>(
        option: Option<&'a str>,
        nearest: Option<&'a str>,
        page: Option<&'a str>,
        browser: impl IntoIterator<Item = &'a str>,
    ) -> Lang {
        Lang::pick(option.into_iter().chain(nearest).chain(page).chain(browser))
    }
}

/// CLDR plural categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Plural {
    pub fn name(self) -> &'static str {
        match self {
            Plural::Zero => "zero",
            Plural::One => "one",
            Plural::Two => "two",
            Plural::Few => "few",
            Plural::Many => "many",
            Plural::Other => "other",
        }
    }

    /// The category `Intl.PluralRules.select` named.
    pub fn from_name(name: &str) -> Plural {
        match name {
            "zero" => Plural::Zero,
            "one" => Plural::One,
            "two" => Plural::Two,
            "few" => Plural::Few,
            "many" => Plural::Many,
            _ => Plural::Other,
        }
    }
}

/// Language-dependent formatting of numbers; the browser's `Intl` implements it in the widget.
pub trait Formats {
    fn plural(&self, lang: Lang, n: u64) -> Plural;
    fn number(&self, lang: Lang, n: u64) -> String;
}

/// The CLDR rules of the four languages for whole numbers, without `Intl`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Builtin;

impl Formats for Builtin {
    fn plural(&self, lang: Lang, n: u64) -> Plural {
        match (lang, n) {
            (Lang::Fr, 0 | 1) => Plural::One,
            (Lang::Fr | Lang::Es, n) if n != 0 && n.is_multiple_of(1_000_000) => Plural::Many,
            (_, 1) => Plural::One,
            _ => Plural::Other,
        }
    }

    fn number(&self, lang: Lang, n: u64) -> String {
        let digits = n.to_string();
        let (separator, min) = match lang {
            Lang::En => (",", 4),
            Lang::De => (".", 4),
            Lang::Fr => ("\u{202f}", 4),
            // Spanish groups from five digits on (CLDR minimumGroupingDigits 2).
            Lang::Es => (".", 5),
        };
        if digits.len() < min {
            return digits;
        }
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(c);
        }
        out
    }
}

/// An argument of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// Text shown as it is: a number to dial, a name, what the server said.
    Str(String),
    /// A count or a code, formatted for the language.
    Num(u64),
    /// Another message, rendered in the same language.
    Text(Text),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}

impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Num(n)
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Arg {
        Arg::Text(t)
    }
}

impl From<Msg> for Arg {
    fn from(m: Msg) -> Arg {
        Arg::Text(Text::from(m))
    }
}

/// A message with its arguments: what the desk says, before it has a language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub msg: Msg,
    pub args: Vec<Arg>,
}

/// Empty text (a view before anything is known).
impl Default for Text {
    fn default() -> Text {
        Text::raw("")
    }
}

impl From<Msg> for Text {
    fn from(msg: Msg) -> Text {
        Text {
            msg,
            args: Vec::new(),
        }
    }
}

impl Text {
    pub fn new(msg: Msg, args: Vec<Arg>) -> Text {
        Text { msg, args }
    }

    /// Text from elsewhere (the server, the page), shown as it is in every language.
    pub fn raw(text: impl Into<String>) -> Text {
        Text::new(Msg::Raw, vec![Arg::Str(text.into())])
    }

    /// In a language, with its formats.
    pub fn render(&self, lang: Lang, formats: &dyn Formats) -> String {
        let mut out = String::new();
        self.render_into(lang, formats, &mut out);
        out
    }

    /// In English with the built-in formats: logs, console messages, tests.
    pub fn en(&self) -> String {
        self.render(Lang::En, &Builtin)
    }

    fn render_into(&self, lang: Lang, formats: &dyn Formats, out: &mut String) {
        let mut rest = template(lang, self.msg);
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return;
            };
            let mut parts = after[..close].split('|');
            rest = &after[close + 1..];
            let arg = parts
                .next()
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| self.args.get(i));
            let mut choices = parts.peekable();
            match (arg, choices.peek().is_some()) {
                (Some(Arg::Num(n)), true) => {
                    let category = formats.plural(lang, *n).name();
                    let choices: Vec<(&str, &str)> =
                        choices.filter_map(|c| c.split_once(':')).collect();
                    let chosen = choices
                        .iter()
                        .find(|(c, _)| *c == category)
                        .or_else(|| choices.iter().find(|(c, _)| *c == "other"))
                        .map_or("", |(_, words)| words);
                    let number = formats.number(lang, *n);
                    out.push_str(&chosen.replace('#', &number));
                }
                (Some(Arg::Str(s)), _) => out.push_str(s),
                (Some(Arg::Num(n)), false) => out.push_str(&formats.number(lang, *n)),
                (Some(Arg::Text(t)), _) => t.render_into(lang, formats, out),
                // A template naming an argument that is not there (a catalogue bug the tests
                // catch) renders nothing rather than failing.
                (None, _) => {}
            }
        }
        out.push_str(rest);
    }

    /// The wire form between tabs: `{"m": index, "a": [text | number | {nested}]}`.
    pub fn to_value(&self) -> Value {
        let args = self
            .args
            .iter()
            .map(|a| match a {
                Arg::Str(s) => Value::String(s.clone()),
                Arg::Num(n) => Value::from(*n),
                Arg::Text(t) => t.to_value(),
            })
            .collect();
        let mut map = serde_json::Map::new();
        map.insert("m".into(), Value::from(self.msg as u16));
        map.insert("a".into(), Value::Array(args));
        Value::Object(map)
    }

    /// Back from [`Text::to_value`]; `None` for anything else (an unknown message index
    /// included: a tab of another build).
    pub fn from_value(value: &Value) -> Option<Text> {
        Text::from_value_at(value, 0)
    }

    fn from_value_at(value: &Value, depth: usize) -> Option<Text> {
        if depth > 4 {
            return None;
        }
        let map = value.as_object()?;
        let index = usize::try_from(map.get("m")?.as_u64()?).ok()?;
        let msg = *Msg::ALL.get(index)?;
        let args = map
            .get("a")?
            .as_array()?
            .iter()
            .map(|a| match a {
                Value::String(s) => Some(Arg::Str(s.clone())),
                Value::Number(n) => n.as_u64().map(Arg::Num),
                other => Text::from_value_at(other, depth + 1).map(Arg::Text),
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Text { msg, args })
    }
}

impl From<Text> for Value {
    fn from(t: Text) -> Value {
        t.to_value()
    }
}

impl serde::Serialize for Text {
    /// The wire form ([`Text::to_value`]); the shell renders it before a host page sees it.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

/// A duration in words, for screen readers ("1 minute, 5 seconds"; "0 seconds"): the widget's
/// own wording where the browser has no `Intl.DurationFormat`.
pub fn duration_words(seconds: u64) -> Text {
    let parts = [
        (seconds / 3600, Msg::DurHours),
        ((seconds / 60) % 60, Msg::DurMinutes),
        (seconds % 60, Msg::DurSeconds),
    ];
    let mut words: Option<Text> = None;
    for (n, msg) in parts {
        if n == 0 {
            continue;
        }
        let part = Text::new(msg, vec![Arg::Num(n)]);
        words = Some(match words {
            Some(before) => Text::new(Msg::ListPair, vec![before.into(), part.into()]),
            None => part,
        });
    }
    words.unwrap_or_else(|| Text::new(Msg::DurSeconds, vec![Arg::Num(0)]))
}

/// The template of a message in a language.
pub fn template(lang: Lang, msg: Msg) -> &'static str {
    static STARTS: [OnceLock<Vec<u32>>; 4] = [const { OnceLock::new() }; 4];
    let (text, slot) = match lang {
        Lang::En => (en::TEXT, 0),
        Lang::De => (de::TEXT, 1),
        Lang::Fr => (fr::TEXT, 2),
        Lang::Es => (es::TEXT, 3),
    };
    // Where each template starts, found once per language.
    let starts = STARTS[slot].get_or_init(|| {
        let mut starts = vec![0u32];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == 0)
                .map(|(i, _)| i as u32 + 1),
        );
        starts
    });
    let i = msg as usize;
    match (starts.get(i), starts.get(i + 1)) {
        (Some(&from), Some(&to)) => &text[from as usize..to as usize - 1],
        _ => "",
    }
}

macro_rules! messages {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// Every message the widget can show or say. The catalogues give each its words;
        /// the comment on each says what its arguments are.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u16)]
        pub enum Msg {
            $($(#[$doc])* $name,)*
        }

        impl Msg {
            /// All messages, in declaration order (their index is their wire form).
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];
        }
    };
}

messages! {
    /// {0}: text shown as it is.
    Raw,
    /// The widget's default heading.
    Heading,

    // Call states, as labels.
    StateDialing,
    StateRinging,
    StateConnected,
    StateHeld,
    StateEnded,
    // Call states inside a sentence ("while the call is …").
    StateInSentenceDialing,
    StateInSentenceRinging,
    StateInSentenceConnected,
    StateInSentenceHeld,
    StateInSentenceEnded,
    /// {0}: the state as the server named it.
    StateInSentenceOther,
    SubjectCall,
    SubjectPhone,
    SubjectSession,
    /// {0} subject, {1} server's words, {2} code.
    ReportedWordsCode,
    /// {0} subject, {1} server's words.
    ReportedWords,
    /// {0} subject, {1} code.
    ReportedCode,
    /// {0}: subject.
    Reported,
    UnknownNumber,
    /// The other party, inside a sentence, when the server gave none.
    UnknownNumberInSentence,
    /// {0} number, {1} extension digits.
    NumberWithExtension,
    /// {0} the number as a screen reader should read it, {1} the extension.
    SpokenWithExtension,

    // The live-update connection.
    ConnNotConnected,
    ConnConnecting,
    /// {0}: transport name.
    ConnLive,
    TransportWebSocket,
    TransportLongPolling,
    /// {0}: seconds (plural).
    ConnReconnecting,
    /// {0}: the reason (technical, as the client gave it).
    ConnStopped,

    // Announcements.
    /// {0}: the other party.
    AnnDialing,
    AnnRinging,
    AnnConnected,
    AnnHeld,
    AnnEnded,
    /// {0} party, {1} state as the server named it.
    AnnOtherState,
    /// {0}: the number (spoken).
    AnnCalling,
    /// {0}: the extension digits.
    AnnExtension,
    /// {0}: the agent's state.
    AnnStatus,
    /// {0}: the number (spoken).
    AnnOffered,

    // Agent states.
    AgentLoggedOut,
    AgentLoggedIn,
    AgentReady,
    AgentNotReady,
    AgentAfterCallWork,
    /// {0} state, {1} reason ("Not Ready (Lunch)").
    AgentStateWithReason,

    // Controls (button texts and accessible names).
    CtlAnswer,
    CtlReject,
    CtlHangup,
    CtlCancelConsult,
    CtlClearCall,
    CtlHold,
    CtlRetrieve,
    CtlCompleteTransfer,
    CtlCompleteConference,
    CtlSwapCalls,
    CtlTransfer,
    CtlConference,
    CtlMute,
    CtlUnmute,
    CtlKeypad,
    CtlAttachData,
    CtlUpdateData,
    CtlDeleteAllData,
    /// {0} control, {1} the other party: accessible name of a call's button.
    CtlForCall,
    /// {0} control (a noun), {1} the other party.
    CtlOfCall,
    // What an operation in flight is called in a sentence.
    ActSendingTones,
    ActDeletingDataItem,
    ActRemovingParty,

    // Refusals and errors of the desk.
    SignInFirst,
    /// {0}: the number.
    DialNoCall,
    DoubleClickIgnored,
    SessionStarting,
    /// {0}: what is wrong (technical).
    OutboundRecordInvalid,
    DialUnwritable,
    CallGone,
    NoCall,
    /// {0}: the action.
    NotPossibleOnCall,
    /// {0}: the action.
    AlreadySending,
    NoOtherCall,
    StatusBusy,
    /// {0}: why (another message).
    SessionNotStarted,
    /// {0}: what is wrong (technical).
    LiveUpdateUnreadable,
    EnterUserName,
    AlreadySigningIn,
    AlreadySigningOut,
    WrongPassword,
    /// {0}: why (another message).
    SignOutIncomplete,
    StatusNotOffered,
    CallNotInList,
    DispositionNotOffered,
    DispositionBusy,
    OfferGone,
    WidgetRemoved,
    /// {0}: why the Dial got no answer.
    MaybePlaced,
    TabClosed,
    /// {0} the agent signed in now, {1} the agent the request was for.
    OtherAgent,
    NoDevice,
    /// {0} channel, {1} the server's error.
    ChannelUnavailable,
    /// {0}: the control.
    NeedsInput,
    BadTones,
    SayWhichKey,
    SayWhichParty,
    SignInToDial,
    /// {0}: the page attribute; {1}: what is wrong.
    PageUserDataNotObject,
    PageUserDataInvalid,

    // The dial guard.
    /// {0}: the number.
    GuardAlreadyDialing,
    GuardAwaitingCall,
    GuardCallInProgress,
    /// {0} the number, {1} the number being dialled.
    GuardOtherDial,

    // Number rules.
    NumEmpty,
    NumTooLong,
    /// {0}: the input.
    NumNotANumber,
    /// {0} input, {1} character.
    NumInvalidCharacter,
    NumMisplacedPlus,
    NumInvalidExtension,
    /// {0} input, {1} why (technical).
    NumInvalidTelUri,
    /// {0} digits (plural), {1} minimum.
    NumTooShort,
    /// {0} digits (plural), {1} maximum.
    NumTooLongDigits,

    // GWS answers (errors.rs). What did not happen:
    NothingDialled,
    CallNotChanged,
    StatusNotChanged,
    NotSignedInYet,
    NothingChanged,
    /// {0}: nothing-happened.
    Done,
    PartlyDone,
    NetUnreachable,
    /// {0}: the browser's words.
    NetUnreachableDetail,
    SessionEnded,
    CsrfRefused,
    /// {0}: nothing-happened.
    Http404,
    /// {0} HTTP status, {1} nothing-happened.
    HttpNotResponding,
    HttpProblem,
    HttpRefused,
    ChangePassword,
    /// {0} why, {1} nothing-happened.
    SystemUnavailable,
    WordInternalError,
    /// {0} call state (in a sentence), {1} nothing-happened.
    NotPossibleWhile,
    /// {0} call state, {1} server's words, {2} nothing-happened.
    NotPossibleWhileBecause,
    /// {0}: nothing-happened.
    NotPossibleDial,
    /// {0} server's words, {1} nothing-happened.
    NotPossibleDialBecause,
    /// {0}: nothing-happened.
    NotPossibleNow,
    /// {0} server's words, {1} nothing-happened.
    NotPossibleNowBecause,
    /// {0} why, {1} nothing-happened.
    NoPermission,
    WordRefusedBySystem,
    /// {0} why, {1} nothing-happened.
    NotFound,
    WordNotFound,
    /// {0} why, {1} nothing-happened.
    NumberNotAccepted,
    RequestNotAccepted,
    WordInvalidRequest,
    /// {0} why, {1} nothing-happened.
    SystemRefused,
    /// {0}: failed channels.
    VoiceChannelFailed,
    /// {0}: failed channels.
    ChannelsFailed,

    // Widget labels.
    CheckingSession,
    SignInForm,
    UserName,
    Password,
    SignIn,
    SigningIn,
    SignOut,
    DialForm,
    NumberToCall,
    Call,
    Calling,
    Dismiss,
    DismissMessage,
    NoCalls,
    Calls,
    CallControls,
    /// {0}: the other party.
    CallWith,
    Muted,
    /// {0}: the duration.
    Duration,
    CallData,
    EditCallData,
    More,
    /// {0}: the other party.
    MoreControlsFor,
    /// {0}: the other party of the original call.
    ConsultationFor,
    PartiesOnCall,
    Remove,
    /// {0}: the party.
    RemoveFromCall,
    KeypadSendTones,
    /// {0}: the digit.
    Tone,
    ToneStar,
    TonePound,
    Key,
    Value,
    DeleteKey,
    TransferTo,
    TransferNow,
    ConsultThenTransfer,
    AddToCall,
    AddNow,
    ConsultThenAdd,
    Number,
    /// {0}: the number.
    OfferTransferTo,
    OfferAddTo,
    OfferCall,
    Cancel,
    RecentCalls,
    DirIncoming,
    DirOutgoing,
    DirInternal,
    OutcomeAnswered,
    OutcomeMissed,
    OutcomeNotAnswered,
    /// {0} direction, {1} outcome, {2} duration: one recent call.
    RecentSummary,
    /// {0}: the number.
    DispositionFor,
    ChooseDisposition,
    Skip,
    /// {0}: the number.
    SkipDispositionFor,
    CallAgain,
    /// {0}: the number.
    CallAgainFor,
    /// {0}: the disposition.
    DispositionChosen,
    ChangeStatus,
    ChooseStatus,
    NoStatuses,
    StatusLabel,
    SetReady,
    SetNotReady,
    SetAfterCallWork,
    /// {0}: the number clicked; {1}: the party of the live call.
    OfferQuestion,
    /// {0} what (transfer to / add to the call), {1} the other party.
    PassFor,
    /// {0}: how long, in words ([`duration_words`] or `Intl.DurationFormat`).
    ForDuration,
    /// {0}: hours (plural).
    DurHours,
    /// {0}: minutes (plural).
    DurMinutes,
    /// {0}: seconds (plural).
    DurSeconds,
    /// {0}, {1}: two parts of a list.
    ListPair,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_take_arguments_plurals_and_nested_messages() {
        let t = Text::new(Msg::ConnReconnecting, vec![Arg::Num(1)]);
        assert_eq!(t.en(), "Connection lost. Reconnecting in 1 second…");
        let t = Text::new(Msg::ConnReconnecting, vec![Arg::Num(5)]);
        assert_eq!(t.en(), "Connection lost. Reconnecting in 5 seconds…");
        // French: 0 and 1 are singular.
        let t = Text::new(Msg::ConnReconnecting, vec![Arg::Num(0)]);
        assert!(t.render(Lang::Fr, &Builtin).contains("0 seconde…"));
        let t = Text::new(
            Msg::SessionNotStarted,
            vec![Arg::Text(Text::from(Msg::SessionEnded))],
        );
        assert_eq!(
            t.en(),
            "The phone session could not be started: Your session has ended. Please sign in again."
        );
    }

    #[test]
    fn durations_in_words_name_only_what_is_there() {
        assert_eq!(duration_words(0).en(), "0 seconds");
        assert_eq!(duration_words(1).en(), "1 second");
        assert_eq!(duration_words(65).en(), "1 minute, 5 seconds");
        assert_eq!(duration_words(3600).en(), "1 hour");
        assert_eq!(duration_words(3725).en(), "1 hour, 2 minutes, 5 seconds");
        assert_eq!(
            duration_words(125).render(Lang::De, &Builtin),
            "2 Minuten, 5 Sekunden"
        );
        assert_eq!(
            duration_words(61).render(Lang::Fr, &Builtin),
            "1 minute, 1 seconde"
        );
    }

    #[test]
    fn numbers_are_grouped_per_language() {
        assert_eq!(Builtin.number(Lang::En, 12345), "12,345");
        assert_eq!(Builtin.number(Lang::De, 1234567), "1.234.567");
        assert_eq!(Builtin.number(Lang::Fr, 1234), "1\u{202f}234");
        assert_eq!(Builtin.number(Lang::Es, 1234), "1234");
        assert_eq!(Builtin.number(Lang::Es, 12345), "12.345");
        assert_eq!(Builtin.number(Lang::En, 999), "999");
    }

    #[test]
    fn languages_come_from_tags() {
        assert_eq!(Lang::parse("de-AT"), Some(Lang::De));
        assert_eq!(Lang::parse("FR"), Some(Lang::Fr));
        assert_eq!(Lang::parse("es_MX"), Some(Lang::Es));
        assert_eq!(Lang::parse("pt-BR"), None);
        assert_eq!(Lang::pick(["", "pt", "fr-CA", "de"]), Lang::Fr);
        assert_eq!(Lang::pick(["ja"]), Lang::En);
    }

    #[test]
    fn the_nearest_language_around_the_widget_wins() {
        let browser = ["es-ES", "en"];
        // A German section of an English page: German, whatever the browser prefers.
        assert_eq!(
            Lang::choose(None, Some("de"), Some("en"), browser),
            Lang::De
        );
        // The widget's own option (or attribute) before the section around it.
        assert_eq!(
            Lang::choose(Some("fr-CA"), Some("de"), Some("en"), browser),
            Lang::Fr
        );
        // No lang around the widget but the page's: the page's.
        assert_eq!(
            Lang::choose(None, Some("en-GB"), Some("en-GB"), browser),
            Lang::En
        );
        // A section in a language the widget does not speak, or an empty lang: the page's.
        assert_eq!(
            Lang::choose(None, Some("pt-BR"), Some("de"), browser),
            Lang::De
        );
        assert_eq!(
            Lang::choose(Some(""), Some(""), Some("fr"), browser),
            Lang::Fr
        );
        // Nothing on the page: the browser's first language the widget speaks, else English.
        assert_eq!(Lang::choose(None, None, None, ["pt", "es-MX"]), Lang::Es);
        assert_eq!(Lang::choose(None, None, Some("ja"), ["pt"]), Lang::En);
    }

    #[test]
    fn texts_survive_the_wire() {
        let t = Text::new(
            Msg::NotPossibleWhileBecause,
            vec![Msg::StateInSentenceHeld.into(), "busy".into(), Arg::Num(7)],
        );
        assert_eq!(Text::from_value(&t.to_value()), Some(t));
        assert_eq!(
            Text::from_value(&serde_json::json!({"m": 65535, "a": []})),
            None
        );
        assert_eq!(
            Text::from_value(&serde_json::json!({"m": 1, "a": [true]})),
            None
        );
        assert_eq!(Text::from_value(&serde_json::json!("text")), None);
    }

    /// Arguments a message's English template uses, by index.
    fn placeholders(template: &str) -> Vec<usize> {
        let mut found: Vec<usize> = template
            .split('{')
            .skip(1)
            .filter_map(|p| p.split(['}', '|']).next()?.parse().ok())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    #[test]
    fn every_catalogue_lists_every_message_once_in_order() {
        for (lang, order, text) in [
            (Lang::En, en::ORDER, en::TEXT),
            (Lang::De, de::ORDER, de::TEXT),
            (Lang::Fr, fr::ORDER, fr::TEXT),
            (Lang::Es, es::ORDER, es::TEXT),
        ] {
            assert_eq!(order, Msg::ALL, "{lang:?}: the messages in `Msg` order");
            assert_eq!(text.matches('\0').count(), Msg::ALL.len(), "{lang:?}");
            assert!(!template(lang, Msg::Heading).is_empty());
        }
        assert_eq!(template(Lang::En, Msg::Raw), "{0}");
        assert_eq!(template(Lang::De, *Msg::ALL.last().unwrap()), "{0}, {1}");
    }

    #[test]
    fn every_language_uses_the_same_arguments_as_english() {
        for &msg in Msg::ALL {
            let english = placeholders(template(Lang::En, msg));
            for lang in Lang::ALL {
                let t = template(lang, msg);
                assert_eq!(placeholders(t), english, "{msg:?} in {lang:?}: {t}");
                assert_eq!(
                    t.matches('{').count(),
                    t.matches('}').count(),
                    "{msg:?} in {lang:?}: unbalanced braces"
                );
                for plural in t.split('{').skip(1).filter(|p| p.contains('|')) {
                    let body = plural.split('}').next().unwrap_or_default();
                    assert!(
                        body.contains("|other:"),
                        "{msg:?} in {lang:?}: a plural needs an `other` form"
                    );
                }
            }
        }
    }

    /// Words that read the same in a language as in English (names, punctuation).
    fn same_on_purpose(lang: Lang, msg: Msg) -> bool {
        let template = template(lang, msg);
        // Templates made only of placeholders and punctuation.
        let letters = template
            .split('{')
            .map(|p| p.split_once('}').map_or(p, |(_, rest)| rest))
            .collect::<String>();
        if !letters.chars().any(char::is_alphabetic) {
            return true;
        }
        matches!(
            (lang, msg),
            (_, Msg::TransportWebSocket)
                // "Status" is German too; "ext." is the Spanish abbreviation as well.
                | (Lang::De, Msg::StatusLabel)
                | (Lang::Es, Msg::NumberWithExtension)
                // "minute(s)" is French too.
                | (Lang::Fr, Msg::DurMinutes)
        )
    }

    #[test]
    fn no_english_is_left_in_another_language() {
        for lang in [Lang::De, Lang::Fr, Lang::Es] {
            for &msg in Msg::ALL {
                if same_on_purpose(lang, msg) {
                    continue;
                }
                assert_ne!(
                    template(lang, msg),
                    template(Lang::En, msg),
                    "{msg:?} is English in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn every_message_renders_with_any_arguments() {
        let args = vec![Arg::Num(3), Arg::Str("x".into()), Arg::Num(1)];
        for &msg in Msg::ALL {
            for lang in Lang::ALL {
                let out = Text::new(msg, args.clone()).render(lang, &Builtin);
                assert!(
                    !out.contains('{') && !out.contains('}'),
                    "{msg:?} {lang:?}: {out}"
                );
            }
        }
    }
}
