"""What each facility kind's own app knows, registered in its ``AppConfig.ready()``, so that
``places`` (nearby search, coverage, maps) can label and link every kind without importing
the domain apps: dependencies point down."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class KindInfo:
    kind: str
    label: object  # a lazy translated string
    detail_url_name: str  # reversed with the facility id, e.g. "canteens:detail"
    api_detail_url_name: str = ""


_KINDS: dict[str, KindInfo] = {}


def register_kind(info: KindInfo) -> None:
    _KINDS[info.kind] = info


def kind_info(kind: str) -> KindInfo | None:
    return _KINDS.get(kind)


def registered_kinds() -> list[str]:
    return list(_KINDS)


def detail_url(kind: str, facility_id: int) -> str:
    info = _KINDS.get(kind)
    return reverse(info.detail_url_name, args=[facility_id]) if info else ""
