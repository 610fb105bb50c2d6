//! Deutsch.

use super::Msg::{self, *};

pub(super) fn template(msg: Msg) -> &'static str {
    match msg {
        Raw => "{0}",
        Heading => "Telefon",

        StateDialing => "Wählt",
        StateRinging => "Klingelt",
        StateConnected => "Verbunden",
        StateHeld => "Gehalten",
        StateEnded => "Beendet",
        StateInSentenceDialing => "gewählt wird",
        StateInSentenceRinging => "klingelt",
        StateInSentenceConnected => "verbunden ist",
        StateInSentenceHeld => "gehalten wird",
        StateInSentenceEnded => "beendet ist",
        StateInSentenceOther => "im Zustand „{0}“ ist",
        SubjectCall => "einem Anruf",
        SubjectPhone => "Ihrem Telefon",
        SubjectSession => "Ihrer Sitzung",
        ReportedWordsCode => "Die Telefonanlage meldet ein Problem mit {0}: {1} (Code {2}).",
        ReportedWords => "Die Telefonanlage meldet ein Problem mit {0}: {1}.",
        ReportedCode => "Die Telefonanlage meldet ein Problem mit {0} (Code {1}).",
        Reported => {
            "Die Telefonanlage meldet ein Problem mit {0}. Wenn Anrufe fehlschlagen, prüfen Sie, ob Ihr Telefon verbunden ist."
        }
        UnknownNumber => "Unbekannte Nummer",
        UnknownNumberInSentence => "unbekannter Nummer",
        NumberWithExtension => "{0} Durchwahl {1}",
        SpokenWithExtension => "{0} Durchwahl {1}",

        ConnNotConnected => "Nicht verbunden",
        ConnConnecting => "Verbindung wird aufgebaut…",
        ConnLive => "Live-Aktualisierung an ({0})",
        TransportWebSocket => "WebSocket",
        TransportLongPolling => "Long-Polling",
        ConnReconnecting => {
            "Verbindung unterbrochen. Neuer Versuch in {0|one:# Sekunde|other:# Sekunden}…"
        }
        ConnStopped => {
            "Live-Aktualisierung gestoppt: {0}. Bitte laden Sie die Seite neu, um es erneut zu \
             versuchen."
        }

        AnnDialing => "{0} wird gewählt.",
        AnnRinging => "Anruf von {0} klingelt.",
        AnnConnected => "Verbunden mit {0}.",
        AnnHeld => "Anruf mit {0} wird gehalten.",
        AnnEnded => "Anruf mit {0} beendet.",
        AnnOtherState => "Anruf mit {0}: {1}.",
        AnnCalling => "{0} wird angerufen.",
        AnnExtension => "Durchwahl {0} wird gewählt.",
        AnnStatus => "Ihr Status ist {0}.",
        AnnOffered => {
            "{0} wird angeboten: anrufen, den Anruf weiterleiten, zum Anruf hinzufügen oder \
             abbrechen."
        }

        AgentLoggedOut => "Abgemeldet",
        AgentLoggedIn => "Angemeldet",
        AgentReady => "Bereit",
        AgentNotReady => "Nicht bereit",
        AgentAfterCallWork => "Nachbearbeitung",
        AgentStateWithReason => "{0} ({1})",

        CtlAnswer => "Annehmen",
        CtlReject => "Ablehnen",
        CtlHangup => "Auflegen",
        CtlCancelConsult => "Rückfrage abbrechen",
        CtlClearCall => "Anruf für alle beenden",
        CtlHold => "Halten",
        CtlRetrieve => "Zurückholen",
        CtlCompleteTransfer => "Weiterleitung abschließen",
        CtlCompleteConference => "Konferenz abschließen",
        CtlSwapCalls => "Makeln",
        CtlTransfer => "Weiterleiten",
        CtlConference => "Konferenz",
        CtlMute => "Stumm schalten",
        CtlUnmute => "Stummschaltung aufheben",
        CtlKeypad => "Tastenfeld",
        CtlAttachData => "Daten anhängen",
        CtlUpdateData => "Daten ändern",
        CtlDeleteAllData => "Alle Daten löschen",
        CtlForCall => "{0} – Anruf mit {1}",
        CtlOfCall => "{0} – Anruf mit {1}",
        ActSendingTones => "Das Senden von Tönen",
        ActDeletingDataItem => "Das Löschen des Datenelements",
        ActRemovingParty => "Das Entfernen des Teilnehmers",

        SignInFirst => "Bitte melden Sie sich zuerst am Telefon an.",
        DialNoCall => {
            "Der Server hat die Wahl von {0} angenommen, aber es ist kein Anruf erschienen."
        }
        DoubleClickIgnored => "Ein Doppelklick wählt nur einmal; dieser Klick wurde ignoriert.",
        SessionStarting => {
            "Die Telefonsitzung wird noch gestartet. Bitte versuchen Sie es gleich noch einmal."
        }
        OutboundRecordInvalid => {
            "Der Outbound-Datensatz ist ungültig ({0}); es wurde nichts gewählt."
        }
        DialUnwritable => "Die Wahl konnte nicht geschrieben werden.",
        CallGone => "Dieser Anruf ist nicht mehr vorhanden.",
        NoCall => "Es gibt keinen Anruf.",
        NotPossibleOnCall => "{0} ist bei diesem Anruf gerade nicht möglich.",
        AlreadySending => "{0} wird bereits gesendet.",
        NoOtherCall => "Es gibt keinen anderen Anruf zum Makeln.",
        StatusBusy => "Ihr Status wird bereits geändert.",
        SessionNotStarted => "Die Telefonsitzung konnte nicht gestartet werden: {0}",
        LiveUpdateUnreadable => "Eine Live-Aktualisierung war unlesbar: {0}",
        EnterUserName => "Bitte geben Sie Ihren Benutzernamen ein.",
        AlreadySigningIn => "Die Anmeldung läuft bereits.",
        AlreadySigningOut => "Die Abmeldung läuft bereits.",
        WrongPassword => "Benutzername oder Passwort ist falsch.",
        SignOutIncomplete => "Die Abmeldung wurde nicht abgeschlossen: {0}",
        StatusNotOffered => "Dieser Status wird hier nicht angeboten.",
        CallNotInList => "Dieser Anruf ist nicht mehr in der Liste.",
        DispositionNotOffered => "Dieser Abschlusscode wird hier nicht angeboten.",
        DispositionBusy => "Ein Abschlusscode wird bereits gespeichert.",
        OfferGone => "Diese Nummer wird nicht mehr angeboten.",
        WidgetRemoved => "Das Widget wurde entfernt.",
        MaybePlaced => {
            "{0} Der Anruf wurde vielleicht trotzdem aufgebaut: Prüfen Sie die Anrufliste, bevor Sie erneut wählen."
        }
        TabClosed => {
            "Der Tab, der diese Anfrage ausgeführt hat, wurde vor der Antwort geschlossen. Die Anrufliste zeigt, was der Server hat."
        }
        OtherAgent => "Am Telefon ist jetzt {0} angemeldet, nicht {1}; es wurde nichts ausgeführt.",
        NoDevice => {
            "Ihrem Benutzer ist kein Telefongerät zugewiesen, daher sind keine Anrufe möglich. Bitte wenden Sie sich an Ihre Administration."
        }
        ChannelUnavailable => "Live-Aktualisierungen für {0} sind nicht verfügbar ({1}).",
        NeedsInput => "{0} braucht weitere Angaben.",
        BadTones => "Töne können nur die Ziffern 0–9, * und # sein.",
        SayWhichKey => "Geben Sie an, welches Datenelement gelöscht werden soll.",
        SayWhichParty => "Geben Sie an, welcher Teilnehmer entfernt werden soll.",
        SignInToDial => "Melden Sie sich zuerst am Telefon an, um diese Nummer zu wählen.",
        PageUserDataNotObject => {
            "Das Attribut {0} der Seite muss ein JSON-Objekt wie {\"Key\":\"value\"} sein; es \
             wurde nichts gewählt."
        }
        PageUserDataInvalid => {
            "Das Attribut {0} der Seite ist kein gültiges JSON ({1}); es wurde nichts gewählt."
        }

        GuardAlreadyDialing => "{0} wird bereits gewählt. Bitte warten.",
        GuardAwaitingCall => "{0} wurde gerade gewählt. Der Anruf erscheint gleich.",
        GuardCallInProgress => "Sie haben bereits einen Anruf mit {0}.",
        GuardOtherDial => {
            "{0} kann noch nicht gewählt werden: {1} wird noch gewählt. Bitte warten."
        }

        NumEmpty => "Bitte geben Sie eine Telefonnummer ein.",
        NumTooLong => "Dieser Text ist zu lang für eine Telefonnummer.",
        NumNotANumber => "„{0}“ ist keine Telefonnummer.",
        NumInvalidCharacter => "„{0}“ ist keine Telefonnummer: „{1}“ kann nicht gewählt werden.",
        NumMisplacedPlus => "„{0}“ ist keine Telefonnummer: „+“ darf nur am Anfang stehen.",
        NumInvalidExtension => {
            "Die Durchwahl in „{0}“ ist ungültig: sie darf nur Ziffern enthalten."
        }
        NumInvalidTelUri => "„{0}“ ist kein gültiger Telefon-Link: {1}.",
        NumTooShort => {
            "Die Nummer ist zu kurz ({0|one:# Ziffer|other:# Ziffern}; mindestens {1} nötig)."
        }
        NumTooLongDigits => {
            "Die Nummer ist zu lang ({0|one:# Ziffer|other:# Ziffern}; höchstens {1} erlaubt)."
        }

        NothingDialled => "Es wurde nichts gewählt.",
        CallNotChanged => "Der Anruf wurde nicht geändert.",
        StatusNotChanged => "Ihr Status wurde nicht geändert.",
        NotSignedInYet => "Sie sind nicht angemeldet.",
        NothingChanged => "Es wurde nichts geändert.",
        Done => "Erledigt.",
        PartlyDone => "Erledigt, aber ein Teil der Anfrage ist fehlgeschlagen.",
        NetUnreachable => {
            "Der Telefonserver ist nicht erreichbar. Bitte prüfen Sie Ihre Netzwerkverbindung."
        }
        NetUnreachableDetail => {
            "Der Telefonserver ist nicht erreichbar ({0}). Bitte prüfen Sie Ihre \
             Netzwerkverbindung."
        }
        SessionEnded => "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
        CsrfRefused => {
            "Der Telefonserver hat das Sicherheitstoken dieser Seite nicht angenommen (das \
             Sitzungs-Cookie ist vielleicht blockiert oder abgelaufen). Bitte melden Sie sich \
             erneut an."
        }
        Http404 => {
            "Der Telefonserver kennt diese Adresse nicht (HTTP 404). Bitte prüfen Sie die \
             Server-URL des Widgets. {0}"
        }
        HttpNotResponding => "Der Telefonserver antwortet gerade nicht (HTTP {0}). {1}",
        HttpProblem => "Der Telefonserver hatte ein Problem (HTTP {0}). {1}",
        HttpRefused => "Der Telefonserver hat die Anfrage abgelehnt (HTTP {0}). {1}",
        ChangePassword => {
            "Ihr Passwort muss geändert werden, bevor Sie sich anmelden können. Bitte ändern \
             Sie es und melden Sie sich dann erneut an."
        }
        SystemUnavailable => "Die Telefonanlage ist gerade nicht verfügbar ({0}). {1}",
        WordInternalError => "interner Fehler",
        NotPossibleWhile => "Das ist nicht möglich, während der Anruf {0}. {1}",
        NotPossibleWhileBecause => "Das ist nicht möglich, während der Anruf {0} ({1}). {2}",
        NotPossibleDial => {
            "Das ist gerade nicht möglich (sind Sie angemeldet und ist Ihr Telefon bereit?). {0}"
        }
        NotPossibleDialBecause => {
            "Das ist gerade nicht möglich (sind Sie angemeldet und ist Ihr Telefon bereit?) \
             ({0}). {1}"
        }
        NotPossibleNow => "Das ist gerade nicht möglich. {0}",
        NotPossibleNowBecause => "Das ist gerade nicht möglich ({0}). {1}",
        NoPermission => "Dafür fehlt Ihnen die Berechtigung ({0}). {1}",
        WordRefusedBySystem => "von der Telefonanlage abgelehnt",
        NotFound => {
            "Die Telefonanlage hat diesen Anruf oder dieses Gerät nicht gefunden; vielleicht \
             ist er beendet ({0}). {1}"
        }
        WordNotFound => "nicht gefunden",
        NumberNotAccepted => "Die Telefonanlage hat die Nummer nicht angenommen ({0}). {1}",
        RequestNotAccepted => "Die Telefonanlage hat die Anfrage nicht angenommen ({0}). {1}",
        WordInvalidRequest => "ungültige Anfrage",
        SystemRefused => "Die Telefonanlage hat die Anfrage abgelehnt ({0}). {1}",
        VoiceChannelFailed => {
            "Der Telefonkanal konnte nicht gestartet werden: {0}. Anrufe sind gerade nicht \
             möglich."
        }
        ChannelsFailed => "Das Telefon ist bereit, aber diese Kanäle sind fehlgeschlagen: {0}.",

        CheckingSession => "Ihre Telefonsitzung wird geprüft…",
        SignInForm => "Bei Genesys anmelden",
        UserName => "Benutzername",
        Password => "Passwort",
        SignIn => "Anmelden",
        SigningIn => "Anmeldung läuft…",
        SignOut => "Abmelden",
        DialForm => "Eine Nummer wählen",
        NumberToCall => "Anzurufende Nummer",
        Call => "Anrufen",
        Calling => "Ruft an…",
        Dismiss => "Schließen",
        DismissMessage => "Meldung schließen",
        NoCalls => "Keine Anrufe.",
        Calls => "Anrufe",
        CallControls => "Anrufsteuerung",
        CallWith => "Anruf mit {0}",
        Muted => "Stumm",
        Duration => "Dauer {0}",
        CallData => "Anrufdaten",
        EditCallData => "Anrufdaten bearbeiten",
        More => "Mehr",
        MoreControlsFor => "Weitere Steuerung für den Anruf mit {0}",
        ConsultationFor => "Rückfrage zum Anruf mit {0}",
        PartiesOnCall => "Teilnehmer des Anrufs",
        Remove => "Entfernen",
        RemoveFromCall => "{0} aus dem Anruf entfernen",
        KeypadSendTones => "Tastenfeld: Töne senden",
        Tone => "Ton {0}",
        ToneStar => "Ton Stern",
        TonePound => "Ton Raute",
        Key => "Schlüssel",
        Value => "Wert",
        DeleteKey => "Schlüssel löschen",
        TransferTo => "Weiterleiten an",
        TransferNow => "Jetzt weiterleiten",
        ConsultThenTransfer => "Rückfrage, dann weiterleiten",
        AddToCall => "Zum Anruf hinzufügen",
        AddNow => "Jetzt hinzufügen",
        ConsultThenAdd => "Rückfrage, dann hinzufügen",
        Number => "Nummer",
        OfferTransferTo => "An {0} weiterleiten",
        OfferAddTo => "{0} zum Anruf hinzufügen",
        OfferCall => "{0} anrufen",
        Cancel => "Abbrechen",
        RecentCalls => "Letzte Anrufe",
        DirIncoming => "Eingehend",
        DirOutgoing => "Ausgehend",
        DirInternal => "Intern",
        OutcomeAnswered => "angenommen",
        OutcomeMissed => "verpasst",
        OutcomeNotAnswered => "nicht angenommen",
        RecentSummary => "{0}, {1}, {2}",
        DispositionFor => "Abschlusscode für den Anruf mit {0}",
        ChooseDisposition => "Abschlusscode wählen…",
        Skip => "Überspringen",
        SkipDispositionFor => "Abschlusscode für den Anruf mit {0} überspringen",
        CallAgain => "Erneut anrufen",
        CallAgainFor => "{0} erneut anrufen",
        DispositionChosen => "Abschlusscode: {0}",
        ChangeStatus => "Status ändern",
        ChooseStatus => "Status ändern…",
        StatusLabel => "Status: ",
        SetReady => "Bereit",
        SetNotReady => "Nicht bereit",
        SetAfterCallWork => "Nachbearbeitung",
        OfferQuestion => "{0} wurde während des Anrufs mit {1} angeklickt.",
        PassFor => "{0} (Anruf mit {1})",
        ForDuration => "seit {0}",
    }
}
