"""OpenAPI schema generation shared by every app.

DESIGN.md nests ``InputSerializer``/``OutputSerializer`` inside each API view. drf-spectacular
names components after the bare class name, so two views' ``InputSerializer`` collide (one
silently replaces the other in ``/api/schema/``, and ``check --deploy`` warns). Nested
serializers are named after their outer class instead: ``TokenApi.InputSerializer`` becomes
the component ``TokenApiInput`` (``TokenApiInputRequest`` for requests).
"""

from drf_spectacular.openapi import AutoSchema


class PortalAutoSchema(AutoSchema):
    def get_serializer_name(self, serializer, direction):
        cls = serializer.__class__
        qualname = getattr(cls, "__qualname__", cls.__name__)
        if "." in qualname and "<locals>" not in qualname:
            return qualname.replace(".", "")
        return super().get_serializer_name(serializer, direction)
