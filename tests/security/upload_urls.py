"""Views for tests/security/test_full_disk.py: a file stored, then the transaction fails
(or not)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import JsonResponse
from django.urls import path


def store_then(request, outcome: str):
    name = ""
    try:
        with transaction.atomic():
            name = default_storage.save("tests/stored.txt", ContentFile(b"complete file"))
            if outcome == "fail":
                raise RuntimeError("the row after the file failed")
            if outcome == "inner-fail":
                try:
                    with transaction.atomic():  # a savepoint rolled back, the outer block commits
                        inner = default_storage.save("tests/inner.txt", ContentFile(b"inner"))
                        raise RuntimeError(inner)
                except RuntimeError:
                    pass
    except RuntimeError:
        pass
    return JsonResponse({"name": name})


urlpatterns = [path("test/store/<str:outcome>/", store_then)]
