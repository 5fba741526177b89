"""The ``AppConfig`` of a facility kind's app (importable from ``apps.py``: no model here). Import
the module, not the class (``class X(kind_app.FacilityKindConfig)``): Django takes an apps.py
with two AppConfig classes in it for one without a default.

A kind app following the kit's names (URL namespace = app label, pages under ``/<label>/``,
API detail ``api-<label>-detail`` unless it names another, ``models.KIND``,
``synthesize.synthesize``) says only its labels, navigation order, generation and coverage
settings and the models its pages show; ``ready()`` registers the kind and its navigation and
cache contributions (:func:`apps.places.kit.register_facility_kind`), and the filter bits its
``models.FILTER_BITS`` declares (:mod:`apps.places.filter_bits`). A kind with more to say
(live availability, its own contributions, signals) overrides :meth:`~FacilityKindConfig.kind_options`,
:meth:`~FacilityKindConfig.contributions` or ``ready()`` (calling ``super().ready()``)."""

from collections.abc import Sequence
from importlib import import_module

from django.apps import AppConfig


class FacilityKindConfig(AppConfig):
    kind_label: object = ""  # the kind's name (a lazy translated string)
    nav_label: object = ""  # its link in the main navigation
    nav_order: int = 100
    generated_name: tuple[str, str] = ("设施", "Facility")  # generate_facilities' name stem
    generation_weight: float = 0.0  # share of a mixed generate_facilities run (0: --kind only)
    coverage_reach_m: int | None = None  # coverage's default reach (None: not computed)
    cache_models: Sequence[str] = ()  # "app.model" labels of the rows its public pages show
    api_detail_url_name: str = ""  # its API detail route when not "api-<label>-detail"

    def kind_options(self) -> dict:
        """More of the kind's :class:`~apps.places.registry.KindInfo` (live availability,
        connector choices...); read in ``ready()``, so it may import the app's modules."""
        return {}

    def contributions(self) -> Sequence:
        """The app's contributions besides its navigation entry and cache namespace."""
        return ()

    def ready(self):
        from . import filter_bits
        from .kit import register_facility_kind
        from .registry import KindInfo

        models = import_module(f"{self.name}.models")
        info = KindInfo(
            kind=models.KIND, label=self.kind_label,
            detail_url_name=f"{self.label}:detail", list_url_name=f"{self.label}:list",
            api_detail_url_name=self.api_detail_url_name or f"api-{self.label}-detail",
            synthesize=import_module(f"{self.name}.synthesize").synthesize,
            generated_name=self.generated_name, generation_weight=self.generation_weight,
            coverage_reach_m=self.coverage_reach_m, **self.kind_options(),
        )
        register_facility_kind(self, info, nav_path=f"/{self.label}/", nav_label=self.nav_label,
                               nav_order=self.nav_order, cache_models=self.cache_models,
                               contributions=self.contributions())
        if getattr(models, "FILTER_BITS", None) is not None:
            filter_bits.register(models.KIND, models.FILTER_BITS)
