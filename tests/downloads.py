"""What every file the portal hands out must carry (issue 18 item 14; apps/core/downloads.py)."""


def assert_download(response, *, filename: str | None = None, private: bool = False) -> None:
    """``response`` is a download: saved, not rendered; sandboxed and not sniffed if it is
    rendered anyway; never cached when it holds personal data."""
    assert response.status_code == 200, response.status_code
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;"), disposition
    if filename is not None:
        assert f'filename="{filename}"' in disposition, disposition
    csp = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert csp[0] == "sandbox" and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp, csp
    assert response["X-Content-Type-Options"] == "nosniff"
    if private:
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
