"""``seed_demo`` part: the district's 8 demo parks (facts-2024.md): Gutian Park (opened in
December 2024, no day given; 28,000 m²; its areas 亲子樱花跑道, 绿茵童语园 and 儿童智乐园,
quoted exactly; underground car park with 474 spaces), the 2024 pocket parks (Chongren Road
and Hangkong Road are named; the other three are ILLUSTRATIVE), Zhangbi Lake Park and the
Hanjiang Bay riverside (汉江江滩 9 座闸口 and 5 座驿站, service stations, not toilets; 15 km
汉江绿带 and the 10 km 张公堤森林带).

Every position is approximate and every entry is marked illustrative; figures not in the
source (areas of the pocket parks, the other amenities, opening hours) are invented for the
demo, and real places' unknown figures are left empty rather than invented. Idempotent."""

from datetime import date, time

from apps.core.seeding import sync_children, upsert
from apps.places.models import Community, FacilityStatus, OpeningHours

from .models import KIND, AmenityType, Park, ParkType

LAST_VERIFIED = date(2026, 11, 20)
ALL_DAY = [(time(0), time(0))]

PARKS = [
    {
        "code": "park-gutian", "community": "420104010004", "offset": (0.0010, -0.0020),
        "name": "古田公园", "name_en": "Gutian Park", "park_type": ParkType.CITY,
        "address": "硚口区古田街道（位置为示意）", "address_en": "Gutian Sub-district, Qiaokou (approximate position)",
        "area_m2": 28_000, "green_area_m2": None, "opened_on": date(2024, 12, 1), "opened_on_precision": "month",
        "parking_spaces": 474,
        "hours": [(time(6), time(22))],
        "accessibility": ["step_free", "accessible_toilet", "accessible_parking"],
        "description": "2024年12月对外开放，占地2.8万平方米，设有亲子樱花跑道、绿茵童语园、儿童智乐园等功能分区，"
                       "地下停车场有停车位474个。（来源：区2024年报道；坐标、开放时间为示意。）",
        "description_en": "Open since December 2024, 28,000 m², with the areas 亲子樱花跑道 (parent-child cherry-blossom "
                          "track), 绿茵童语园 (green children's garden) and 儿童智乐园 (children's smart play park), and "
                          "an underground car park with 474 spaces. (Source: the district's 2024 report; position and "
                          "hours are illustrative.)",
        "amenities": [
            (AmenityType.RUNNING_TRACK, "亲子樱花跑道", "亲子樱花跑道 (parent-child cherry-blossom track)"),
            (AmenityType.PLAY_AREA, "绿茵童语园", "绿茵童语园 (green children's garden)"),
            (AmenityType.PLAY_AREA, "儿童智乐园", "儿童智乐园 (children's smart play park)"),
            (AmenityType.PARKING, "地下停车场，停车位474个", "Underground car park, 474 spaces"),
            (AmenityType.TOILETS, "", ""),
            (AmenityType.SEATING, "", ""),
        ],
    },
    {
        "code": "park-chongren", "community": "420104002007", "offset": (0.0005, 0.0004),
        "name": "崇仁路口袋公园", "name_en": "Chongren Road Pocket Park", "park_type": ParkType.POCKET,
        "address": "硚口区崇仁路（位置为示意）", "address_en": "Chongren Road, Qiaokou (approximate position)",
        "area_m2": 1_800, "green_area_m2": 1_100, "opened_on": None, "parking_spaces": 0, "hours": ALL_DAY,
        "accessibility": ["step_free"],
        "description": "2024年民生实事建成的5个口袋公园之一。面积等数据为示意。",
        "description_en": "One of the 5 pocket parks built under the 2024 livelihood projects. Area figures are illustrative.",
        "amenities": [(AmenityType.SEATING, "", ""), (AmenityType.FITNESS, "", ""),
                      (AmenityType.WALKING_PATH, "", "")],
    },
    {
        "code": "park-hangkong", "community": "420104003004", "offset": (-0.0004, 0.0006),
        "name": "航空路口袋公园", "name_en": "Hangkong Road Pocket Park", "park_type": ParkType.POCKET,
        "address": "硚口区航空路（位置为示意）", "address_en": "Hangkong Road, Qiaokou (approximate position)",
        "area_m2": 2_400, "green_area_m2": 1_500, "opened_on": None, "parking_spaces": 0, "hours": ALL_DAY,
        "accessibility": ["step_free"],
        "description": "2024年民生实事建成的5个口袋公园之一。面积等数据为示意。",
        "description_en": "One of the 5 pocket parks built under the 2024 livelihood projects. Area figures are illustrative.",
        "amenities": [(AmenityType.SEATING, "", ""), (AmenityType.PLAY_AREA, "", ""),
                      (AmenityType.FITNESS, "", "")],
    },
    {
        "code": "park-pocket-3", "community": "420104005001", "offset": (0.0006, -0.0003),
        "name": "宝丰口袋公园（示例）", "name_en": "Baofeng Pocket Park (illustrative)", "park_type": ParkType.POCKET,
        "address": "硚口区宝丰街道（示例）", "address_en": "Baofeng Sub-district, Qiaokou (illustrative)",
        "area_m2": 1_200, "green_area_m2": 700, "opened_on": None, "parking_spaces": 0, "hours": ALL_DAY,
        "accessibility": ["step_free"],
        "description": "示例数据：2024年建成的5个口袋公园中，另外三个的名称未公布，此条目为演示虚构。",
        "description_en": "Illustrative: the names of the other three 2024 pocket parks are not published; "
                          "this entry is invented for the demo.",
        "amenities": [(AmenityType.SEATING, "", ""), (AmenityType.PLAY_AREA, "", "")],
    },
    {
        "code": "park-pocket-4", "community": "420104007001", "offset": (-0.0005, -0.0004),
        "name": "宗关口袋公园（示例）", "name_en": "Zongguan Pocket Park (illustrative)", "park_type": ParkType.POCKET,
        "address": "硚口区宗关街道（示例）", "address_en": "Zongguan Sub-district, Qiaokou (illustrative)",
        "area_m2": 950, "green_area_m2": 600, "opened_on": None, "parking_spaces": 0, "hours": ALL_DAY,
        "accessibility": [],
        "description": "示例数据：2024年建成的5个口袋公园中，另外三个的名称未公布，此条目为演示虚构。",
        "description_en": "Illustrative: the names of the other three 2024 pocket parks are not published; "
                          "this entry is invented for the demo.",
        "amenities": [(AmenityType.SEATING, "", ""), (AmenityType.FITNESS, "", "")],
    },
    {
        "code": "park-pocket-5", "community": "420104001001", "offset": (0.0003, 0.0007),
        "name": "汉正街口袋公园（示例）", "name_en": "Hanzhengjie Pocket Park (illustrative)",
        "park_type": ParkType.POCKET,
        "address": "硚口区汉正街街道（示例）", "address_en": "Hanzhengjie Sub-district, Qiaokou (illustrative)",
        "area_m2": 1_500, "green_area_m2": 800, "opened_on": None, "parking_spaces": 0, "hours": ALL_DAY,
        "accessibility": ["step_free"],
        "description": "示例数据：2024年建成的5个口袋公园中，另外三个的名称未公布，此条目为演示虚构。",
        "description_en": "Illustrative: the names of the other three 2024 pocket parks are not published; "
                          "this entry is invented for the demo.",
        "amenities": [(AmenityType.SEATING, "", ""), (AmenityType.WALKING_PATH, "", ""),
                      (AmenityType.DRINKING_WATER, "", "")],
    },
    {
        "code": "park-zhangbi-lake", "community": "420104008005", "offset": (0.0012, 0.0008),
        "name": "张毕湖公园", "name_en": "Zhangbi Lake Park", "park_type": ParkType.CITY,
        "address": "硚口区易家街道张毕湖（位置为示意）", "address_en": "Zhangbi Lake, Yijia Sub-district (approximate position)",
        "area_m2": None, "green_area_m2": None, "opened_on": None, "parking_spaces": 0,
        "hours": [(time(5, 30), time(22))],
        "accessibility": ["step_free", "accessible_toilet"],
        "description": "湖畔公园。坐标、开放时间与设施为示意，面积待核实。",
        "description_en": "Lakeside park. Position, hours and amenities are illustrative; area to be verified.",
        "amenities": [(AmenityType.WALKING_PATH, "环湖步道", "Lakeside path"), (AmenityType.WATERFRONT, "", ""),
                      (AmenityType.FITNESS, "", ""), (AmenityType.SEATING, "", ""), (AmenityType.TOILETS, "", "")],
    },
    {
        "code": "park-hanjiang-bay", "community": "420104010005", "offset": (-0.0030, 0.0020),
        "name": "汉江湾滨江绿带", "name_en": "Hanjiang Bay riverside green belt", "park_type": ParkType.RIVERSIDE,
        "address": "硚口区汉江沿岸（位置为示意）", "address_en": "Han River bank, Qiaokou (approximate position)",
        "area_m2": None, "green_area_m2": None, "opened_on": None, "parking_spaces": 0, "hours": ALL_DAY,
        "accessibility": ["step_free", "accessible_toilet"],
        "description": "汉江江滩9座闸口、5座驿站全新亮相；15公里汉江绿带与10公里张公堤森林带全线贯通，"
                       "公园绿地服务半径覆盖率提升至90%。（来源：区2024年报道；坐标为示意。）",
        "description_en": "On the Han River beach, 9 gates and 5 service stations opened; the 15 km Han River green "
                          "belt and the 10 km Zhanggong Dyke forest belt are joined up; park and green-space "
                          "service-radius coverage rose to 90%. (Source: the district's 2024 report; position is "
                          "illustrative.)",
        "amenities": [
            (AmenityType.WALKING_PATH, "15公里汉江绿带", "15 km Han River green belt"),
            (AmenityType.WALKING_PATH, "10公里张公堤森林带", "10 km Zhanggong Dyke forest belt"),
            (AmenityType.RIVER_GATE, "汉江江滩9座闸口", "9 Han River beach gates"),
            (AmenityType.SERVICE_STATION, "5座驿站", "5 service stations"),
            (AmenityType.RUNNING_TRACK, "", ""), (AmenityType.SEATING, "", ""),
        ],
    },
]


def run(command) -> None:
    communities = {c.code: c for c in Community.objects.all()}
    if not communities:
        command.stdout.write("parks: no communities (run the places seed first); skipped")
        return
    fallback = min(communities)
    created = 0
    for spec in PARKS:
        community = communities.get(spec["community"]) or communities[fallback]
        dlat, dlon = spec["offset"]
        park, was_created = upsert(
            Park,
            {"code": spec["code"]},
            {
                "kind": KIND,
                "name": spec["name"], "name_en": spec["name_en"],
                "address": spec["address"], "address_en": spec["address_en"],
                "community": community,
                "lat": round(community.lat + dlat, 6), "lon": round(community.lon + dlon, 6),
                "accessibility": spec["accessibility"],
                "description": spec["description"], "description_en": spec["description_en"],
                "last_verified": LAST_VERIFIED,
                "is_illustrative": True,
                "park_type": spec["park_type"], "area_m2": spec["area_m2"], "green_area_m2": spec["green_area_m2"],
                "opened_on": spec["opened_on"], "opened_on_precision": spec.get("opened_on_precision", "day"),
                "parking_spaces": spec["parking_spaces"],
            },
            create_only={"status": FacilityStatus.PUBLISHED},
        )
        created += was_created
        sync_children(park.amenities.all(), ("amenity", "note"), [
            {"amenity": amenity, "note": note, "note_en": note_en} for amenity, note, note_en in spec["amenities"]
        ], park=park)
        sync_children(OpeningHours.objects.filter(facility=park), ("weekday", "opens"), [
            {"weekday": day, "opens": opens, "closes": closes} for day in range(7) for opens, closes in spec["hours"]
        ], facility=park)
    command.stdout.write(
        f"parks: {Park.objects.filter(code__startswith='park-').count()} parks ({created} new; Gutian Park, "
        "Chongren Road and Hangkong Road pocket parks, Zhangbi Lake, Hanjiang Bay; positions illustrative)"
    )
