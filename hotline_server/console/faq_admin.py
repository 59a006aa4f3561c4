"""The FAQ table on the administration page: add, edit, switch off, delete."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from hotline_server.auth.audit import audit
from hotline_server.auth.roles import Perm
from hotline_server.cases.filters import as_int
from hotline_server.console import admin_forms as f
from hotline_server.console.admin import admin_action
from hotline_server.console.web import Console, page, refused
from hotline_server.models import FaqEntry

MAX_ANSWER = 300


def _fields(c: Console) -> dict[str, Any]:
    keywords = f.text(c, "keywords", 500)
    answer = f.text(c, "answer", MAX_ANSWER)
    if not keywords.strip(" ,") or not answer:
        raise f.FormError("bad_input")
    return {
        "keywords": keywords,
        "answer": answer,
        "answer_en": f.text(c, "answer_en", MAX_ANSWER, required=False),
        "active": c.field("active") == "1",
    }


@admin_action("faq")
async def save_faq(c: Console) -> dict[str, object]:
    values = _fields(c)
    entry = await FaqEntry.get_or_none(id=as_int(c.field("entry")) or 0)
    if entry is None:
        entry = await FaqEntry.create(**values)
    else:
        await FaqEntry.filter(id=entry.id).update(**values)
    return {"faq": entry.id}


@page(Perm.ADMIN)
async def delete_faq(c: Console) -> Response:
    entry = await FaqEntry.get_or_none(id=as_int(str(c.request.path_params["entry_id"])) or 0)
    if entry is None:
        return refused(404, c.t("not_found"))
    await entry.delete()
    await audit(c.now(), c.user, "admin_faq_delete", detail={"faq": entry.id})
    return c.redirect("/console/admin#faq", "done")
