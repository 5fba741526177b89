"""Find what to attack: the JSON-body operations of the OpenAPI schema and the parameterless
pages of the URL conf, so endpoints added later are picked up without editing the tests."""

import re

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

_PARAM = re.compile(r"\{[^}]+\}")


def openapi_document() -> dict:
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200, response.content[:500]
    return response.json()


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _resolve(document, schema["allOf"][0])
    return schema


def example_value(document: dict, schema: dict):
    """A plausible value for a property, so the other fields of a request pass."""
    schema = _resolve(document, schema)
    if "enum" in schema and schema["enum"]:
        return next((v for v in schema["enum"] if v not in (None, "")), schema["enum"][0])
    for key in ("oneOf", "anyOf"):
        if key in schema and schema[key]:
            return example_value(document, schema[key][0])
    kind = schema.get("type")
    fmt = schema.get("format", "")
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1)
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    if kind == "object":
        return {}
    if fmt == "email":
        return "someone@example.com"
    if fmt == "date":
        return "2024-06-01"
    if fmt == "date-time":
        return "2024-06-01T10:00:00+08:00"
    if fmt == "uri":
        return "https://example.com/"
    return "test"


def json_operations(document: dict) -> list[dict]:
    """Every operation with a JSON request body: method, path (ids filled with 1), the
    string properties to attack and a base body with every property filled."""
    found = []
    for path, item in sorted(document.get("paths", {}).items()):
        for method in ("post", "put", "patch"):
            operation = item.get(method)
            if not operation:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            schema = _resolve(document, content["application/json"].get("schema", {}))
            properties = {
                name: _resolve(document, prop)
                for name, prop in schema.get("properties", {}).items()
                if not prop.get("readOnly")
            }
            base = {name: example_value(document, prop) for name, prop in properties.items()}
            strings = [
                name for name, prop in properties.items()
                if prop.get("type") == "string" and "enum" not in prop
            ]
            found.append({
                "id": f"{method.upper()} {path}",
                "method": method,
                "path": _PARAM.sub("1", path),
                "base": base,
                "strings": strings,
            })
    return found


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def parameterless_pages() -> list[str]:
    """Site paths of the URL conf without converters, outside the API and admin."""
    pages = set()
    for route, _pattern in _walk(get_resolver().url_patterns):
        if "<" in route or "(" in route or "^" in route or "\\" in route:
            continue
        path = "/" + route.lstrip("/")
        if path.startswith(("/api/", "/admin/", "/i18n/", "/healthz", "/static/", "/media/")):
            continue
        pages.add(path)
    return sorted(pages)
