//! Español.

use super::Msg::{self, *};

pub(super) fn template(msg: Msg) -> &'static str {
    match msg {
        Raw => "{0}",
        Heading => "Teléfono",

        StateDialing => "Marcando",
        StateRinging => "Sonando",
        StateConnected => "Conectada",
        StateHeld => "En espera",
        StateEnded => "Finalizada",
        StateInSentenceDialing => "marcando",
        StateInSentenceRinging => "sonando",
        StateInSentenceConnected => "conectada",
        StateInSentenceHeld => "en espera",
        StateInSentenceEnded => "finalizada",
        StateInSentenceOther => "en el estado «{0}»",
        SubjectCall => "una llamada",
        SubjectPhone => "su teléfono",
        SubjectSession => "su sesión",
        ReportedWordsCode => {
            "El sistema telefónico informa de un problema con {0}: {1} (código {2})."
        }
        ReportedWords => "El sistema telefónico informa de un problema con {0}: {1}.",
        ReportedCode => "El sistema telefónico informa de un problema con {0} (código {1}).",
        Reported => {
            "El sistema telefónico informa de un problema con {0}. Si las llamadas fallan, compruebe que su teléfono está conectado."
        }
        UnknownNumber => "Número desconocido",
        UnknownNumberInSentence => "un número desconocido",
        NumberWithExtension => "{0} ext. {1}",
        SpokenWithExtension => "{0} extensión {1}",

        ConnNotConnected => "Sin conexión",
        ConnConnecting => "Conectando…",
        ConnLive => "Actualizaciones en directo activas ({0})",
        TransportWebSocket => "WebSocket",
        TransportLongPolling => "sondeo largo",
        ConnReconnecting => "Conexión perdida. Reconectando en {0|one:# segundo|other:# segundos}…",
        ConnStopped => {
            "Actualizaciones en directo detenidas: {0}. Vuelva a cargar la página para \
             intentarlo de nuevo."
        }

        AnnDialing => "Marcando {0}.",
        AnnRinging => "Llamada de {0} sonando.",
        AnnConnected => "Conectado con {0}.",
        AnnHeld => "La llamada con {0} está en espera.",
        AnnEnded => "La llamada con {0} ha finalizado.",
        AnnOtherState => "Llamada con {0}: {1}.",
        AnnCalling => "Llamando a {0}.",
        AnnExtension => "Marcando la extensión {0}.",
        AnnStatus => "Su estado es {0}.",
        AnnOffered => {
            "Se ofrece {0}: llamarlo, transferirle la llamada, añadirlo a la llamada o cancelar."
        }

        AgentLoggedOut => "Sesión cerrada",
        AgentLoggedIn => "Sesión iniciada",
        AgentReady => "Disponible",
        AgentNotReady => "No disponible",
        AgentAfterCallWork => "Trabajo posterior a la llamada",
        AgentStateWithReason => "{0} ({1})",

        CtlAnswer => "Contestar",
        CtlReject => "Rechazar",
        CtlHangup => "Colgar",
        CtlCancelConsult => "Cancelar la consulta",
        CtlClearCall => "Finalizar la llamada para todos",
        CtlHold => "Poner en espera",
        CtlRetrieve => "Recuperar",
        CtlCompleteTransfer => "Completar la transferencia",
        CtlCompleteConference => "Completar la conferencia",
        CtlSwapCalls => "Alternar llamadas",
        CtlTransfer => "Transferir",
        CtlConference => "Conferencia",
        CtlMute => "Silenciar",
        CtlUnmute => "Activar el micrófono",
        CtlKeypad => "Teclado",
        CtlAttachData => "Adjuntar datos",
        CtlUpdateData => "Actualizar datos",
        CtlDeleteAllData => "Borrar todos los datos",
        CtlForCall => "{0}: llamada con {1}",
        CtlOfCall => "{0}: llamada con {1}",
        ActSendingTones => "El envío de tonos",
        ActDeletingDataItem => "El borrado del dato",
        ActRemovingParty => "La retirada del participante",

        SignInFirst => "Inicie sesión primero en el teléfono.",
        DialNoCall => "El servidor aceptó la llamada a {0}, pero no apareció ninguna llamada.",
        DoubleClickIgnored => "Un doble clic marca una sola vez; este clic se ha ignorado.",
        SessionStarting => {
            "La sesión telefónica aún se está iniciando. Vuelva a intentarlo en un momento."
        }
        OutboundRecordInvalid => "El registro saliente no es válido ({0}); no se ha marcado nada.",
        DialUnwritable => "No se ha podido redactar la llamada.",
        CallGone => "Esa llamada ya no existe.",
        NoCall => "No hay ninguna llamada.",
        NotPossibleOnCall => "{0} no es posible en esta llamada ahora mismo.",
        AlreadySending => "{0} ya se está enviando.",
        NoOtherCall => "No hay otra llamada a la que alternar.",
        StatusBusy => "Su estado ya se está cambiando.",
        SessionNotStarted => "No se ha podido iniciar la sesión telefónica: {0}",
        LiveUpdateUnreadable => "No se ha podido leer una actualización en directo: {0}",
        EnterUserName => "Introduzca su nombre de usuario.",
        AlreadySigningIn => "Ya se está iniciando sesión.",
        AlreadySigningOut => "Ya se está cerrando la sesión.",
        WrongPassword => "El nombre de usuario o la contraseña no son correctos.",
        SignOutIncomplete => "No se ha completado el cierre de sesión: {0}",
        StatusNotOffered => "Ese estado no se ofrece aquí.",
        CallNotInList => "Esa llamada ya no está en la lista.",
        DispositionNotOffered => "Ese código de cierre no se ofrece aquí.",
        DispositionBusy => "Ya se está guardando un código de cierre.",
        OfferGone => "Ese número ya no se ofrece.",
        WidgetRemoved => "Se ha quitado el widget.",
        MaybePlaced => {
            "{0} Puede que la llamada se haya realizado: compruebe la lista de llamadas antes de volver a marcar."
        }
        TabClosed => {
            "La pestaña que enviaba esta solicitud se cerró antes de responder. La lista de llamadas muestra lo que tiene el servidor."
        }
        OtherAgent => "El teléfono tiene ahora la sesión de {0}, no de {1}; no se ha hecho nada.",
        NoDevice => {
            "Su usuario no tiene ningún dispositivo telefónico asignado, así que no se pueden hacer llamadas. Consulte a su administrador."
        }
        ChannelUnavailable => "Las actualizaciones en directo de {0} no están disponibles ({1}).",
        NeedsInput => "{0} necesita más datos.",
        BadTones => "Los tonos solo pueden ser los dígitos 0-9, * y #.",
        SayWhichKey => "Indique qué dato borrar.",
        SayWhichParty => "Indique qué participante retirar.",
        SignInToDial => "Inicie sesión primero en el teléfono para marcar este número.",
        PageUserDataNotObject => {
            "El atributo {0} de la página debe ser un objeto JSON como {\"Key\":\"value\"}; no se \
             ha marcado nada."
        }
        PageUserDataInvalid => {
            "El atributo {0} de la página no es JSON válido ({1}); no se ha marcado nada."
        }

        GuardAlreadyDialing => "Ya se está marcando {0}. Espere, por favor.",
        GuardAwaitingCall => "Se acaba de marcar {0}. La llamada aparecerá enseguida.",
        GuardCallInProgress => "Ya tiene una llamada con {0}.",
        GuardOtherDial => "Aún no se puede marcar {0}: se está marcando {1}. Espere, por favor.",

        NumEmpty => "Introduzca un número de teléfono.",
        NumTooLong => "Ese texto es demasiado largo para ser un número de teléfono.",
        NumNotANumber => "«{0}» no es un número de teléfono.",
        NumInvalidCharacter => "«{0}» no es un número de teléfono: «{1}» no se puede marcar.",
        NumMisplacedPlus => "«{0}» no es un número de teléfono: «+» solo puede ir al principio.",
        NumInvalidExtension => "La extensión de «{0}» no es válida: solo puede tener dígitos.",
        NumInvalidTelUri => "«{0}» no es un enlace telefónico válido: {1}.",
        NumTooShort => {
            "El número es demasiado corto ({0|one:# dígito|other:# dígitos}; se necesitan al \
             menos {1})."
        }
        NumTooLongDigits => {
            "El número es demasiado largo ({0|one:# dígito|other:# dígitos}; se permiten como \
             máximo {1})."
        }

        NothingDialled => "No se ha marcado nada.",
        CallNotChanged => "La llamada no se ha modificado.",
        StatusNotChanged => "Su estado no se ha modificado.",
        NotSignedInYet => "No ha iniciado sesión.",
        NothingChanged => "No se ha modificado nada.",
        Done => "Hecho.",
        PartlyDone => "Hecho, pero una parte de la solicitud ha fallado.",
        NetUnreachable => {
            "No se puede contactar con el servidor telefónico. Compruebe su conexión de red."
        }
        NetUnreachableDetail => {
            "No se puede contactar con el servidor telefónico ({0}). Compruebe su conexión de red."
        }
        SessionEnded => "Su sesión ha caducado. Vuelva a iniciar sesión.",
        CsrfRefused => {
            "El servidor telefónico no aceptó el token de seguridad de esta página (puede que la \
             cookie de sesión esté bloqueada o caducada). Vuelva a iniciar sesión."
        }
        Http404 => {
            "El servidor telefónico no conoce esta dirección (HTTP 404). Compruebe la URL del \
             servidor del widget. {0}"
        }
        HttpNotResponding => "El servidor telefónico no responde ahora mismo (HTTP {0}). {1}",
        HttpProblem => "El servidor telefónico ha tenido un problema (HTTP {0}). {1}",
        HttpRefused => "El servidor telefónico ha rechazado la solicitud (HTTP {0}). {1}",
        ChangePassword => {
            "Debe cambiar su contraseña antes de iniciar sesión. Cámbiela y vuelva a iniciar \
             sesión."
        }
        SystemUnavailable => "El sistema telefónico no está disponible ahora mismo ({0}). {1}",
        WordInternalError => "error interno",
        NotPossibleWhile => "No es posible mientras la llamada está {0}. {1}",
        NotPossibleWhileBecause => "No es posible mientras la llamada está {0} ({1}). {2}",
        NotPossibleDial => {
            "No es posible ahora mismo (¿ha iniciado sesión y está listo su teléfono?). {0}"
        }
        NotPossibleDialBecause => {
            "No es posible ahora mismo (¿ha iniciado sesión y está listo su teléfono?) ({0}). {1}"
        }
        NotPossibleNow => "No es posible ahora mismo. {0}",
        NotPossibleNowBecause => "No es posible ahora mismo ({0}). {1}",
        NoPermission => "No tiene permiso para hacerlo ({0}). {1}",
        WordRefusedBySystem => "rechazado por el sistema telefónico",
        NotFound => {
            "El sistema telefónico no encontró esa llamada o ese dispositivo; puede que haya \
             finalizado ({0}). {1}"
        }
        WordNotFound => "no encontrado",
        NumberNotAccepted => "El sistema telefónico no aceptó el número ({0}). {1}",
        RequestNotAccepted => "El sistema telefónico no aceptó la solicitud ({0}). {1}",
        WordInvalidRequest => "solicitud no válida",
        SystemRefused => "El sistema telefónico ha rechazado la solicitud ({0}). {1}",
        VoiceChannelFailed => {
            "No se ha podido iniciar el canal telefónico: {0}. Ahora mismo no se puede llamar."
        }
        ChannelsFailed => "El teléfono está listo, pero estos canales han fallado: {0}.",

        CheckingSession => "Comprobando su sesión telefónica…",
        SignInForm => "Iniciar sesión en Genesys",
        UserName => "Nombre de usuario",
        Password => "Contraseña",
        SignIn => "Iniciar sesión",
        SigningIn => "Iniciando sesión…",
        SignOut => "Cerrar sesión",
        DialForm => "Marcar un número",
        NumberToCall => "Número al que llamar",
        Call => "Llamar",
        Calling => "Llamando…",
        Dismiss => "Cerrar",
        DismissMessage => "Cerrar el mensaje",
        NoCalls => "No hay llamadas.",
        Calls => "Llamadas",
        CallControls => "Controles de la llamada",
        CallWith => "Llamada con {0}",
        Muted => "Silenciada",
        Duration => "Duración {0}",
        CallData => "Datos de la llamada",
        EditCallData => "Editar los datos de la llamada",
        More => "Más",
        MoreControlsFor => "Más controles para la llamada con {0}",
        ConsultationFor => "Consulta para la llamada con {0}",
        PartiesOnCall => "Participantes de la llamada",
        Remove => "Retirar",
        RemoveFromCall => "Retirar a {0} de la llamada",
        KeypadSendTones => "Teclado: enviar tonos",
        Tone => "Tono {0}",
        ToneStar => "Tono asterisco",
        TonePound => "Tono almohadilla",
        Key => "Clave",
        Value => "Valor",
        DeleteKey => "Borrar la clave",
        TransferTo => "Transferir a",
        TransferNow => "Transferir ahora",
        ConsultThenTransfer => "Consultar y luego transferir",
        AddToCall => "Añadir a la llamada",
        AddNow => "Añadir ahora",
        ConsultThenAdd => "Consultar y luego añadir",
        Number => "Número",
        OfferTransferTo => "Transferir a {0}",
        OfferAddTo => "Añadir {0} a la llamada",
        OfferCall => "Llamar a {0}",
        Cancel => "Cancelar",
        RecentCalls => "Llamadas recientes",
        DirIncoming => "Entrante",
        DirOutgoing => "Saliente",
        DirInternal => "Interna",
        OutcomeAnswered => "contestada",
        OutcomeMissed => "perdida",
        OutcomeNotAnswered => "sin respuesta",
        RecentSummary => "{0}, {1}, {2}",
        DispositionFor => "Código de cierre para la llamada con {0}",
        ChooseDisposition => "Elija un código de cierre…",
        Skip => "Omitir",
        SkipDispositionFor => "Omitir el código de cierre de la llamada con {0}",
        CallAgain => "Volver a llamar",
        CallAgainFor => "Volver a llamar a {0}",
        DispositionChosen => "Código de cierre: {0}",
        ChangeStatus => "Cambiar de estado",
        ChooseStatus => "Cambiar de estado…",
        StatusLabel => "Estado: ",
        SetReady => "Disponible",
        SetNotReady => "No disponible",
        SetAfterCallWork => "Trabajo posterior a la llamada",
        OfferQuestion => "Se hizo clic en {0} durante la llamada con {1}.",
        PassFor => "{0} (llamada con {1})",
        ForDuration => "desde hace {0}",
    }
}
