"""The API's JSON renderer: DRF's ``JSONRenderer`` output, byte for byte, encoded by orjson.

DRF's renderer runs the standard library's encoder with a ``default`` hook for dates, decimals
and lazy strings: a 20-row canteen list's 37 KB took 0.34 ms of a 8-9 ms request, a charging
list's 46 KB 0.43 ms; orjson writes the same bytes in 0.02-0.05 ms (bench/lists.py, issue 21).
What orjson does not write itself (a Decimal, a date, a lazy translation, a datetime: DRF
spells those its own way) goes through DRF's encoder's ``default``, so every value comes out
as before. Indented output (``Accept: application/json; indent=4``, the browsable API) and
anything orjson refuses (an integer beyond 64 bits, nesting deeper than 254) are rendered by
DRF's path. Unlike DRF's strict mode, a NaN or infinity becomes ``null`` rather than an error.
tests/core/test_renderers.py holds the output equal to DRF's."""

from decimal import Decimal

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_drf_default = JSONEncoder().default


def _default(value):
    # DRF's hook, a Decimal first (what it gives one: a float): it tries five other types
    # before, and a charging list writes ~130 (max_power_kw with coerce_to_string=False)
    return float(value) if type(value) is Decimal else _drf_default(value)


_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


class FastJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None or not self.compact or self.ensure_ascii or (
                self.get_indent(accepted_media_type, renderer_context or {}) is not None):
            return super().render(data, accepted_media_type, renderer_context)
        try:
            body = orjson.dumps(data, default=_default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        # as DRF: U+2028 and U+2029 escaped, so that the JSON is also valid JavaScript
        if b"\xe2\x80\xa8" in body or b"\xe2\x80\xa9" in body:
            body = body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return body
