"""The API's routes under /api/v1."""

from __future__ import annotations

from starlette.routing import Mount, Route

from . import cases
from .openapi import openapi_json


def api_mount() -> Mount:
    return Mount(
        "/api/v1",
        routes=[
            Route("/openapi.json", openapi_json, methods=["GET"]),
            Route("/cases", cases.list_cases, methods=["GET"]),
            Route("/cases/{code}", cases.get_case, methods=["GET"]),
            Route("/cases/{code}/status", cases.change_case_status, methods=["POST"]),
            Route("/cases/{code}/notes", cases.add_case_note, methods=["POST"]),
        ],
    )
