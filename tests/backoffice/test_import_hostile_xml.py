# ruff: noqa: F403, F405
"""Hostile Excel files (issue 18 item 14): openpyxl reads uploads through defusedxml, so a
workbook whose XML declares entities (a "billion laughs" bomb, an external entity that would
read a server file) is refused with a 400 and a message, never expanded, fetched or a 500."""

import io
import zipfile

import pytest
from django.urls import reverse

from apps.backoffice.models import BulkJob
from apps.canteens.models import Canteen

from .bulk import *  # fixtures and helpers

pytestmark = pytest.mark.django_db

LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
          + "".join(f'<!ENTITY lol{i + 1} "' + f"&lol{i};" * 10 + '">' for i in range(9)) + "]>")
EXTERNAL = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def hostile_xlsx(doctype: str, reference: str, member: str) -> bytes:
    """A real workbook with ``doctype`` put in front of one XML part and ``reference`` used
    in it (the first header cell, or the workbook's code name)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_upload([canteen_row("CT-1")]).read()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == member:
                text = body.decode()
                changed = text.replace("<t>code</t>", f"<t>{reference}</t>", 1).replace(
                    "<workbookPr />", f'<workbookPr codeName="{reference}" />', 1)
                assert changed != text
                body = (doctype + changed).encode()
            target.writestr(info, body)
    return out.getvalue()


def test_openpyxl_parses_with_defusedxml():
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("doctype,reference", [(LAUGHS, "&lol9;"), (EXTERNAL, "&xxe;")], ids=["bomb", "external"])
@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_xml_entities_in_a_workbook_are_refused_with_400(client, district_admin, community_a, doctype, reference,
                                                          member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, district_admin)
    file = SimpleUploadedFile("rows.xlsx", hostile_xlsx(doctype, reference, member))
    response = client.post(reverse("admin:backoffice_import", args=["canteens.canteen"]), {"file": file},
                           HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 400, page[:2000]
    assert 'class="errornote"' in page
    assert "XML entity declarations" in page or "XML 实体声明" in page
    assert "root:" not in page  # /etc/passwd was never read into the answer
    assert not BulkJob.objects.exists() and not Canteen.objects.exists()
