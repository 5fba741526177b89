from django.contrib import admin

from .models import Community, SubDistrict


@admin.register(SubDistrict)
class SubDistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "order")
    search_fields = ("code", "name", "name_en")


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "sub_district", "population", "is_illustrative")
    list_filter = ("sub_district", "is_illustrative")
    list_select_related = ("sub_district",)
    search_fields = ("code", "name", "name_en")
    autocomplete_fields = ("sub_district",)
