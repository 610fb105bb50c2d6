use dialer_core::controls::Control;
use dialer_core::desk::view::{elapsed_s, party_arg};
use dialer_core::desk::{CallAction, CallRow};
use dialer_core::i18n::{Msg, Text};
use yew::prelude::*;

use super::use_locale;

use super::clock::{Running, duration};
use super::dtmf_keypad::DtmfKeypad;
use super::transfer_panel::{Pass, TransferPanel};
use super::user_data_editor::UserDataEditor;

#[derive(Properties, PartialEq)]
pub struct CallRowProps {
    pub call: CallRow,
    pub on_action: Callback<(String, CallAction)>,
}

/// One call: state, party, running duration, data (as text), and exactly the controls its
/// capabilities allow. Controls that need input open a panel (keypad, data editor).
#[component]
pub fn CallRowView(props: &CallRowProps) -> Html {
    #[cfg(debug_assertions)]
    super::render_count::count("CallRowView");
    let l = use_locale();
    let call = &props.call;
    let keypad_open = use_state(|| false);
    let data_open = use_state(|| false);
    // Which destination panel is open (transfer or conference), if any.
    let pass_open = use_state(|| None::<Pass>);
    let send = {
        let (id, on) = (call.id.clone(), props.on_action.clone());
        Callback::from(move |action: CallAction| on.emit((id.clone(), action)))
    };

    // Main controls (answer, end, hold) and the others: in the panel layout one row; in the bar
    // layout (styles.css) the others are a popover opened by the row's "More" button.
    let mut buttons = Vec::new();
    let mut more = Vec::new();
    for control in &call.controls {
        let control = *control;
        match control {
            // The data actions share one editor panel, opened below.
            Control::AttachUserData | Control::UpdateUserData | Control::DeleteUserData => continue,
            Control::Transfer | Control::Conference => {
                let pass = if control == Control::Transfer {
                    Pass::Transfer
                } else {
                    Pass::Conference
                };
                let open = pass_open.clone();
                let expanded = *pass_open == Some(pass);
                more.push(html! {
                    <button type="button" aria-expanded={expanded.to_string()}
                        aria-label={l.t(control.label_for(call.other_party.as_deref()))}
                        onclick={Callback::from(move |_: MouseEvent| {
                            open.set(if *open == Some(pass) { None } else { Some(pass) })
                        })}>
                        { l.t(control.label()) }
                    </button>
                });
            }
            Control::SendDtmf => {
                let open = keypad_open.clone();
                more.push(html! {
                    <button type="button" aria-expanded={(*keypad_open).to_string()}
                        aria-label={l.t(control.label())}
                        onclick={Callback::from(move |_: MouseEvent| open.set(!*open))}>
                        { l.t(control.label()) }
                    </button>
                });
            }
            _ => {
                let class = if control.is_destructive() {
                    "danger"
                } else if control == Control::Answer {
                    "primary"
                } else {
                    ""
                };
                let send = send.clone();
                let main = matches!(
                    control,
                    Control::Answer
                        | Control::Reject
                        | Control::Hangup
                        | Control::CancelConsult
                        | Control::ClearCall
                        | Control::Hold
                        | Control::Retrieve
                        | Control::CompleteTransfer
                        | Control::CompleteConference
                        | Control::SwapCalls
                );
                let group = if main { &mut buttons } else { &mut more };
                group.push(html! {
                    <button type="button" class={class} disabled={call.is_pending(control.operation())}
                        aria-label={l.t(control.label())}
                        onclick={Callback::from(move |_: MouseEvent| send.emit(CallAction::Control(control)))}>
                        { l.t(control.label()) }
                    </button>
                });
            }
        }
    }
    if call.can_edit_data() {
        let open = data_open.clone();
        more.push(html! {
            <button type="button" aria-expanded={(*data_open).to_string()}
                onclick={Callback::from(move |_: MouseEvent| open.set(!*open))}>
                { l.t(Msg::EditCallData) }
            </button>
        });
    }

    let more_id = format!("gws-call-more-{}", call.id);
    let class = classes!(
        "call",
        format!("state-{}", call.state.to_ascii_lowercase()),
        call.released.then_some("released")
    );
    html! {
        <li class={class} data-call-id={call.id.clone()} aria-label={l.t(Text::new(Msg::CallWith, vec![call.party_arg()]))}>
            <div class="row">
                <span class="state" data-testid="call-state">{ l.t(call.state_label.clone()) }</span>
                <span class="grow party" data-testid="call-party">{ l.t(call.party()) }</span>
                if call.muted { <span class="muted">{ l.t(Msg::Muted) }</span> }
                if let Some(ended_ms) = call.ended_ms {
                    { duration(&l, "muted duration", Msg::Duration, "", elapsed_s(call.started_ms, Some(ended_ms), 0)) }
                } else {
                    <Running since_ms={call.started_ms} class="muted duration" label={Msg::Duration} />
                }
            </div>
            if !call.user_data.is_empty() {
                <dl class="userdata" aria-label={l.t(Msg::CallData)}>
                    { for call.user_data.iter().map(|(k, v)| html! {
                        <>
                            <dt>{ k.clone() }</dt>
                            <dd>{ v.clone() }</dd>
                        </>
                    }) }
                </dl>
            }
            if !buttons.is_empty() || !more.is_empty() {
                <div class="controls" role="group" aria-label={l.t(Msg::CallControls)}>
                    { for buttons }
                    if !more.is_empty() {
                        <button type="button" class="more" popovertarget={more_id.clone()}
                            aria-label={l.t(Text::new(Msg::MoreControlsFor, vec![call.party_arg()]))}>
                            { l.t(Msg::More) }
                        </button>
                        <div class="more-controls" id={more_id} popover="auto">{ for more }</div>
                    }
                </div>
            }
            if let Some(party) = &call.consult_for {
                <p class="muted consult">{ l.t(Text::new(Msg::ConsultationFor, vec![party_arg(party.as_deref())])) }</p>
            }
            if call.parties.len() > 1 {
                <ul class="parties" aria-label={l.t(Msg::PartiesOnCall)}>
                    { for call.parties.iter().map(|p| {
                        let remove = {
                            let (p, send) = (p.clone(), send.clone());
                            Callback::from(move |_: MouseEvent| send.emit(CallAction::RemoveParticipant(p.clone())))
                        };
                        html! {
                            <li class="row">
                                <span class="grow">{ p.clone() }</span>
                                if call.can_remove_party {
                                    <button type="button" class="danger" aria-label={l.t(Text::new(Msg::RemoveFromCall, vec![p.as_str().into()]))}
                                        disabled={call.is_pending("RemoveParticipantFromConference")}
                                        onclick={remove}>{ l.t(Msg::Remove) }</button>
                                }
                            </li>
                        }
                    }) }
                </ul>
            }
            if let Some(pass) = *pass_open {
                <TransferPanel pass={pass} party={AttrValue::from(l.t(call.party()))}
                    single_step={call.can_single_step(pass == Pass::Transfer)}
                    consult={call.can_consult(pass == Pass::Transfer)}
                    disabled={call.is_pending(if pass == Pass::Transfer { "InitiateTransfer" } else { "InitiateConference" })
                        || call.is_pending(if pass == Pass::Transfer { "SingleStepTransfer" } else { "SingleStepConference" })}
                    on_send={{
                        let (send, open) = (send.clone(), pass_open.clone());
                        Callback::from(move |(destination, consult): (String, bool)| {
                            open.set(None);
                            send.emit(if pass == Pass::Transfer {
                                CallAction::Transfer { destination, consult }
                            } else {
                                CallAction::Conference { destination, consult }
                            })
                        })
                    }} />
            }
            if *keypad_open && call.can_dtmf {
                <DtmfKeypad on_digits={send.reform(CallAction::SendDtmf)}
                    disabled={call.is_pending("SendDtmf")} />
            }
            if *data_open && call.can_edit_data() {
                <UserDataEditor id={AttrValue::from(call.id.clone())}
                    can_attach={call.can_attach} can_update={call.can_update}
                    can_delete_pair={call.can_delete_pair}
                    can_delete_all={call.can_delete_all} on_command={send.clone()} />
            }
        </li>
    }
}
