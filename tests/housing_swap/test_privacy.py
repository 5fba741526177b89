import datetime as dt
import logging

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.housing_swap import personal_data, services
from apps.housing_swap.models import Application, AuditLog, Status

from .factories import VALID_ID


def test_encrypt_round_trip_and_randomised():
    token = personal_data.encrypt(VALID_ID)
    assert token != personal_data.encrypt(VALID_ID)
    assert personal_data.decrypt(token) == VALID_ID


def test_hash_is_keyed(settings):
    first = personal_data.lookup_hash(VALID_ID)
    assert first == personal_data.lookup_hash(VALID_ID) and len(first) == 64
    settings.PERSONAL_DATA_KEY = "another-key-from-the-environment"
    assert personal_data.lookup_hash(VALID_ID) != first


def test_key_rotation_decrypts_old_tokens(settings):
    settings.PERSONAL_DATA_KEY = "old-key"
    token = personal_data.encrypt(VALID_ID)
    settings.PERSONAL_DATA_KEY = "new-key,old-key"
    assert personal_data.decrypt(token) == VALID_ID
    settings.PERSONAL_DATA_KEY = "unrelated"
    with pytest.raises(ValueError):
        personal_data.decrypt(token)


def _age(application, days):
    Application.objects.filter(pk=application.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=days))


def test_retention_anonymises_old_rejected_and_withdrawn_only(application, user, png_upload, settings, reviewer,
                                                              django_capture_on_commit_callbacks):
    services.document_upload(application=application, kind="id_card", upload=png_upload, actor=user)
    path = application.documents.get().file.path
    services.application_withdraw(application=application, actor=user, note="搬家了")
    settings.HOUSING_SWAP_RETENTION_DAYS = 30
    _age(application, 10)
    assert services.applications_anonymise_expired() == 0
    _age(application, 31)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.applications_anonymise_expired() == 1
    application.refresh_from_db()
    assert application.anonymised_at and application.applicant_name == "" and application.id_number == ""
    assert application.id_number_hash == "" and application.phone == "" and application.old_home_address == ""
    assert application.documents.count() == 0 and application.members.count() == 0
    assert all(e.public_note == "" for e in application.events.all())
    assert AuditLog.objects.filter(action="anonymise").count() == 1
    # idempotent
    assert services.applications_anonymise_expired() == 0
    import os

    assert not os.path.exists(path)  # the stored file is deleted once the transaction commits


def test_retention_leaves_active_applications(application, settings):
    settings.HOUSING_SWAP_RETENTION_DAYS = 1
    _age(application, 400)
    assert services.applications_anonymise_expired() == 0
    application.refresh_from_db()
    assert application.id_number == VALID_ID


def test_retention_command_and_task(application, user, capsys):
    services.application_withdraw(application=application, actor=user)
    _age(application, 400)
    call_command("housing_swap_retention", "--dry-run")
    assert "1 applications would be anonymised" in capsys.readouterr().out
    from apps.housing_swap.tasks import anonymise_expired_applications

    assert anonymise_expired_applications.apply().get() == 1
    call_command("housing_swap_retention")
    assert "0 applications anonymised" in capsys.readouterr().out


def test_beat_schedule_has_the_retention_job():
    from apps.housing_swap.beat import SCHEDULE

    entry = SCHEDULE["housing-swap-retention"]
    assert entry["task"] == "apps.housing_swap.tasks.anonymise_expired_applications"
    from portal.celery import app

    app.loader.import_default_modules()  # the tasks modules, as a worker or beat imports them
    app.finalize()
    assert entry["task"] in app.tasks


def test_no_personal_data_in_logs_or_urls(auth_client, open_round, caplog):
    from .factories import payload

    with caplog.at_level(logging.DEBUG):
        response = auth_client.post("/api/v1/housing-swap/applications/", payload(open_round, phone="12345"),
                                    format="json")
        ok = auth_client.post("/api/v1/housing-swap/applications/", payload(open_round), format="json")
    assert response.status_code == 400 and ok.status_code == 201
    text = caplog.text
    assert VALID_ID not in text and "13812345678" not in text and "张三丰" not in text
    assert VALID_ID not in ok.json()["url"]


def test_draft_status_is_hidden_from_queue(application):
    assert Application.objects.in_review_queue().filter(status=Status.DRAFT).count() == 0
