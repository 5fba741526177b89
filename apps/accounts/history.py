"""History pages are for reading (issue 7).

django-simple-history's per-version page (``.../history/<version>/``) saves the old version
back on any POST, asking only for the *view* permission, without the services (status
workflow, notices, audit log) and, for models whose history leaves personal data out
(housing-swap applications), blanking that data. :func:`make_history_read_only` (called from
``AccountsConfig.ready``) closes that for every ``SimpleHistoryAdmin`` of the portal, present
and future: the version page answers 403 to anything but GET/HEAD and offers no "Revert"
button. Changes go through the change form, as everywhere else.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


def make_history_read_only() -> None:
    original = SimpleHistoryAdmin.history_form_view
    if getattr(original, "portal_read_only", False):
        return

    @wraps(original)
    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return original(self, request, object_id, version_id, extra_context)

    history_form_view.portal_read_only = True
    SimpleHistoryAdmin.history_form_view = history_form_view
    SimpleHistoryAdmin.revert_disabled = lambda self, request, obj=None: True
