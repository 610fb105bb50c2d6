//! Call capabilities per state, from the reference's §5.3 table (orders follow the samples).

use super::{CallState, ConsultKind, Leg, World};

const DIALING: &[&str] = &[
    "DeleteUserDataPair",
    "AttachUserData",
    "Hangup",
    "DeleteUserData",
    "SendDtmf",
    "UpdateUserData",
];
const RINGING: &[&str] = &[
    "Answer",
    "UpdateUserData",
    "DeleteUserData",
    "DeleteUserDataPair",
    "AttachUserData",
    "ClearCall",
];
const ESTABLISHED: &[&str] = &[
    "UpdateUserData",
    "DeleteUserData",
    "DeleteUserDataPair",
    "InitiateConference",
    "AttachUserData",
    "Hangup",
    "SingleStepConference",
    "SingleStepTransfer",
    "SendDtmf",
    "ClearCall",
    "Hold",
    "InitiateTransfer",
];
const HELD: &[&str] = &[
    "SingleStepTransfer",
    "InitiateConference",
    "Retrieve",
    "SingleStepConference",
    "InitiateTransfer",
    "DeleteUserData",
    "AttachUserData",
    "DeleteUserDataPair",
    "Hangup",
    "UpdateUserData",
];
const HELD_TRANSFER_PARENT: &[&str] = &[
    "UpdateUserData",
    "SwapCalls",
    "InitiateConference",
    "SingleStepTransfer",
    "InitiateTransfer",
    "AttachUserData",
    "DeleteUserDataPair",
    "SingleStepConference",
    "DeleteUserData",
    "Hangup",
    "CompleteTransfer",
];
const HELD_CONFERENCE_PARENT: &[&str] = &[
    "UpdateUserData",
    "Retrieve",
    "InitiateConference",
    "SingleStepTransfer",
    "InitiateTransfer",
    "AttachUserData",
    "DeleteUserDataPair",
    "SingleStepConference",
    "DeleteUserData",
    "Hangup",
    "CompleteConference",
    "SwapCalls",
];

/// The consult call linked to `parent`, if any is live.
pub fn consult_child<'a>(world: &'a World, parent: &Leg) -> Option<&'a Leg> {
    if world.live_consults == 0 {
        return None;
    }
    world
        .agent_legs_iter(parent.agent)
        .find(|l| l.consult_of.as_ref().is_some_and(|(p, _)| *p == parent.id))
}

/// Another call of the same agent is Established.
fn other_established(world: &World, leg: &Leg) -> bool {
    world
        .agent_legs_iter(leg.agent)
        .any(|l| l.id != leg.id && l.state == CallState::Established)
}

pub fn for_leg(world: &World, leg: &Leg) -> Vec<&'static str> {
    let mut caps: Vec<&'static str> = match leg.state {
        CallState::Released => return vec![],
        CallState::Dialing => DIALING.to_vec(),
        CallState::Ringing => {
            let mut c = RINGING.to_vec();
            if leg.via_queue {
                c.insert(1, "Reject");
            }
            c
        }
        CallState::Held => {
            // A held parent of a live consult, or a held consult of a live parent (after
            // SwapCalls), offers the consult's completion and SwapCalls.
            let kind = consult_child(world, leg)
                .and_then(|c| c.consult_of.as_ref().map(|(_, k)| *k))
                .or_else(|| {
                    leg.consult_of
                        .as_ref()
                        .filter(|(p, _)| world.legs.contains_key(p))
                        .map(|(_, k)| *k)
                });
            match kind {
                Some(ConsultKind::Transfer) => HELD_TRANSFER_PARENT.to_vec(),
                Some(ConsultKind::Conference) => HELD_CONFERENCE_PARENT.to_vec(),
                None => {
                    let mut c = HELD.to_vec();
                    if other_established(world, leg) {
                        c.push("SwapCalls");
                    }
                    c
                }
            }
        }
        CallState::Established => {
            let mut c = ESTABLISHED.to_vec();
            let other_held = world
                .agent_legs_iter(leg.agent)
                .any(|l| l.id != leg.id && l.state == CallState::Held);
            if other_held {
                c.push("SwapCalls");
            }
            // Reference §5.3 "Established (with another call held)": a consult call, or a
            // parent talking again after SwapCalls, may complete the consultation.
            let linked_consult = leg
                .consult_of
                .as_ref()
                .is_some_and(|(p, _)| world.legs.contains_key(p))
                || consult_child(world, leg).is_some();
            if linked_consult {
                c.push("CompleteTransfer");
                c.push("CompleteConference");
            }
            let in_conference = world
                .conns
                .get(&leg.conn)
                .is_some_and(|c| c.parties.len() >= 3);
            if in_conference {
                c.push("RemoveParticipantFromConference");
            }
            if world.cfg.capabilities.mute {
                c.push(if leg.muted { "UnmuteCall" } else { "MuteCall" });
            }
            if world.cfg.capabilities.recording {
                match leg.recording {
                    Some("Recording") => c.extend(["PauseCallRecording", "StopCallRecording"]),
                    Some("Paused") => c.extend(["ResumeCallRecording", "StopCallRecording"]),
                    _ => c.push("StartCallRecording"),
                }
            }
            c
        }
    };
    caps.dedup();
    caps
}
