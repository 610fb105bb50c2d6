//! Français (espaces insécables avant « : », « ? », « ! » et dans « … »).

use super::Msg::{self, *};

pub(super) fn template(msg: Msg) -> &'static str {
    match msg {
        Raw => "{0}",
        Heading => "Téléphone",

        StateDialing => "Numérotation",
        StateRinging => "Sonnerie",
        StateConnected => "En communication",
        StateHeld => "En attente",
        StateEnded => "Terminé",
        StateInSentenceDialing => "en cours de numérotation",
        StateInSentenceRinging => "en train de sonner",
        StateInSentenceConnected => "en communication",
        StateInSentenceHeld => "en attente",
        StateInSentenceEnded => "terminé",
        StateInSentenceOther => "dans l’état « {0} »",
        SubjectCall => "un appel",
        SubjectPhone => "votre téléphone",
        SubjectSession => "votre session",
        ReportedWordsCode => {
            "Le système téléphonique signale un problème avec {0} : {1} (code {2})."
        }
        ReportedWords => "Le système téléphonique signale un problème avec {0} : {1}.",
        ReportedCode => "Le système téléphonique signale un problème avec {0} (code {1}).",
        Reported => {
            "Le système téléphonique signale un problème avec {0}. Si les appels échouent, vérifiez que votre téléphone est connecté."
        }
        UnknownNumber => "Numéro inconnu",
        UnknownNumberInSentence => "un numéro inconnu",
        NumberWithExtension => "{0} poste {1}",
        SpokenWithExtension => "{0} poste {1}",

        ConnNotConnected => "Non connecté",
        ConnConnecting => "Connexion…",
        ConnLive => "Mises à jour en direct actives ({0})",
        TransportWebSocket => "WebSocket",
        TransportLongPolling => "interrogation longue",
        ConnReconnecting => {
            "Connexion perdue. Nouvelle tentative dans {0|one:# seconde|other:# secondes}…"
        }
        ConnStopped => {
            "Mises à jour en direct arrêtées\u{a0}: {0}. Rechargez la page pour réessayer."
        }

        AnnDialing => "Numérotation de {0}.",
        AnnRinging => "Appel de {0}, ça sonne.",
        AnnConnected => "En communication avec {0}.",
        AnnHeld => "L’appel avec {0} est en attente.",
        AnnEnded => "L’appel avec {0} est terminé.",
        AnnOtherState => "Appel avec {0}\u{a0}: {1}.",
        AnnCalling => "Appel de {0} en cours.",
        AnnExtension => "Numérotation du poste {0}.",
        AnnStatus => "Votre statut est {0}.",
        AnnOffered => {
            "{0} est proposé\u{a0}: l’appeler, lui transférer l’appel, l’ajouter à l’appel ou \
             annuler."
        }

        AgentLoggedOut => "Déconnecté",
        AgentLoggedIn => "Connecté",
        AgentReady => "Disponible",
        AgentNotReady => "Indisponible",
        AgentAfterCallWork => "Post-appel",
        AgentStateWithReason => "{0} ({1})",

        CtlAnswer => "Répondre",
        CtlReject => "Refuser",
        CtlHangup => "Raccrocher",
        CtlCancelConsult => "Annuler la consultation",
        CtlClearCall => "Terminer l’appel pour tous",
        CtlHold => "Mettre en attente",
        CtlRetrieve => "Reprendre",
        CtlCompleteTransfer => "Terminer le transfert",
        CtlCompleteConference => "Terminer la conférence",
        CtlSwapCalls => "Basculer",
        CtlTransfer => "Transférer",
        CtlConference => "Conférence",
        CtlMute => "Couper le micro",
        CtlUnmute => "Rétablir le micro",
        CtlKeypad => "Clavier",
        CtlAttachData => "Joindre des données",
        CtlUpdateData => "Modifier les données",
        CtlDeleteAllData => "Supprimer toutes les données",
        CtlForCall => "{0} – appel avec {1}",
        CtlOfCall => "{0} – appel avec {1}",
        ActSendingTones => "L’envoi de tonalités",
        ActDeletingDataItem => "La suppression de la donnée",
        ActRemovingParty => "Le retrait du participant",

        SignInFirst => "Veuillez d’abord vous connecter au téléphone.",
        DialNoCall => "Le serveur a accepté l’appel vers {0}, mais aucun appel n’est apparu.",
        DoubleClickIgnored => "Un double-clic n’appelle qu’une fois\u{a0}; ce clic a été ignoré.",
        SessionStarting => {
            "La session téléphonique démarre encore. Veuillez réessayer dans un instant."
        }
        OutboundRecordInvalid => {
            "L’enregistrement sortant n’est pas valide ({0})\u{a0}; rien n’a été composé."
        }
        DialUnwritable => "L’appel n’a pas pu être rédigé.",
        CallGone => "Cet appel n’existe plus.",
        NoCall => "Il n’y a aucun appel.",
        NotPossibleOnCall => "{0} n’est pas possible sur cet appel pour le moment.",
        AlreadySending => "{0}\u{a0}: déjà en cours d’envoi.",
        NoOtherCall => "Il n’y a pas d’autre appel vers lequel basculer.",
        StatusBusy => "Votre statut est déjà en cours de changement.",
        SessionNotStarted => "La session téléphonique n’a pas pu démarrer\u{a0}: {0}",
        LiveUpdateUnreadable => "Une mise à jour en direct était illisible\u{a0}: {0}",
        EnterUserName => "Veuillez saisir votre nom d’utilisateur.",
        AlreadySigningIn => "Connexion déjà en cours.",
        AlreadySigningOut => "Déconnexion déjà en cours.",
        WrongPassword => "Le nom d’utilisateur ou le mot de passe est incorrect.",
        SignOutIncomplete => "La déconnexion n’a pas abouti\u{a0}: {0}",
        StatusNotOffered => "Ce statut n’est pas proposé ici.",
        CallNotInList => "Cet appel n’est plus dans la liste.",
        DispositionNotOffered => "Ce code de clôture n’est pas proposé ici.",
        DispositionBusy => "Un code de clôture est déjà en cours d’enregistrement.",
        OfferGone => "Ce numéro n’est plus proposé.",
        WidgetRemoved => "Le widget a été retiré.",
        MaybePlaced => {
            "{0} L’appel a peut-être quand même été passé : vérifiez la liste des appels avant de rappeler."
        }
        TabClosed => {
            "L’onglet qui envoyait cette demande a été fermé avant la réponse. La liste des appels montre ce qu’a le serveur."
        }
        OtherAgent => {
            "Le téléphone est maintenant connecté en tant que {0}, et non {1} ; rien n’a été fait."
        }
        NoDevice => {
            "Aucun appareil téléphonique n’est attribué à votre utilisateur, les appels sont donc impossibles. Veuillez contacter votre administrateur."
        }
        ChannelUnavailable => "Les mises à jour en direct pour {0} ne sont pas disponibles ({1}).",
        NeedsInput => "{0}\u{a0}: il manque des informations.",
        BadTones => "Les tonalités ne peuvent être que les chiffres 0 à 9, * et #.",
        SayWhichKey => "Indiquez quelle donnée supprimer.",
        SayWhichParty => "Indiquez quel participant retirer.",
        SignInToDial => "Connectez-vous d’abord au téléphone pour appeler ce numéro.",
        PageUserDataNotObject => {
            "L’attribut {0} de la page doit être un objet JSON comme {\"Key\":\"value\"}\u{a0}; \
             rien n’a été composé."
        }
        PageUserDataInvalid => {
            "L’attribut {0} de la page n’est pas du JSON valide ({1})\u{a0}; rien n’a été composé."
        }

        GuardAlreadyDialing => "{0} est déjà en cours de numérotation. Veuillez patienter.",
        GuardAwaitingCall => "{0} vient d’être composé. L’appel va apparaître.",
        GuardCallInProgress => "Vous êtes déjà en communication avec {0}.",
        GuardOtherDial => {
            "Impossible d’appeler {0} pour l’instant\u{a0}: {1} est encore en cours de \
             numérotation. Veuillez patienter."
        }

        NumEmpty => "Veuillez saisir un numéro de téléphone.",
        NumTooLong => "Ce texte est trop long pour être un numéro de téléphone.",
        NumNotANumber => "«\u{a0}{0}\u{a0}» n’est pas un numéro de téléphone.",
        NumInvalidCharacter => {
            "«\u{a0}{0}\u{a0}» n’est pas un numéro de téléphone\u{a0}: «\u{a0}{1}\u{a0}» ne peut \
             pas être composé."
        }
        NumMisplacedPlus => {
            "«\u{a0}{0}\u{a0}» n’est pas un numéro de téléphone\u{a0}: «\u{a0}+\u{a0}» ne peut \
             venir qu’en premier."
        }
        NumInvalidExtension => {
            "Le poste dans «\u{a0}{0}\u{a0}» n’est pas valide\u{a0}: uniquement des chiffres."
        }
        NumInvalidTelUri => "«\u{a0}{0}\u{a0}» n’est pas un lien téléphonique valide\u{a0}: {1}.",
        NumTooShort => {
            "Le numéro est trop court ({0|one:# chiffre|other:# chiffres}\u{a0}; au moins {1} \
             requis)."
        }
        NumTooLongDigits => {
            "Le numéro est trop long ({0|one:# chiffre|other:# chiffres}\u{a0}; au plus {1} \
             autorisés)."
        }

        NothingDialled => "Rien n’a été composé.",
        CallNotChanged => "L’appel n’a pas été modifié.",
        StatusNotChanged => "Votre statut n’a pas été modifié.",
        NotSignedInYet => "Vous n’êtes pas connecté.",
        NothingChanged => "Rien n’a été modifié.",
        Done => "C’est fait.",
        PartlyDone => "C’est fait, mais une partie de la demande a échoué.",
        NetUnreachable => {
            "Le serveur téléphonique est injoignable. Veuillez vérifier votre connexion réseau."
        }
        NetUnreachableDetail => {
            "Le serveur téléphonique est injoignable ({0}). Veuillez vérifier votre connexion \
             réseau."
        }
        SessionEnded => "Votre session a expiré. Veuillez vous reconnecter.",
        CsrfRefused => {
            "Le serveur téléphonique n’a pas accepté le jeton de sécurité de cette page (le \
             cookie de session est peut-être bloqué ou expiré). Veuillez vous reconnecter."
        }
        Http404 => {
            "Le serveur téléphonique ne connaît pas cette adresse (HTTP 404). Vérifiez l’URL du \
             serveur du widget. {0}"
        }
        HttpNotResponding => "Le serveur téléphonique ne répond pas pour le moment (HTTP {0}). {1}",
        HttpProblem => "Le serveur téléphonique a rencontré un problème (HTTP {0}). {1}",
        HttpRefused => "Le serveur téléphonique a refusé la demande (HTTP {0}). {1}",
        ChangePassword => {
            "Votre mot de passe doit être changé avant de vous connecter. Changez-le, puis \
             reconnectez-vous."
        }
        SystemUnavailable => {
            "Le système téléphonique n’est pas disponible pour le moment ({0}). {1}"
        }
        WordInternalError => "erreur interne",
        NotPossibleWhile => "Ce n’est pas possible tant que l’appel est {0}. {1}",
        NotPossibleWhileBecause => "Ce n’est pas possible tant que l’appel est {0} ({1}). {2}",
        NotPossibleDial => {
            "Ce n’est pas possible pour le moment (êtes-vous connecté et votre téléphone est-il \
             prêt\u{a0}?). {0}"
        }
        NotPossibleDialBecause => {
            "Ce n’est pas possible pour le moment (êtes-vous connecté et votre téléphone est-il \
             prêt\u{a0}?) ({0}). {1}"
        }
        NotPossibleNow => "Ce n’est pas possible pour le moment. {0}",
        NotPossibleNowBecause => "Ce n’est pas possible pour le moment ({0}). {1}",
        NoPermission => "Vous n’avez pas l’autorisation de le faire ({0}). {1}",
        WordRefusedBySystem => "refusé par le système téléphonique",
        NotFound => {
            "Le système téléphonique n’a pas trouvé cet appel ou cet appareil\u{a0}; il est \
             peut-être terminé ({0}). {1}"
        }
        WordNotFound => "introuvable",
        NumberNotAccepted => "Le système téléphonique n’a pas accepté le numéro ({0}). {1}",
        RequestNotAccepted => "Le système téléphonique n’a pas accepté la demande ({0}). {1}",
        WordInvalidRequest => "demande non valide",
        SystemRefused => "Le système téléphonique a refusé la demande ({0}). {1}",
        VoiceChannelFailed => {
            "Le canal téléphonique n’a pas pu démarrer\u{a0}: {0}. Les appels ne sont pas \
             possibles pour le moment."
        }
        ChannelsFailed => "Le téléphone est prêt, mais ces canaux ont échoué\u{a0}: {0}.",

        CheckingSession => "Vérification de votre session téléphonique…",
        SignInForm => "Connexion à Genesys",
        UserName => "Nom d’utilisateur",
        Password => "Mot de passe",
        SignIn => "Se connecter",
        SigningIn => "Connexion…",
        SignOut => "Se déconnecter",
        DialForm => "Composer un numéro",
        NumberToCall => "Numéro à appeler",
        Call => "Appeler",
        Calling => "Appel…",
        Dismiss => "Fermer",
        DismissMessage => "Fermer le message",
        NoCalls => "Aucun appel.",
        Calls => "Appels",
        CallControls => "Commandes d’appel",
        CallWith => "Appel avec {0}",
        Muted => "Micro coupé",
        Duration => "Durée {0}",
        CallData => "Données d’appel",
        EditCallData => "Modifier les données d’appel",
        More => "Plus",
        MoreControlsFor => "Autres commandes pour l’appel avec {0}",
        ConsultationFor => "Consultation pour l’appel avec {0}",
        PartiesOnCall => "Participants à l’appel",
        Remove => "Retirer",
        RemoveFromCall => "Retirer {0} de l’appel",
        KeypadSendTones => "Clavier\u{a0}: envoyer des tonalités",
        Tone => "Tonalité {0}",
        ToneStar => "Tonalité étoile",
        TonePound => "Tonalité dièse",
        Key => "Clé",
        Value => "Valeur",
        DeleteKey => "Supprimer la clé",
        TransferTo => "Transférer à",
        TransferNow => "Transférer maintenant",
        ConsultThenTransfer => "Consulter, puis transférer",
        AddToCall => "Ajouter à l’appel",
        AddNow => "Ajouter maintenant",
        ConsultThenAdd => "Consulter, puis ajouter",
        Number => "Numéro",
        OfferTransferTo => "Transférer à {0}",
        OfferAddTo => "Ajouter {0} à l’appel",
        OfferCall => "Appeler {0}",
        Cancel => "Annuler",
        RecentCalls => "Appels récents",
        DirIncoming => "Entrant",
        DirOutgoing => "Sortant",
        DirInternal => "Interne",
        OutcomeAnswered => "répondu",
        OutcomeMissed => "manqué",
        OutcomeNotAnswered => "sans réponse",
        RecentSummary => "{0}, {1}, {2}",
        DispositionFor => "Code de clôture pour l’appel avec {0}",
        ChooseDisposition => "Choisir un code de clôture…",
        Skip => "Passer",
        SkipDispositionFor => "Passer le code de clôture pour l’appel avec {0}",
        CallAgain => "Rappeler",
        CallAgainFor => "Rappeler {0}",
        DispositionChosen => "Code de clôture\u{a0}: {0}",
        ChangeStatus => "Changer de statut",
        ChooseStatus => "Changer de statut…",
        StatusLabel => "Statut\u{a0}: ",
        SetReady => "Disponible",
        SetNotReady => "Indisponible",
        SetAfterCallWork => "Post-appel",
        OfferQuestion => "{0} a été cliqué pendant l’appel avec {1}.",
        PassFor => "{0} (appel avec {1})",
        ForDuration => "depuis {0}",
    }
}
