"""``seed_demo`` part: sub-districts and communities (idempotent)."""

from .models import Community, SubDistrict
from .names import english_place_name
from .seed_data import SUB_DISTRICTS, community_boundary, community_points


def run(command) -> None:
    created = 0
    for order, (code, name, name_en, centre, communities) in enumerate(SUB_DISTRICTS, start=1):
        street, _ = SubDistrict.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": f"{name_en} Sub-district", "order": order,
                      "lat": centre[0], "lon": centre[1]},
        )
        for index, (community_name, (lat, lon)) in enumerate(
            zip(communities, community_points(centre, len(communities)), strict=True), start=1
        ):
            _obj, was_created = Community.objects.update_or_create(
                code=f"{code}{index:03d}",
                defaults={
                    "name": community_name,
                    "name_en": english_place_name(community_name),
                    "sub_district": street,
                    "lat": lat,
                    "lon": lon,
                    # illustrative: 2,500-9,500 residents, deterministic per community
                    "population": 2500 + (int(code[-2:]) * 977 + index * 613) % 7000,
                    "boundary": community_boundary(lat, lon),
                    "is_illustrative": True,
                },
            )
            created += was_created
    command.stdout.write(
        f"places: {SubDistrict.objects.count()} sub-districts, "
        f"{Community.objects.count()} communities ({created} new)"
    )
