"""Task handlers by kind: each takes its kind's payload (``tasks.payloads``)."""

from __future__ import annotations

from collections.abc import Mapping

from hotline_server.media.fetch import fetch_media
from hotline_server.tasks import payloads as p
from hotline_server.tasks.handlers.callback import callback, callback_gave_up
from hotline_server.tasks.handlers.channel_tasks import (
    channel_alert,
    channel_fallback,
    channel_reply,
    send_held,
)
from hotline_server.tasks.handlers.citizen_reply import citizen_reply, page_unit
from hotline_server.tasks.handlers.daily_digest import daily_digest
from hotline_server.tasks.handlers.deferred_reply import deferred_reply
from hotline_server.tasks.handlers.erase_citizen import erase_citizen
from hotline_server.tasks.handlers.follow_up_notice import follow_up_notice
from hotline_server.tasks.handlers.missed_call_text import missed_call_text
from hotline_server.tasks.handlers.notice_batch import notice_batch
from hotline_server.tasks.handlers.notify_team import notify_team
from hotline_server.tasks.handlers.retention import retention
from hotline_server.tasks.handlers.sla_escalation import sla_escalation
from hotline_server.tasks.handlers.status_update import status_update, survey
from hotline_server.tasks.handlers.team_batch import team_batch
from hotline_server.tasks.handlers.urgent_page import urgent_page
from hotline_server.tasks.runner import Handler, Typed, by_kind

HANDLERS: Mapping[str, Handler] = by_kind(
    Typed(p.Callback, callback),
    Typed(p.CallbackGaveUp, callback_gave_up),
    Typed(p.CitizenReply, citizen_reply),
    Typed(p.DailyDigest, daily_digest),
    Typed(p.DeferredReply, deferred_reply),
    Typed(p.EraseCitizen, erase_citizen),
    Typed(p.FetchMedia, fetch_media),
    Typed(p.FollowUpNotice, follow_up_notice),
    Typed(p.MissedCallText, missed_call_text),
    Typed(p.NoticeBatch, notice_batch),
    Typed(p.NotifyTeam, notify_team),
    Typed(p.PageUnit, page_unit),
    Typed(p.Retention, retention),
    Typed(p.SlaEscalation, sla_escalation),
    Typed(p.StatusUpdate, status_update),
    Typed(p.Survey, survey),
    Typed(p.ChannelReply, channel_reply),
    Typed(p.ChannelFallback, channel_fallback),
    Typed(p.ChannelAlert, channel_alert),
    Typed(p.SendHeld, send_held),
    Typed(p.TeamBatch, team_batch),
    Typed(p.UrgentPage, urgent_page),
)
