//! A number clicked on the page while a call is live is offered, not dialled: the agent calls
//! it, transfers the live call to it, adds it to the call, or cancels. Each choice is one
//! request at most; the offer goes when its call ends.

use super::*;
use crate::desk::intent::OfferChoice;
use crate::i18n::{Msg, Text};

/// The offer waiting for the agent's choice.
#[derive(Debug)]
pub(super) struct Offer {
    id: u64,
    /// What was clicked (the raw text goes through the number rules again when chosen).
    target: DialTarget,
    number: DialNumber,
    /// The live call a transfer or conference applies to.
    call_id: String,
}

/// The call's capability for a transfer (`transfer`) or conference: single step if it can,
/// else consult first; `None` when neither.
fn pass_form(call: &gws_protocol::Call, transfer: bool) -> Option<bool> {
    let (single, consult) = if transfer {
        ("SingleStepTransfer", "InitiateTransfer")
    } else {
        ("SingleStepConference", "InitiateConference")
    };
    if call.has_capability(single) {
        Some(false)
    } else if call.has_capability(consult) {
        Some(true)
    } else {
        None
    }
}

impl Desk {
    /// The live call an offer would be about: one that can be passed on, else the first.
    pub(super) fn offer_call(&self) -> Option<String> {
        let Session::Active(active) = &self.session else {
            return None;
        };
        let live = || active.store.live_calls();
        live()
            .find(|c| pass_form(&c.call, true).is_some() || pass_form(&c.call, false).is_some())
            .or_else(|| live().next())
            .map(|c| c.call.id.clone())
    }

    pub(super) fn make_offer(
        &mut self,
        intent: Option<IntentId>,
        target: DialTarget,
        number: DialNumber,
        call_id: String,
    ) {
        self.next_offer += 1;
        let id = self.next_offer;
        if let Session::Active(active) = &mut self.session {
            self.announcement = Some(Text::new(Msg::AnnOffered, vec![number.spoken().into()]));
            active.offer = Some(Offer {
                id,
                target,
                number,
                call_id,
            });
        }
        self.error = None;
        self.changed();
        self.settle(intent, Ok(Settled::Done));
    }

    /// The agent's choice for offer `id`.
    pub(super) fn choose_offer(
        &mut self,
        intent: Option<IntentId>,
        id: u64,
        choice: OfferChoice,
        now: u64,
    ) {
        let Session::Active(active) = &mut self.session else {
            return self.refuse(intent, not_signed_in());
        };
        let Some(offer) = active.offer.take_if(|o| o.id == id) else {
            return self.refuse(intent, DeskError::new(ErrorCode::NoCall, Msg::OfferGone));
        };
        let call = active.store.get(&offer.call_id).map(|c| c.call.clone());
        let form = |transfer| {
            call.as_ref()
                .and_then(|c| pass_form(c, transfer))
                .unwrap_or(false)
        };
        self.changed();
        let raw = match &offer.target {
            DialTarget::Number { raw, .. } => raw.clone(),
            DialTarget::PreviewRecord { .. } => offer.number.number.clone(),
        };
        let action = match choice {
            OfferChoice::Cancel => {
                self.announcement = None;
                return self.settle(intent, Ok(Settled::Done));
            }
            OfferChoice::Call => {
                let dial = DialIntent {
                    target: offer.target,
                    source: DialSource::Api,
                };
                return self.dial(intent, dial, now);
            }
            OfferChoice::Transfer => CallAction::Transfer {
                destination: raw,
                consult: form(true),
            },
            OfferChoice::Conference => CallAction::Conference {
                destination: raw,
                consult: form(false),
            },
        };
        self.call_action(intent, Some(offer.call_id), action);
    }

    /// The offer goes when its call is over.
    pub(super) fn drop_stale_offer(&mut self) {
        if let Session::Active(active) = &mut self.session
            && let Some(offer) = &active.offer
            && !active
                .store
                .live_calls()
                .any(|c| c.call.id == offer.call_id)
        {
            active.offer = None;
        }
    }

    pub(super) fn offer_row(active: &Active) -> Option<view::OfferRow> {
        let offer = active.offer.as_ref()?;
        let call = active
            .store
            .live_calls()
            .find(|c| c.call.id == offer.call_id)?;
        let on_a_call = active.store.live_calls().any(|c| {
            c.call
                .other_party()
                .is_some_and(|p| same_number(&p, &offer.number.number))
        });
        Some(view::OfferRow {
            id: offer.id,
            number: offer.number.shown(),
            party: call.other_party(),
            call: !on_a_call,
            transfer: pass_form(&call.call, true).is_some(),
            conference: pass_form(&call.call, false).is_some(),
        })
    }
}
