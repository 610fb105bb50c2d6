//! English.

use super::Msg::{self, *};

pub(super) fn template(msg: Msg) -> &'static str {
    match msg {
        Raw => "{0}",
        Heading => "Phone",

        StateDialing => "Dialing",
        StateRinging => "Ringing",
        StateConnected => "Connected",
        StateHeld => "On hold",
        StateEnded => "Ended",
        StateInSentenceDialing => "dialling",
        StateInSentenceRinging => "ringing",
        StateInSentenceConnected => "connected",
        StateInSentenceHeld => "on hold",
        StateInSentenceEnded => "ended",
        StateInSentenceOther => "in state “{0}”",
        SubjectCall => "a call",
        SubjectPhone => "your phone",
        SubjectSession => "your session",
        ReportedWordsCode => "The phone system reported a problem with {0}: {1} (code {2}).",
        ReportedWords => "The phone system reported a problem with {0}: {1}.",
        ReportedCode => "The phone system reported a problem with {0} (code {1}).",
        Reported => {
            "The phone system reported a problem with {0}. If calls fail, check that your phone is connected."
        }
        UnknownNumber => "Unknown number",
        UnknownNumberInSentence => "unknown number",
        NumberWithExtension => "{0} ext. {1}",
        SpokenWithExtension => "{0} extension {1}",

        ConnNotConnected => "Not connected",
        ConnConnecting => "Connecting…",
        ConnLive => "Live updates on ({0})",
        TransportWebSocket => "WebSocket",
        TransportLongPolling => "long-polling",
        ConnReconnecting => "Connection lost. Reconnecting in {0|one:# second|other:# seconds}…",
        ConnStopped => "Live updates stopped: {0}. Reload the page to try again.",

        AnnDialing => "Dialing {0}.",
        AnnRinging => "Call from {0} is ringing.",
        AnnConnected => "Connected to {0}.",
        AnnHeld => "Call with {0} is on hold.",
        AnnEnded => "Call with {0} ended.",
        AnnOtherState => "Call with {0}: {1}.",
        AnnCalling => "Calling {0}.",
        AnnExtension => "Dialling extension {0}.",
        AnnStatus => "Your status is {0}.",
        AnnOffered => "{0} is offered: call it, transfer or add it to the call, or cancel.",

        AgentLoggedOut => "Logged out",
        AgentLoggedIn => "Logged in",
        AgentReady => "Ready",
        AgentNotReady => "Not Ready",
        AgentAfterCallWork => "After Call Work",
        AgentStateWithReason => "{0} ({1})",

        CtlAnswer => "Answer",
        CtlReject => "Reject",
        CtlHangup => "Hang up",
        CtlCancelConsult => "Cancel consultation",
        CtlClearCall => "End call for everyone",
        CtlHold => "Hold",
        CtlRetrieve => "Retrieve",
        CtlCompleteTransfer => "Complete transfer",
        CtlCompleteConference => "Complete conference",
        CtlSwapCalls => "Swap calls",
        CtlTransfer => "Transfer",
        CtlConference => "Conference",
        CtlMute => "Mute",
        CtlUnmute => "Unmute",
        CtlKeypad => "Keypad",
        CtlAttachData => "Attach data",
        CtlUpdateData => "Update data",
        CtlDeleteAllData => "Delete all data",
        CtlForCall => "{0} the call with {1}",
        CtlOfCall => "{0} for the call with {1}",
        ActSendingTones => "Sending tones",
        ActDeletingDataItem => "Deleting the data item",
        ActRemovingParty => "Removing the party",

        SignInFirst => "Please sign in to the phone first.",
        DialNoCall => "The server accepted the Dial to {0}, but no call showed up.",
        DoubleClickIgnored => "A double-click dials once; this click was ignored.",
        SessionStarting => "The phone session is still starting. Please try again in a moment.",
        OutboundRecordInvalid => "The outbound record is not valid ({0}); nothing was dialled.",
        DialUnwritable => "The Dial could not be written.",
        CallGone => "That call is no longer there.",
        NoCall => "There is no call.",
        NotPossibleOnCall => "{0} is not possible on this call right now.",
        AlreadySending => "{0} is already being sent.",
        NoOtherCall => "There is no other call to swap to.",
        StatusBusy => "Your status is already being changed.",
        SessionNotStarted => "The phone session could not be started: {0}",
        LiveUpdateUnreadable => "A live update could not be read: {0}",
        EnterUserName => "Please enter your user name.",
        AlreadySigningIn => "Already signing in.",
        AlreadySigningOut => "Already signing out.",
        WrongPassword => "The user name or password is not correct.",
        SignOutIncomplete => "Signing out did not complete: {0}",
        StatusNotOffered => "That status is not offered here.",
        CallNotInList => "That call is no longer in the list.",
        DispositionNotOffered => "That disposition is not offered here.",
        DispositionBusy => "A disposition is already being saved.",
        OfferGone => "That number is no longer offered.",
        WidgetRemoved => "The widget was removed.",
        MaybePlaced => {
            "{0} The call may still have been placed: check the call list before dialling again."
        }
        TabClosed => {
            "The tab that was placing this request closed before it answered. The call list shows what the server has."
        }
        OtherAgent => "The phone is now signed in as {0}, not {1}; nothing was done.",
        NoDevice => {
            "Your user has no phone device assigned, so calls cannot be made. Please ask your administrator."
        }
        ChannelUnavailable => "Live updates for {0} are not available ({1}).",
        NeedsInput => "{0} needs more input.",
        BadTones => "Tones can only be the digits 0-9, * and #.",
        SayWhichKey => "Say which data item to delete.",
        SayWhichParty => "Say which party to remove.",
        SignInToDial => "Sign in to the phone first to dial this number.",
        PageUserDataNotObject => {
            "The page's {0} must be a JSON object like {\"Key\":\"value\"}; nothing was dialled."
        }
        PageUserDataInvalid => "The page's {0} is not valid JSON ({1}); nothing was dialled.",

        GuardAlreadyDialing => "Already dialling {0}. Please wait.",
        GuardAwaitingCall => "{0} was just dialled. The call will appear in a moment.",
        GuardCallInProgress => "You already have a call with {0}.",
        GuardOtherDial => "Can't dial {0} yet: still dialling {1}. Please wait.",

        NumEmpty => "Please enter a phone number.",
        NumTooLong => "That text is too long to be a phone number.",
        NumNotANumber => "“{0}” is not a phone number.",
        NumInvalidCharacter => "“{0}” is not a phone number: “{1}” can't be dialled.",
        NumMisplacedPlus => "“{0}” is not a phone number: “+” can only come first.",
        NumInvalidExtension => "The extension in “{0}” is not valid: it must be digits only.",
        NumInvalidTelUri => "“{0}” is not a valid phone link: {1}.",
        NumTooShort => {
            "The number is too short ({0|one:# digit|other:# digits}; at least {1} needed)."
        }
        NumTooLongDigits => {
            "The number is too long ({0|one:# digit|other:# digits}; at most {1} allowed)."
        }

        NothingDialled => "Nothing was dialled.",
        CallNotChanged => "The call was not changed.",
        StatusNotChanged => "Your status was not changed.",
        NotSignedInYet => "You are not signed in.",
        NothingChanged => "Nothing was changed.",
        Done => "Done.",
        PartlyDone => "Done, but part of the request failed.",
        NetUnreachable => "Can't reach the phone server. Please check your network connection.",
        NetUnreachableDetail => {
            "Can't reach the phone server ({0}). Please check your network connection."
        }
        SessionEnded => "Your session has ended. Please sign in again.",
        CsrfRefused => {
            "The phone server did not accept this page's security token (the session cookie may \
             be blocked or expired). Please sign in again."
        }
        Http404 => {
            "The phone server does not know this address (HTTP 404). Please check the widget's \
             server URL. {0}"
        }
        HttpNotResponding => "The phone server is not responding right now (HTTP {0}). {1}",
        HttpProblem => "The phone server had a problem (HTTP {0}). {1}",
        HttpRefused => "The phone server refused the request (HTTP {0}). {1}",
        ChangePassword => {
            "Your password must be changed before you can sign in. Please change it, then sign \
             in again."
        }
        SystemUnavailable => "The phone system is not available right now ({0}). {1}",
        WordInternalError => "internal error",
        NotPossibleWhile => "That isn't possible while the call is {0}. {1}",
        NotPossibleWhileBecause => "That isn't possible while the call is {0} ({1}). {2}",
        NotPossibleDial => {
            "That isn't possible right now (are you signed in and is your phone ready?). {0}"
        }
        NotPossibleDialBecause => {
            "That isn't possible right now (are you signed in and is your phone ready?) ({0}). {1}"
        }
        NotPossibleNow => "That isn't possible right now. {0}",
        NotPossibleNowBecause => "That isn't possible right now ({0}). {1}",
        NoPermission => "You don't have permission to do that ({0}). {1}",
        WordRefusedBySystem => "refused by the phone system",
        NotFound => {
            "The phone system could not find that call or device; it may have ended ({0}). {1}"
        }
        WordNotFound => "not found",
        NumberNotAccepted => "The phone system did not accept the number ({0}). {1}",
        RequestNotAccepted => "The phone system did not accept the request ({0}). {1}",
        WordInvalidRequest => "invalid request",
        SystemRefused => "The phone system refused the request ({0}). {1}",
        VoiceChannelFailed => {
            "The phone channel could not be started: {0}. Calls are not possible right now."
        }
        ChannelsFailed => "Phone is ready, but these channels failed: {0}.",

        CheckingSession => "Checking your phone session…",
        SignInForm => "Sign in to Genesys",
        UserName => "User name",
        Password => "Password",
        SignIn => "Sign in",
        SigningIn => "Signing in…",
        SignOut => "Sign out",
        DialForm => "Dial a number",
        NumberToCall => "Number to call",
        Call => "Call",
        Calling => "Calling…",
        Dismiss => "Dismiss",
        DismissMessage => "Dismiss message",
        NoCalls => "No calls.",
        Calls => "Calls",
        CallControls => "Call controls",
        CallWith => "Call with {0}",
        Muted => "Muted",
        Duration => "Duration {0}",
        CallData => "Call data",
        EditCallData => "Edit call data",
        More => "More",
        MoreControlsFor => "More controls for the call with {0}",
        ConsultationFor => "Consultation for the call with {0}",
        PartiesOnCall => "Parties on the call",
        Remove => "Remove",
        RemoveFromCall => "Remove {0} from the call",
        KeypadSendTones => "Keypad: send tones",
        Tone => "Tone {0}",
        ToneStar => "Tone star",
        TonePound => "Tone pound",
        Key => "Key",
        Value => "Value",
        DeleteKey => "Delete key",
        TransferTo => "Transfer to",
        TransferNow => "Transfer now",
        ConsultThenTransfer => "Consult, then transfer",
        AddToCall => "Add to the call",
        AddNow => "Add now",
        ConsultThenAdd => "Consult, then add",
        Number => "Number",
        OfferTransferTo => "Transfer to {0}",
        OfferAddTo => "Add {0} to the call",
        OfferCall => "Call {0}",
        Cancel => "Cancel",
        RecentCalls => "Recent calls",
        DirIncoming => "Incoming",
        DirOutgoing => "Outgoing",
        DirInternal => "Internal",
        OutcomeAnswered => "answered",
        OutcomeMissed => "missed",
        OutcomeNotAnswered => "not answered",
        RecentSummary => "{0}, {1}, {2}",
        DispositionFor => "Disposition for the call with {0}",
        ChooseDisposition => "Choose a disposition…",
        Skip => "Skip",
        SkipDispositionFor => "Skip the disposition for the call with {0}",
        CallAgain => "Call again",
        CallAgainFor => "Call {0} again",
        DispositionChosen => "Disposition: {0}",
        ChangeStatus => "Change status",
        ChooseStatus => "Change status…",
        StatusLabel => "Status: ",
        SetReady => "Ready",
        SetNotReady => "Not Ready",
        SetAfterCallWork => "After Call Work",
        OfferQuestion => "{0} was clicked during the call with {1}.",
        PassFor => "{0} (call with {1})",
        ForDuration => "for {0}",
    }
}
