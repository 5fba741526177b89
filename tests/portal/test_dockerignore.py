""".dockerignore (issue 18 item 14): the image built by ``COPY . .`` gets the code, never the
database, uploads, private documents, the repository, virtualenvs, caches or test output.

Docker's rules, as read here: each line is a pattern on the path from the build context
(``*`` and ``?`` within one name, ``**`` any number of directories), a match excludes that
file or directory with everything in it, ``!`` re-includes, and the last matching line wins."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _regex(pattern: str) -> re.Pattern:
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def rules() -> list[tuple[bool, re.Pattern]]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    result = []
    for line in (line.strip() for line in lines):
        if not line or line.startswith("#"):
            continue
        include = line.startswith("!")
        result.append((include, _regex(line.lstrip("!").strip("/"))))
    return result


def excluded(path: str) -> bool:
    parts = path.split("/")
    verdict = False
    for include, regex in rules():
        if any(regex.match("/".join(parts[:n])) for n in range(1, len(parts) + 1)):
            verdict = not include
    return verdict


@pytest.mark.parametrize("path", [
    "db.sqlite3", "db.sqlite3-journal", "db.sqlite3-wal",
    "media/photos/canteen.jpg", "private/housing_swap/scan.pdf", "private/exports/job-1.csv",
    ".git/HEAD", ".git", ".venv/bin/python", ".venv", "venv/lib/x.py",
    "apps/core/__pycache__/views.cpython-311.pyc", "portal/settings.pyc",
    ".pytest_cache/v/cache", ".ruff_cache/x", ".hypothesis/examples/a",
    "screenshots/home-zh-desktop.png", "bench/results/run.json", "staticfiles/app.css",
    "sent_emails/1.log", "sent_sms/1.log", ".env", "deploy/tls.key",
])
def test_private_and_local_files_stay_out_of_the_image(path):
    assert excluded(path), path


@pytest.mark.parametrize("path", [
    "manage.py", "requirements.txt", "portal/settings.py", "portal/wsgi.py", "apps/core/views.py",
    "apps/accounts/locale/zh_Hans/LC_MESSAGES/django.po", "templates/base.html", "static", "locale",
    "apps/housing_swap/models.py",
])
def test_what_the_image_needs_is_kept(path):
    assert not excluded(path), path


def test_every_git_ignored_local_artefact_is_docker_ignored_too():
    """What git keeps out of the repository (a database, uploads, caches) stays out of the
    image as well; only the symlinked .venv pattern differs in form."""
    for line in (ROOT / ".gitignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        sample = line.rstrip("/").replace("*", "x")
        assert excluded(sample), f".gitignore has {line!r} but .dockerignore lets {sample!r} in"
