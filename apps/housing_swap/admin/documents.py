"""Documents in the application page: opened only through the audited document view."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import ApplicationDocument
from .common import ReadOnlyInline


class DocumentInline(ReadOnlyInline):
    model = ApplicationDocument
    fields = ["kind", "open_link", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("file"))
    def open_link(self, obj):
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', obj.page_url, _("Open (logged)"))
