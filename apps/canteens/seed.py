"""``seed_demo`` part: 33 community senior canteens (the district counts 33 幸福食堂,
facts-2024.md). Names, positions, operators, menus and prices are ILLUSTRATIVE and marked so.
Idempotent: stable codes, and rows are saved only when something differs (so a second run
adds no history either)."""

from datetime import date, time
from decimal import Decimal

from apps.core.seeding import sync_children, upsert
from apps.places.models import Community, FacilityStatus, OpeningException, OpeningHours

from .models import KIND, Canteen, Meal

COUNT = 33
LAST_VERIFIED = date(2026, 11, 20)
DISCOUNTS = [(60, 69, Decimal("1.00")), (70, 79, Decimal("2.00")), (80, None, Decimal("4.00"))]
# (Chinese, English) dishes, illustrative
MAINS = [("红烧肉", "Braised pork"), ("清蒸鱼", "Steamed fish"), ("土豆烧鸡", "Chicken with potato"),
         ("番茄炒蛋", "Tomato and egg"), ("莲藕排骨汤", "Lotus-root and rib soup"), ("肉末豆腐", "Tofu with minced pork"),
         ("粉蒸肉", "Steamed pork with rice flour"), ("冬瓜虾皮", "Winter melon with dried shrimp")]
SIDES = [("清炒时蔬", "Stir-fried greens"), ("凉拌黄瓜", "Cucumber salad"), ("醋溜白菜", "Vinegar cabbage"),
         ("蒜蓉菠菜", "Garlic spinach"), ("炒豆芽", "Bean sprouts"), ("蒸南瓜", "Steamed pumpkin")]
BREAKFASTS = [("热干面", "Hot dry noodles"), ("豆浆油条", "Soy milk and youtiao"), ("小米粥", "Millet porridge"),
              ("蒸饺", "Steamed dumplings"), ("鸡蛋", "Boiled egg"), ("馒头", "Steamed bun")]
STAPLES = [("米饭", "Rice"), ("面条", "Noodles")]


def _hours(index: int, has_breakfast: bool) -> list[dict]:
    days = range(7) if index % 3 == 0 else range(6) if index % 3 == 1 else range(5)
    if has_breakfast:
        periods = [(time(6, 45), time(19, 0))]
    else:
        periods = [(time(10, 30), time(13, 30)), (time(16, 30), time(18, 45))]
    return [{"weekday": d, "opens": o, "closes": c} for d in days for o, c in periods]


def _menu(index: int, meals: list[str]) -> list[dict]:
    rows = []
    for weekday in range(7):
        for meal in meals:
            if meal == Meal.BREAKFAST:
                picks = [BREAKFASTS[(index + weekday) % 6], BREAKFASTS[(index + weekday + 2) % 6]]
            else:
                shift = 0 if meal == Meal.LUNCH else 3
                picks = [MAINS[(index + weekday + shift) % 8], SIDES[(index + 2 * weekday + shift) % 6],
                         STAPLES[(weekday + shift) % 2]]
            for position, (dish, dish_en) in enumerate(picks):
                rows.append({"weekday": weekday, "meal": meal, "position": position, "dish": dish,
                             "dish_en": dish_en})
    return rows


def run(command) -> None:
    communities = list(Community.objects.select_related("sub_district").order_by("code"))
    if not communities:
        command.stdout.write("canteens: no communities (run the places seed first); skipped")
        return
    created = 0
    for k in range(COUNT):
        community = communities[k * len(communities) // COUNT]
        street = community.sub_district
        short = community.name.removesuffix("社区")
        street_en = street.name_en.removesuffix(" Sub-district")
        has_breakfast = k % 3 != 2
        has_dinner = k % 2 == 0
        delivers = k % 4 != 3
        canteen, was_created = upsert(
            Canteen,
            {"code": f"canteen-{k + 1:03d}"},
            {
                "kind": KIND,
                "name": f"{short}社区幸福食堂",
                "name_en": f"Senior Canteen No. {k + 1} ({street_en})",
                "address": f"硚口区{street.name}{community.name}党群服务中心一楼",
                "address_en": f"Ground floor, community service centre, {street_en}, Qiaokou",
                "community": community,
                "lat": round(community.lat + 0.0006 * ((k % 5) - 2), 6),
                "lon": round(community.lon + 0.0007 * ((k % 3) - 1), 6),
                "phone": f"027-8{k % 10}{(k * 7) % 10}{(k * 3) % 10}-{1000 + k * 37:04d}",
                "accessibility": ["step_free", "elder_seating"] + (["accessible_toilet"] if k % 2 else []),
                "description": "示例数据：名称、位置、价格与菜单均为演示虚构。",
                "description_en": "Illustrative: name, position, prices and menu are invented for the demo.",
                "last_verified": LAST_VERIFIED,
                "is_illustrative": True,
                "operator": ["社区居委会", "区养老服务中心", "社会餐饮企业（示例）"][k % 3],
                "operator_en": ["Community committee", "District elderly-care centre",
                                "Catering company (illustrative)"][k % 3],
                "seats": 30 + (k * 7) % 60,
                "home_delivery": delivers,
                "delivery_note": "80岁以上或失能老人可电话预约送餐" if delivers else "",
                "delivery_note_en": "Residents over 80 or with disabilities can book delivery by phone"
                if delivers else "",
            },
            create_only={"status": FacilityStatus.PUBLISHED},
        )
        created += was_created
        meals = ([Meal.BREAKFAST] if has_breakfast else []) + [Meal.LUNCH] + ([Meal.DINNER] if has_dinner else [])
        services = []
        if has_breakfast:
            services.append({"meal": Meal.BREAKFAST, "starts": time(7, 0), "ends": time(8, 30),
                             "price": Decimal("5.00") + k % 3})
        services.append({"meal": Meal.LUNCH, "starts": time(11, 0), "ends": time(12, 30),
                         "price": Decimal("14.00") + k % 4})
        if has_dinner:
            services.append({"meal": Meal.DINNER, "starts": time(17, 0), "ends": time(18, 30),
                             "price": Decimal("12.00") + k % 3})
        sync_children(canteen.meal_services.all(), ("meal",), services, canteen=canteen)
        sync_children(canteen.discounts.all(), ("min_age",),
                      [{"min_age": lo, "max_age": hi, "discount": d} for lo, hi, d in DISCOUNTS],
                      canteen=canteen)
        sync_children(canteen.menu_items.all(), ("weekday", "meal", "position"), _menu(k, meals),
                      canteen=canteen)
        sync_children(OpeningHours.objects.filter(facility=canteen), ("weekday", "opens"),
                      _hours(k, has_breakfast), facility=canteen)
        sync_children(OpeningException.objects.filter(facility=canteen), ("date",), [
            {"date": date(2027, 1, 1), "closed": True, "opens": None, "closes": None, "note": "元旦休息",
             "note_en": "Closed for New Year's Day"},
            {"date": date(2027, 2, 6), "closed": True, "opens": None, "closes": None, "note": "春节休息",
             "note_en": "Closed for the Spring Festival"},
        ], facility=canteen)
    command.stdout.write(
        f"canteens: {Canteen.objects.filter(code__startswith='canteen-').count()} senior canteens "
        f"({created} new, illustrative)"
    )
