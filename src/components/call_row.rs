use yew::prelude::*;

use super::dtmf_keypad::DtmfKeypad;
use super::user_data_editor::UserDataEditor;
use crate::state::{CallCommand, CallRow, format_duration};

/// Operations shown as one button each; keypad and data editing get their own panels.
const USER_DATA_OPS: [&str; 4] = [
    "AttachUserData",
    "UpdateUserData",
    "DeleteUserData",
    "DeleteUserDataPair",
];

#[derive(Properties, PartialEq)]
pub struct CallRowProps {
    pub call: CallRow,
    pub now_ms: u64,
    /// operationNames in flight for this call (their buttons are disabled).
    pub pending: Vec<String>,
    pub on_command: Callback<(String, CallCommand)>,
}

#[component]
pub fn CallRowView(props: &CallRowProps) -> Html {
    let call = &props.call;
    let keypad_open = use_state(|| false);
    let data_open = use_state(|| false);
    let send = {
        let (id, on) = (call.id.clone(), props.on_command.clone());
        Callback::from(move |cmd: CallCommand| on.emit((id.clone(), cmd)))
    };

    let duration = call.started_ms.map(|start| {
        let end = call.ended_ms.unwrap_or(props.now_ms);
        format_duration(end.saturating_sub(start) / 1000)
    });

    let mut buttons = Vec::new();
    for control in &call.controls {
        let op = control.operation.as_str();
        if USER_DATA_OPS.contains(&op) {
            continue;
        }
        if op == "SendDtmf" {
            let open = keypad_open.clone();
            buttons.push(html! {
                <button type="button" aria-expanded={(*keypad_open).to_string()}
                    aria-label={control.label.clone()}
                    onclick={Callback::from(move |_: MouseEvent| open.set(!*open))}>
                    { "Keypad" }
                </button>
            });
            continue;
        }
        let disabled = props.pending.iter().any(|p| p == op);
        let class = if op == "Hangup" || op == "Reject" || op == "ClearCall" {
            "danger"
        } else if op == "Answer" {
            "primary"
        } else {
            ""
        };
        let send = send.clone();
        let command = CallCommand::Simple(op.to_string());
        buttons.push(html! {
            <button type="button" class={class} disabled={disabled} aria-label={control.label.clone()}
                onclick={Callback::from(move |_: MouseEvent| send.emit(command.clone()))}>
                { control.label.clone() }
            </button>
        });
    }
    let any_data_op = USER_DATA_OPS.iter().any(|op| call.can(op));
    if any_data_op {
        let open = data_open.clone();
        buttons.push(html! {
            <button type="button" aria-expanded={(*data_open).to_string()}
                onclick={Callback::from(move |_: MouseEvent| open.set(!*open))}>
                { "Edit call data" }
            </button>
        });
    }

    let state_class = format!("call state-{}", call.state.to_ascii_lowercase());
    let class = if call.released {
        format!("{state_class} released")
    } else {
        state_class
    };
    html! {
        <li class={class} data-call-id={call.id.clone()} aria-label={format!("Call with {}", call.other_party)}>
            <div class="row">
                <span class="state" data-testid="call-state">{ call.state_label.clone() }</span>
                <span class="grow party" data-testid="call-party">{ call.other_party.clone() }</span>
                if call.muted { <span class="muted">{ "Muted" }</span> }
                if let Some(d) = duration {
                    <span class="muted duration" aria-label={format!("Duration {d}")}>{ d }</span>
                }
            </div>
            if !call.user_data.is_empty() {
                <dl class="userdata" aria-label="Call data">
                    { for call.user_data.iter().map(|(k, v)| html! {
                        <>
                            <dt>{ k.clone() }</dt>
                            <dd>{ v.clone() }</dd>
                        </>
                    }) }
                </dl>
            }
            if !buttons.is_empty() {
                <div class="controls" role="group" aria-label="Call controls">{ for buttons }</div>
            }
            if *keypad_open && call.can("SendDtmf") {
                <DtmfKeypad on_digits={send.reform(CallCommand::SendDtmf)}
                    disabled={props.pending.iter().any(|p| p == "SendDtmf")} />
            }
            if *data_open && any_data_op {
                <UserDataEditor id={AttrValue::from(call.id.clone())}
                    can_attach={call.can("AttachUserData")} can_update={call.can("UpdateUserData")}
                    can_delete_pair={call.can("DeleteUserDataPair")}
                    can_delete_all={call.can("DeleteUserData")} on_command={send.clone()} />
            }
        </li>
    }
}
