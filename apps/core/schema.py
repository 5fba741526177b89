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


_TIME_PATTERN = r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}(:?\d{2})?)?$"


def _fix_time_formats(node) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "time":
            # OpenAPI's "time" is RFC 3339 full-time, which requires a UTC offset; DRF
            # writes "HH:MM:SS[.ffffff]" without one. Describe what is really sent.
            del node["format"]
            node.setdefault("pattern", _TIME_PATTERN)
        for value in node.values():
            _fix_time_formats(value)
    elif isinstance(node, list):
        for value in node:
            _fix_time_formats(value)


def postprocess_time_formats(result, generator, request, public):
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    _fix_time_formats(result.get("components", {}))
    _fix_time_formats(result.get("paths", {}))
    return result
