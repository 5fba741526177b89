"""Pieces every housing-swap admin page shares: the one-form page and read-only inlines."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from apps.core.admin_mixins import ReadOnlyAdminMixin


def _form_page(request, admin_site, *, title, form, obj=None, intro="", submit=None, result=None, opts=None):
    context = {
        **admin_site.each_context(request),
        "title": title,
        "form": form,
        "object": obj,
        "intro": intro,
        "submit_label": submit or _("Save"),
        "result": result,
        "opts": opts,
    }
    return TemplateResponse(request, "admin/housing_swap/form_page.html", context)


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False
