"""API errors follow Accept-Language: Chinese by default, English on request — DRF's own
messages and the portal's."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

REGISTER = "/api/v1/auth/register/"


@pytest.mark.parametrize(
    ("payload", "field", "zh", "en"),
    [
        ({}, "username", "该字段是必填项。", "This field is required."),
        ({"username": "a" * 151, "password": "x"}, "username", "不能超过 150 个字符", "no more than 150 characters"),
        ({"username": "u1", "password": "Hankou-River-2024", "phone": "12345"}, "phone",
         "请输入有效的中国大陆手机号码", "Enter a valid mainland China mobile number"),
        ({"username": "u2", "password": "short"}, "password", "密码太短", "This password is too short"),
    ],
)
def test_validation_messages_in_both_languages(payload, field, zh, en):
    client = APIClient()
    default = client.post(REGISTER, payload, format="json")
    english = client.post(REGISTER, payload, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert default.status_code == english.status_code == 400
    assert zh in " ".join(default.json()[field])
    assert en in " ".join(english.json()[field])


@pytest.mark.parametrize(
    ("request_kwargs", "status", "zh", "en"),
    [
        ({"path": "/api/v1/nope/"}, 404, "未找到", "Not found"),
        ({"path": "/api/v1/auth/token/", "method": "get"}, 405, "方法", "not allowed"),
        ({"path": "/api/v1/auth/token/", "method": "post", "data": "{bad json", "content_type": "application/json"},
         400, "JSON", "JSON"),
        ({"path": "/api/v1/auth/token/?q=%00"}, 400, "NUL", "NUL character"),
    ],
)
def test_detail_messages_in_both_languages(client, request_kwargs, status, zh, en):
    kwargs = dict(request_kwargs)
    method = kwargs.pop("method", "get")
    path = kwargs.pop("path")
    default = getattr(client, method)(path, **kwargs)
    english = getattr(client, method)(path, HTTP_ACCEPT_LANGUAGE="en", **kwargs)
    assert default.status_code == english.status_code == status
    assert zh in default.json()["detail"]
    assert en in english.json()["detail"]
    if zh != en:
        assert default.json()["detail"] != english.json()["detail"]


def test_language_cookie_wins_over_accept_language(client):
    client.cookies["portal_language"] = "en"
    response = client.get("/api/v1/nope/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "Not found" in response.json()["detail"]
