"""The API's OpenAPI 3.1 document, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from hotline_server.models import CaseKind, CaseStatus, Medium

FILTERS = ("status", "kind", "category", "channel", "hotline", "unit", "date_from", "date_to", "q")
ERROR = {"$ref": "#/components/responses/Error"}


def _param(name: str, where: str = "query", schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "schema": schema or {"type": "string"},
    }


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def _responses(ok: str, schema: dict[str, Any], *codes: str) -> dict[str, Any]:
    answers: dict[str, Any] = {ok: {"description": "OK", **_json(schema)}}
    answers.update({code: ERROR for code in ("401", "403", *codes)})
    return answers


CASE_SUMMARY: dict[str, Any] = {
    "type": "object",
    "required": ["code", "status", "kind", "channel", "urgent", "overdue", "created_at"],
    "properties": {
        "code": {"type": "string", "examples": ["HT-7K3Q"]},
        "status": {"type": "string", "enum": [s.value for s in CaseStatus]},
        "kind": {"type": "string", "enum": [k.value for k in CaseKind]},
        "category": {"type": ["string", "null"]},
        "channel": {"type": "string", "enum": [c.value for c in Medium]},
        "urgent": {"type": "boolean"},
        "overdue": {"type": "boolean"},
        "hotline": {"type": "string"},
        "unit": {"type": ["string", "null"]},
        "created_at": {"type": "string", "format": "date-time"},
        "sla_due_at": {"type": ["string", "null"], "format": "date-time"},
        "excerpt": {"type": "string"},
    },
}
CASE_DETAIL: dict[str, Any] = {
    "allOf": [
        {"$ref": "#/components/schemas/CaseSummary"},
        {
            "type": "object",
            "properties": {
                "citizen_number": {
                    "type": ["string", "null"],
                    "description": "Masked; null for unit officers",
                },
                "timeline": {"type": "array", "items": {"type": "object"}},
            },
        },
    ]
}
CODE = _param("code", "path")


def document() -> dict[str, Any]:
    page = {"type": "integer", "minimum": 1}
    listing = {
        "type": "object",
        "required": ["total", "page", "page_size", "cases"],
        "properties": {
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "page_size": {"type": "integer"},
            "cases": {"type": "array", "items": {"$ref": "#/components/schemas/CaseSummary"}},
        },
    }
    status_body = {
        "type": "object",
        "required": ["status", "reason"],
        "properties": {
            "status": {"type": "string", "enum": [s.value for s in CaseStatus]},
            "reason": {"type": "string", "minLength": 1},
        },
    }
    note_body = {
        "type": "object",
        "required": ["text"],
        "properties": {"text": {"type": "string", "minLength": 1}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Hotline cases API", "version": "1.0.0"},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": {
            "/cases": {
                "get": {
                    "operationId": "listCases",
                    "summary": "Cases the token's user may see, newest first",
                    "parameters": [_param(f) for f in FILTERS]
                    + [
                        _param("page", schema=page),
                        _param("page_size", schema={**page, "maximum": 200}),
                    ],
                    "responses": _responses("200", listing, "400"),
                }
            },
            "/cases/{code}": {
                "get": {
                    "operationId": "getCase",
                    "parameters": [CODE],
                    "responses": _responses(
                        "200", {"$ref": "#/components/schemas/CaseDetail"}, "404"
                    ),
                }
            },
            "/cases/{code}/status": {
                "post": {
                    "operationId": "changeStatus",
                    "parameters": [CODE],
                    "requestBody": {"required": True, **_json(status_body)},
                    "responses": _responses("200", {"type": "object"}, "404", "409", "415", "422"),
                }
            },
            "/cases/{code}/notes": {
                "post": {
                    "operationId": "addNote",
                    "parameters": [CODE],
                    "requestBody": {"required": True, **_json(note_body)},
                    "responses": _responses("201", {"type": "object"}, "404", "415", "422"),
                }
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"CaseSummary": CASE_SUMMARY, "CaseDetail": CASE_DETAIL},
            "responses": {
                "Error": {
                    "description": "An error",
                    **_json(
                        {
                            "type": "object",
                            "required": ["error"],
                            "properties": {"error": {"type": "string"}},
                        }
                    ),
                }
            },
        },
    }


async def openapi_json(request: Request) -> Response:
    return JSONResponse(document())
