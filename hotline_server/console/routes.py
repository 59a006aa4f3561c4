"""The console's routes under /console, behind the signed session cookie."""

from __future__ import annotations

import secrets
from pathlib import Path

from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from hotline_server.console import (
    admin,
    approvals,
    auth_pages,
    case_forms,
    case_page,
    channels_admin,
    export,
    faq_admin,
    inbox,
    media,
    officer_pins,
    photos,
    roster,
    stats,
)
from hotline_server.settings import Settings

STATIC = Path(__file__).parent / "static"
SESSION_COOKIE = "hotline_session"


def page_routes() -> list[BaseRoute]:
    code = "/cases/{code}"
    pages = {
        "/login": auth_pages.login_form,
        "/": inbox.inbox,
        "/inbox/poll": inbox.poll,
        code: case_page.case_detail,
        code + "/calls/{call_id}/recording": media.recording,
        code + "/media/{message_id}/{index}": photos.media_item,
        "/export.csv": export.export_csv,
        "/stats": stats.statistics,
        "/roster": roster.roster,
        "/admin": admin.admin_home,
        "/approvals": approvals.approvals,
        "/admin/channels": channels_admin.channels_page,
    }
    case_forms_by_name = {
        "status": case_forms.status_form,
        "classify": case_forms.classify_form,
        "assign": case_forms.assign_form,
        "note": case_forms.note_form,
        "reply": case_forms.reply_form,
        "callback": case_forms.callback_form,
        "merge": case_forms.merge_form,
        "spam": case_forms.spam_form,
        "urgent": case_forms.urgent_form,
        "reveal": case_page.reveal_number,
    }
    posts = {
        "/login": auth_pages.login_submit,
        "/logout": auth_pages.logout,
        "/language": auth_pages.language,
        **{f"{code}/{name}": fn for name, fn in case_forms_by_name.items()},
        "/admin/hotlines": admin.create_hotline,
        "/admin/units": admin.create_unit,
        "/admin/officers": admin.create_officer,
        "/admin/officers/flags": admin.officer_flags,
        "/admin/users": admin.create_console_user,
        "/admin/users/active": admin.user_active,
        "/admin/officers/pin": officer_pins.officer_pin,
        "/admin/users/officer": officer_pins.user_officer,
        "/pin": officer_pins.own_pin,
        "/admin/roster/rules": admin.create_rule,
        "/admin/roster/rules/{rule_id}/delete": admin.delete_rule,
        "/approvals/{user_id}": approvals.approve_user,
        "/admin/channels": channels_admin.create_channel,
        "/admin/channels/edit": channels_admin.edit_channel,
        "/admin/channels/status": channels_admin.channel_status,
        "/admin/roster/rules/{rule_id}": admin.update_rule,
        "/admin/faq": faq_admin.save_faq,
        "/admin/faq/{entry_id}/delete": faq_admin.delete_faq,
    }
    return [
        *(Route(path, fn, methods=["GET"]) for path, fn in pages.items()),
        *(Route(path, fn, methods=["POST"]) for path, fn in posts.items()),
    ]


def console_mount(settings: Settings) -> Mount:
    secret = settings.session_secret.get_secret_value() or secrets.token_urlsafe(32)
    session = Middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie=SESSION_COOKIE,
        max_age=int(settings.session_max_age_hours * 3600),
        same_site="strict",
        https_only=settings.public_base_url.startswith("https://"),
    )
    routes = [Mount("/static", app=StaticFiles(directory=STATIC), name="console-static")]
    return Mount("/console", routes=routes + page_routes(), middleware=[session])
