"""The API's routes under /api/v1."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from hotline_server.api import cases
from hotline_server.api.auth import error
from hotline_server.api.openapi import openapi_json


async def not_found(request: Request) -> Response:
    return error(404, "no such resource")


def api_mount() -> Mount:
    return Mount(
        "/api/v1",
        routes=[
            Route("/openapi.json", openapi_json, methods=["GET"]),
            Route("/cases", cases.list_cases, methods=["GET"]),
            Route("/cases/{code}", cases.get_case, methods=["GET"]),
            Route("/cases/{code}/status", cases.change_case_status, methods=["POST"]),
            Route("/cases/{code}/notes", cases.add_case_note, methods=["POST"]),
            Route("/{rest:path}", not_found, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        ],
    )
