//! Outbound preview campaigns: sessions, record hand-out and record acknowledgements, replied
//! on `/v2/me/outbound` with the request's `referenceId`.

use super::views::metrics;
use super::{CHANNEL_OUTBOUND, Effects, Note, World};
use crate::config::SimConfig;
use crate::error::GwsError;
use crate::json::JsonObj;
use gws_protocol::{OutboundCampaignOperation, OutboundRecordOperation};
use std::collections::{HashMap, HashSet};
use std::time::Instant;

#[derive(Debug, Default)]
pub struct OutboundState {
    /// (agent, campaign) pairs with a started preview session.
    sessions: HashSet<(usize, String)>,
    /// Next record to hand out, per campaign.
    cursor: HashMap<String, usize>,
    /// Records handed out: handle → (campaign, agent).
    issued: HashMap<i64, (String, usize)>,
}

impl OutboundState {
    pub fn new(_cfg: &SimConfig) -> Self {
        Self::default()
    }
}

fn note(agent: usize, body: JsonObj) -> Note {
    Note {
        agent,
        channel: CHANNEL_OUTBOUND,
        data: body.raw("metrics", metrics(Instant::now())).finish(),
    }
}

impl World {
    pub fn campaign_operation(
        &mut self,
        agent: usize,
        name: &str,
        op: OutboundCampaignOperation,
    ) -> Result<Effects, GwsError> {
        let Some(campaign) = self.cfg.campaigns.iter().find(|c| c.name == name).cloned() else {
            return Err(GwsError::not_found(format!(
                "Outbound campaign '{name}' does not exist"
            )));
        };
        let (device_path, reference_id) = match &op {
            OutboundCampaignOperation::StartPreviewSession {
                device_path,
                reference_id,
                ..
            }
            | OutboundCampaignOperation::GetPreviewRecord {
                device_path,
                reference_id,
                ..
            }
            | OutboundCampaignOperation::EndPreviewSession {
                device_path,
                reference_id,
                ..
            } => (device_path.clone(), reference_id.clone()),
        };
        let key = (agent, name.to_string());
        let campaign_json = JsonObj::new()
            .field("name", &campaign.name)
            .field("dialingMode", "Preview")
            .field(
                "groupName",
                &campaign
                    .group_name
                    .clone()
                    .unwrap_or_else(|| format!("{}@AgentGroup1", campaign.name)),
            )
            .field("state", "Started")
            .field("devicePath", &device_path)
            .field("applicationId", &campaign.application_id)
            .field("groupDescription", "")
            .field("description", "")
            .finish();
        let body = match op {
            OutboundCampaignOperation::StartPreviewSession { .. } => {
                self.outbound.sessions.insert(key);
                JsonObj::new()
                    .field("messageType", "OutboundCampaignMessage")
                    .field("notificationType", "PreviewSessionStarted")
                    .raw("campaign", campaign_json)
            }
            OutboundCampaignOperation::EndPreviewSession { .. } => {
                if !self.outbound.sessions.remove(&key) {
                    return Err(GwsError::invalid_state(format!(
                        "No preview session is running for campaign '{name}'"
                    )));
                }
                JsonObj::new()
                    .field("messageType", "OutboundCampaignMessage")
                    .field("notificationType", "PreviewSessionEnded")
                    .raw(
                        "campaign",
                        campaign_json.replace(r#""state":"Started""#, r#""state":"Stopped""#),
                    )
            }
            OutboundCampaignOperation::GetPreviewRecord { .. } => {
                if !self.outbound.sessions.contains(&key) {
                    return Err(GwsError::invalid_state(format!(
                        "No preview session is running for campaign '{name}'; send StartPreviewSession first"
                    )));
                }
                let cursor = self.outbound.cursor.entry(name.to_string()).or_insert(0);
                match campaign.records.get(*cursor) {
                    None => JsonObj::new()
                        .field("messageType", "OutboundRecordMessage")
                        .field("notificationType", "NoRecordsAvailable")
                        .raw("campaign", campaign_json),
                    Some(r) => {
                        *cursor += 1;
                        self.outbound
                            .issued
                            .insert(r.record_handle, (name.to_string(), agent));
                        let mut user_data = JsonObj::new()
                            .field("GSW_AGENT_ID", &self.agents[agent].dn)
                            .field("GSW_APPLICATION_ID", &campaign.application_id)
                            .field("GSW_CALLING_LIST", &campaign.calling_list)
                            .field("GSW_CAMPAIGN_NAME", &campaign.name)
                            .field("GSW_PHONE", &r.phone_number)
                            .field("GSW_RECORD_HANDLE", &r.record_handle)
                            .field("GSW_USER_EVENT", "PreviewRecord")
                            .field("InteractionType", "Outbound")
                            .field("InteractionSubtype", "OutboundNew");
                        for (k, v) in &r.fields {
                            user_data = user_data.field(k, v);
                        }
                        let record = JsonObj::new()
                            .field("recordHandle", &r.record_handle)
                            .field("phoneNumber", &r.phone_number)
                            .field("callingList", &campaign.calling_list)
                            .field("campaignName", &campaign.name)
                            .field("applicationId", &campaign.application_id)
                            .field("devicePath", &device_path)
                            .raw("userData", user_data.finish())
                            .finish();
                        JsonObj::new()
                            .field("messageType", "OutboundRecordMessage")
                            .field("notificationType", "PreviewRecord")
                            .raw("record", record)
                    }
                }
            }
        };
        let body = body.field_opt("referenceId", reference_id.as_ref());
        Ok(Effects {
            notes: vec![note(agent, body)],
            timers: vec![],
        })
    }

    pub fn record_operation(
        &mut self,
        agent: usize,
        handle: &str,
        op: OutboundRecordOperation,
    ) -> Result<Effects, GwsError> {
        let handle: i64 = handle.parse().map_err(|_| {
            GwsError::validation(format!("Record handle '{handle}' must be an integer"))
        })?;
        let Some((campaign_name, _)) = self.outbound.issued.get(&handle).cloned() else {
            return Err(GwsError::not_found(format!(
                "Outbound record {handle} was not handed to this agent"
            )));
        };
        let campaign = self.cfg.campaigns.iter().find(|c| c.name == campaign_name);
        let fields = op.fields().clone();
        let notification_type = match op {
            OutboundRecordOperation::CompleteRecord(_) => "RecordProcessedAcknowledge",
            OutboundRecordOperation::RejectRecord(_) => "RecordRejectAcknowledge",
            OutboundRecordOperation::RescheduleRecord(_) => "ScheduledRecordRescheduleAcknowledge",
            OutboundRecordOperation::UpdateRecord(_) => "UpdateCallCompletionStatsAcknowledge",
            OutboundRecordOperation::GetChainedRecord(_) => "ChainedRecordsDataEnd",
        };
        if matches!(
            op,
            OutboundRecordOperation::CompleteRecord(_) | OutboundRecordOperation::RejectRecord(_)
        ) {
            self.outbound.issued.remove(&handle);
        }
        let record = JsonObj::new()
            .field_opt("devicePath", fields.device_path.as_ref())
            .field(
                "callingList",
                &campaign.map(|c| c.calling_list.clone()).unwrap_or_default(),
            )
            .field(
                "applicationId",
                &campaign.map(|c| c.application_id).unwrap_or_default(),
            )
            .field("recordHandle", &handle)
            .field("campaignName", &campaign_name)
            .finish();
        let body = JsonObj::new()
            .raw("record", record)
            .field("notificationType", notification_type)
            .field("messageType", "OutboundRecordMessage")
            .field_opt("referenceId", fields.reference_id.as_ref());
        Ok(Effects {
            notes: vec![note(agent, body)],
            timers: vec![],
        })
    }
}
