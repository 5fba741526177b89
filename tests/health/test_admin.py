import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from apps.places.models import FacilityStatus
from tests.kinds import assert_official_sees_own_only

from .factories import HealthInstitutionFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/health/healthinstitution/"


def test_changelist_filters_and_export_link(admin_client):
    HealthInstitutionFactory(name="古田医院", institution_type="hospital", grade="2a")
    response = admin_client.get(CHANGELIST, {"institution_type__exact": "hospital", "gp__exact": "1", "q": "古田"})
    assert response.status_code == 200 and "古田医院" in response.content.decode()


def test_change_form_and_history(admin_client):
    institution = HealthInstitutionFactory()
    html = admin_client.get(f"{CHANGELIST}{institution.pk}/change/").content.decode()
    assert 'name="mutual_recognition"' in html and 'name="opening_hours-TOTAL_FORMS"' in html
    assert admin_client.get(f"{CHANGELIST}{institution.pk}/history/").status_code == 200


def test_temporarily_close_action(admin_client):
    institution = HealthInstitutionFactory()
    admin_client.post(CHANGELIST, {"action": "temporarily_close", ACTION_CHECKBOX_NAME: [institution.pk],
                                   "confirmed": "yes"})
    institution.refresh_from_db()
    assert institution.status == FacilityStatus.TEMPORARILY_CLOSED


def test_official_sees_only_their_sub_district(client, facility_admin):
    assert_official_sees_own_only(client, facility_admin, CHANGELIST, HealthInstitutionFactory)
