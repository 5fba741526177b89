import pytest

pytestmark = pytest.mark.django_db


def test_home_is_chinese_by_default_and_english_on_request(client):
    zh = client.get("/")
    en = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert zh.status_code == en.status_code == 200
    assert 'lang="zh-Hans"' in zh.content.decode()
    assert 'lang="en"' in en.content.decode()
    assert "跳到主要内容" in zh.content.decode()
    assert "Skip to main content" in en.content.decode()


def test_base_layout_is_accessible_without_javascript(client):
    html = client.get("/").content.decode()
    assert 'href="#main"' in html and 'id="main"' in html  # skip link and target
    assert "<main" in html and "<nav" in html and "<header" in html and "<footer" in html
    assert '<label for="language-select"' in html
    assert "<script>" not in html  # no inline script (CSP)


def test_language_switch_persists_across_pages(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert 'lang="en"' in client.get("/").content.decode()
    assert 'lang="en"' in client.get("/accounts/login/").content.decode()


def test_senior_mode_toggle_is_remembered(client):
    assert 'class=" ' in client.get("/").content.decode()
    response = client.post("/preferences/senior-mode/", {"senior": "1", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies["senior_mode"]["httponly"]
    assert '<body class="senior' in client.get("/").content.decode()
    assert '<body class="senior' in client.get("/accounts/login/").content.decode()
    client.post("/preferences/senior-mode/", {"senior": "0"})
    assert '<body class="senior' not in client.get("/").content.decode()


def test_senior_mode_refuses_open_redirect(client):
    response = client.post("/preferences/senior-mode/", {"senior": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_register_page_flow(client):
    bad = client.post("/accounts/register/", {"username": "zhao", "password": "short"})
    assert bad.status_code == 400
    assert "errorlist" in bad.content.decode()
    good = client.post("/accounts/register/", {"username": "zhao", "password": "Hankou-River-2024"})
    assert good.status_code == 302
    assert "zhao" in client.get("/").content.decode()


def test_login_page(client, user, password):
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"username": user.username, "password": password})
    assert response.status_code == 302


def test_static_files_are_served_by_whitenoise(client):
    from django.contrib.staticfiles import finders

    assert finders.find("css/portal.css")
