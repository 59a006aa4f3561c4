"""The JSON API: its OpenAPI document validates, answers match it, and nothing makes it fail."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from hotline_server.api.openapi import document
from hotline_server.auth.tokens import issue_token
from hotline_server.core.clock import FrozenClock
from hotline_server.models import CaseStatus
from tests.console.conftest import World

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
text = st.text(max_size=60)
codes = st.one_of(
    st.sampled_from(["HT-7K3Q", "ht7k3q", "HT-9M4P", "HT-ZZZZ"]),
    st.text(min_size=1, max_size=40).filter(lambda s: s not in (".", "..")),
).map(lambda code: quote(code, safe=""))


def schema(name: str) -> OAS31Validator:
    """A validator for one component schema, resolving references within the document."""
    doc = document()
    return OAS31Validator({"$ref": f"#/components/schemas/{name}", **doc})


@pytest.fixture
async def auth(world: World, clock: FrozenClock) -> dict[str, str]:
    token = await issue_token(world.users["assistant"], "fuzz", clock.now())
    return {"Authorization": f"Bearer {token}"}


def test_the_openapi_document_validates() -> None:
    validate(document())  # raises on an invalid document


async def test_the_document_is_served_and_answers_match_it(
    api_client: httpx2.AsyncClient, auth: dict[str, str]
) -> None:
    served = (await api_client.get("/api/v1/openapi.json")).json()
    assert served == document()
    listing = (await api_client.get("/api/v1/cases", headers=auth)).json()
    assert listing["total"] == 2
    for case in listing["cases"]:
        schema("CaseSummary").validate(case)
    detail = (await api_client.get("/api/v1/cases/HT-7K3Q", headers=auth)).json()
    schema("CaseDetail").validate(detail)
    assert detail["timeline"][0]["body"] == "Xe tải quá tải"


async def test_status_change_through_the_api(
    api_client: httpx2.AsyncClient, auth: dict[str, str]
) -> None:
    body = {"status": "acknowledged", "reason": "Trợ lý đã đọc"}
    answer = await api_client.post("/api/v1/cases/HT-7K3Q/status", json=body, headers=auth)
    assert answer.json() == {"code": "HT-7K3Q", "status": "acknowledged"}
    again = await api_client.post("/api/v1/cases/HT-7K3Q/status", content=b"not json", headers=auth)
    assert again.status_code == 415


async def test_a_category_longer_than_any_lists_no_case(
    api_client: httpx2.AsyncClient, auth: dict[str, str]
) -> None:
    listing = await api_client.get("/api/v1/cases", params={"category": "0" * 41}, headers=auth)
    assert listing.status_code == 200 and listing.json()["total"] == 0


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "status",
                "kind",
                "category",
                "channel",
                "hotline",
                "unit",
                "date_from",
                "date_to",
                "q",
                "page",
                "page_size",
            ]
        ),
        st.one_of(text, st.integers(-5, 10**12).map(str)),
    ),
    code=codes,
)
async def test_reading_never_fails(
    api_client: httpx2.AsyncClient, auth: dict[str, str], params: dict[str, str], code: str
) -> None:
    listing = await api_client.get("/api/v1/cases", params=params, headers=auth)
    assert listing.status_code in (200, 400), listing.text
    if listing.status_code == 200:
        for case in listing.json()["cases"]:
            schema("CaseSummary").validate(case)
    one = await api_client.get(f"/api/v1/cases/{code}", headers=auth)
    assert one.status_code in (200, 404), one.text


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)


@FUZZ
@given(
    code=codes,
    body=st.one_of(
        st.fixed_dictionaries(
            {
                "status": st.one_of(st.sampled_from([s.value for s in CaseStatus]), text),
                "reason": st.one_of(text, json_values),
            }
        ),
        st.fixed_dictionaries({"text": st.one_of(text, json_values)}),
        json_values,
    ),
    path=st.sampled_from(["status", "notes"]),
)
async def test_writing_never_fails(
    api_client: httpx2.AsyncClient, auth: dict[str, str], code: str, body: Any, path: str
) -> None:
    answer = await api_client.post(f"/api/v1/cases/{code}/{path}", json=body, headers=auth)
    assert answer.status_code in (200, 201, 404, 409, 415, 422), answer.text
    assert "error" in answer.json() or answer.status_code in (200, 201)
