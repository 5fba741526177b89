"""Row-level scoping: a sub-district official sees and changes only rows of their own
sub-districts, everywhere the admin reaches rows (change lists, forms, autocomplete,
actions, exports all start from ``get_queryset``)."""

from django.core.exceptions import PermissionDenied

from . import roles

UNRESTRICTED_ROLES = {roles.DISTRICT_ADMIN, roles.AUDITOR}


def scoped_sub_district_ids(user) -> set[int] | None:
    """``None`` when the user may see every sub-district, else the ids they manage."""
    if user.is_superuser:
        return None
    group_names = {g.name for g in user.groups.all()}
    if group_names & UNRESTRICTED_ROLES or roles.OFFICIAL not in group_names:
        return None
    return set(user.sub_districts.values_list("id", flat=True))


def in_scope(user, sub_district_ids: set[int] | None, obj_sub_district_ids: set[int]) -> bool:
    return sub_district_ids is None or bool(obj_sub_district_ids & sub_district_ids)


class SubDistrictScopedAdminMixin:
    """Mix into a ModelAdmin; set ``sub_district_lookup`` to the path from the model to its
    sub-district id(s), e.g. ``"facility__community__sub_district"`` or ``"sub_districts"``.
    Foreign keys to communities/sub-districts offer only the user's own."""

    sub_district_lookup: str = ""

    def _scope(self, request):
        if not hasattr(request, "_sub_district_scope"):
            request._sub_district_scope = scoped_sub_district_ids(request.user)
        return request._sub_district_scope

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = self._scope(request)
        if scope is None:
            return queryset
        return queryset.filter(**{f"{self.sub_district_lookup}__in": scope}).distinct()

    def _object_in_scope(self, request, obj) -> bool:
        scope = self._scope(request)
        if scope is None or obj is None:
            return True
        if obj.pk is None:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._object_in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._object_in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._object_in_scope(request, obj)

    def _scoped_choices(self, request, related_model, scope):
        """The rows of ``related_model`` the user may pick: their own sub-districts and
        communities, and rows of any other sub-district-scoped admin (e.g. a milestone's
        project) as that admin scopes them; ``None`` when the model is not scoped. A relation
        to the model itself (a project's district-wide ``parent``) is a reference, not
        ownership, and stays unrestricted."""
        label = related_model._meta.label_lower
        if label == "places.community":
            return related_model._default_manager.filter(sub_district_id__in=scope)
        if label == "places.subdistrict":
            return related_model._default_manager.filter(id__in=scope)
        related_admin = self.admin_site._registry.get(related_model)
        if related_model is not self.model and isinstance(related_admin, SubDistrictScopedAdminMixin):
            return related_admin.get_queryset(request)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = self._scope(request)
        if scope is not None and "queryset" not in kwargs:
            choices = self._scoped_choices(request, db_field.related_model, scope)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        scope = self._scope(request)
        if scope is not None and "queryset" not in kwargs:
            choices = self._scoped_choices(request, db_field.related_model, scope)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if self._scope(request) is not None and not self.get_queryset(request).filter(pk=obj.pk).exists():
            # the change would move the row out of the user's sub-districts
            raise PermissionDenied

