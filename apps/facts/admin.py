from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ReportedFact


@admin.register(ReportedFact)
class ReportedFactAdmin(admin.ModelAdmin):
    list_display = ("key", "topic", "quote", "value", "unit", "is_cumulative")
    list_filter = ("topic", "is_cumulative")
    search_fields = ("key", "label", "label_en", "quote")
    fieldsets = (
        (None, {"fields": ("key", "topic", "order", "source")}),
        (_("Figure"), {"fields": ("quote", "value", "unit", "unit_en", "is_cumulative", "facility_kind")}),
        (_("Chinese"), {"fields": ("label", "note")}),
        (_("English"), {"fields": ("label_en", "note_en")}),
    )
