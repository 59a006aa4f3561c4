"""Pure voice-call flows of the hotline: state + event in, TwiML + effects out.

No I/O, no clock, no randomness, no database: the web layer decodes the
state from the request URL, builds the event from Twilio's form, calls the
flow, commits ``Step.effects`` and then answers with ``Step.twiml``.

Entry points
------------
``start(cfg, tiers, caller, urls) -> Step``
    ``POST /twilio/voice``. ``tiers`` is the duty chain computed at call time,
    one ``Officer`` per tier, rung in order. A blocked caller gets
    ``<Reject/>``. With ``caller.forwarded_from_director`` officers flagged
    ``is_director`` are dropped. The greeting ``<Gather>`` is followed in the
    same document by the first ``<Dial>`` (or the voicemail if the chain is
    empty), so the caller goes on without a further request.
``resume(state, event, cfg, urls) -> Step``
    Every other callback. Raises ``UnexpectedEvent`` (a ``ValueError``) when
    the event cannot happen in ``state.phase``.
``screen(state, cfg, urls) -> str``
    The ``<Number url>`` whisper on the officer's leg (the officer of
    ``state.tier``): "hotline call, press 1", then ``<Hangup/>``.
``screen_answer(digits) -> (accepted, twiml)``
    The officer's key press; the web layer records ``accepted`` for
    (``ParentCallSid``, ``state.tier``) and uses it in ``DialEnded.accepted``.
``error_twiml(cfg | None, urls)``, ``goodbye_twiml(cfg | None)``,
``fallback_recording(event)``
    For failures and Twilio's fallback URL; they need no state.

State and URLs
--------------
Every callback URL the flow writes is ``urls.base + route + "?s=<token>"``
(``&empty=1`` on the ``<Redirect>`` that follows ``<Record>``; ``?done=1`` on
the fallback's record action). ``token = encode_state(state)`` is compact
JSON in base64url without padding; ``decode_state`` raises ``BadState`` (a
``ValueError``) on anything malformed. The token is trusted because Twilio
signs the full URL: check the signature before decoding.

Routes (``Route``): ``/twilio/voice`` start; ``/twilio/voice/greeting``
greeting key press -> ``GreetingDone``; ``/twilio/voice/dial`` Dial action ->
``DialEnded``; ``/twilio/voice/screen`` whisper -> ``screen``;
``/twilio/voice/screen/answer`` -> ``screen_answer``; ``/twilio/voice/prefs``
-> ``PrefsEntered``; ``/twilio/voice/record`` -> ``RecordingDone`` (or
``RecordEmpty`` when ``empty=1``); ``/twilio/voice/recorded``
recordingStatusCallback -> ``RecordingReady`` (without ``s``:
``fallback_recording``); ``/twilio/voice/status-code`` -> ``CodeEntered``
(no ``Digits``: ``CodeEntered("", NOT_FOUND)``); ``/twilio/voice/status``
call status callback -> ``HungUp``; ``/twilio/voice/fallback`` ->
``error_twiml`` (``goodbye_twiml`` when ``done=1``).

The call status callback is configured on the number and carries no state:
the web layer keeps the last ``Step.state`` of each call (never replacing
one whose phase is ``DONE``) and resumes ``HungUp`` with it. A hang-up in
``GREETING``, ``RINGING`` or ``VOICEMAIL`` is a missed call.

Case codes: the web layer chooses them. ``RecordingDone`` and ``RecordEmpty``
carry the code it picked (the call's case, the caller's recent case, or a new
one); the flow reads it twice and echoes it in ``OpenCase``. ``OpenCase`` is
"make sure this call has a case" and ``ScheduleTask`` is idempotent per
(call, kind), so a hang-up and a late record action make one case.

Callbacks (``ivr_flows.callback``)
----------------------------------
The outbound call to an officer that ends bridged to the citizen. Its state
(``CallbackState``: hotline, case, task, attempt and officer ids; never the
citizen's number) travels in ``/twilio/callback/*`` URLs, encoded with
``encode_callback_state``. ``callback_answer(state, cfg, urls)`` is the
whisper; ``callback_resume(state, event, cfg, urls)`` takes ``OfficerKeyed``
(the web layer passes the citizen's number in the event, to be written in
``<Number>``), ``DialEnded`` (the citizen's leg) and ``OfficerCallEnded``; the effects
are ``RecordLeg`` and, once per attempt, ``Settle``.
"""

from ivr_flows import (
    callback,
    callback_events,
    callback_state,
    codec,
    config,
    effects,
    errors,
    events,
    flow,
    inbound,
    routes,
    screening,
    signing,
    state,
    texts,
    twiml,
)
from ivr_flows.callback import *
from ivr_flows.callback_events import *
from ivr_flows.callback_state import *
from ivr_flows.codec import *
from ivr_flows.config import *
from ivr_flows.effects import *
from ivr_flows.errors import *
from ivr_flows.events import *
from ivr_flows.flow import *
from ivr_flows.inbound import *
from ivr_flows.routes import *
from ivr_flows.screening import *
from ivr_flows.signing import *
from ivr_flows.state import *
from ivr_flows.texts import *
from ivr_flows.twiml import *

# Each module's ``__all__`` is what the package exports from it; its other names are the
# flows' own.
__all__ = [
    *callback.__all__,
    *callback_events.__all__,
    *callback_state.__all__,
    *codec.__all__,
    *config.__all__,
    *effects.__all__,
    *errors.__all__,
    *events.__all__,
    *flow.__all__,
    *inbound.__all__,
    *routes.__all__,
    *screening.__all__,
    *signing.__all__,
    *state.__all__,
    *texts.__all__,
    *twiml.__all__,
]
