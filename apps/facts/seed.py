"""``seed_demo`` part: the figures of the district's 2024 report that pages quote
(``../shared/seeds/facts-2024.md``), each with the source's own words. Idempotent."""

from decimal import Decimal as D

from apps.core.seeding import upsert

from .models import ReportedFact, Topic

SOURCE = "硚口区2024年高质量发展报道（区报）"

# key, topic, label, label_en, quote (exact), value, unit, unit_en, facility kind, note, note_en
FACTS = [
    ("coverage-canteens", Topic.COVERAGE, "幸福食堂覆盖的社区比例（下限）",
     "Communities covered by senior canteens (lower bound)", "幸福食堂覆盖7成以上社区", D(70), "%", "%", "canteen",
     "按社区个数计算的比例（来源所报为下限）。",
     "A share of communities (the source gives a lower bound). Compare with the portal's share of communities "
     "served by a senior canteen."),
    ("coverage-elderly-care", Topic.COVERAGE, "养老服务设施覆盖率", "Elderly-care facility coverage",
     "养老服务设施覆盖率95%", D(95), "%", "%", "eldercare",
     "包括各类养老服务设施。对比本平台按15分钟步行（约1公里）计算的养老服务设施覆盖社区比例。",
     "Counts elderly-care facilities of every type. Compare with the portal's share of communities within a "
     "15-minute walk (about 1 km) of an elder-care site."),
    ("coverage-park-green-space", Topic.COVERAGE, "公园绿地服务半径覆盖率",
     "Park and green-space service-radius coverage", "公园绿地服务半径覆盖率提升至90%", D(90), "%", "%", "park",
     "公园绿地服务半径覆盖率（按服务半径计算）。",
     "Coverage by the park and green-space service radius. Compare with the portal's share of communities "
     "within the park standard's reach."),
    ("hanjiang-beach-gates", Topic.GREEN_SPACE, "汉江江滩闸口", "Han River beach gates",
     "汉江江滩9座闸口", D(9), "座", "gates", "", "", ""),
    ("hanjiang-beach-stations", Topic.GREEN_SPACE, "汉江江滩驿站", "Han River beach service stations",
     "5座驿站", D(5), "座", "stations", "", "驿站为服务驿站，不是公厕。",
     "Service stations (驿站), not toilets."),
    ("hanjiang-green-belt", Topic.GREEN_SPACE, "汉江绿带", "Han River green belt",
     "15公里汉江绿带", D(15), "公里", "km", "", "", ""),
    ("zhanggong-dyke-forest-belt", Topic.GREEN_SPACE, "张公堤森林带", "Zhanggong Dyke forest belt",
     "10公里张公堤森林带", D(10), "公里", "km", "", "", ""),
    ("resettlement-vouchers", Topic.RESETTLEMENT, "发放“购房券”", "Purchase vouchers (购房券) issued",
     "联谊路片、汉水四村片、利北社区片等项目共发放“购房券”896张", D(896), "张", "vouchers", "",
     "征收安置的房源安置模式（联谊路片、汉水四村片、利北社区片等项目），不是“以房换房”的成果。",
     "A resettlement model for expropriated households in the Lianyi Road, Hanshui No. 4 Village and Libei "
     "Community redevelopment areas; not a result of the housing-swap scheme."),
    ("resettlement-purchases", Topic.RESETTLEMENT, "拉动购房消费", "Home purchases driven",
     "拉动购房消费14.8亿元", D("14.8"), "亿元", "hundred million CNY (1.48 billion CNY)", "", "", ""),
    ("housing-swap-rounds-held", Topic.HOUSING_SWAP, "“以房换房”已连续举办期数",
     "Housing-swap rounds held so far", "“以房换房”已连续举办三期", D(3), "期", "rounds", "",
     "收购旧房的范围扩展至汉口片区；报道未说明从哪一期开始。",
     "The old homes bought now include the wider Hankou area (汉口片区); the report does not say from which round."),
    ("kaide-yunlu-sold-on-opening", Topic.NEW_HOMES, "恺德云麓开盘去化率", "Kaide Yunlu sold on opening",
     "2024年国庆假期，硚口区首个准四代住宅“恺德云麓”开盘去化率88%", D(88), "%", "%", "",
     "硚口区首个准四代住宅，2024年国庆假期开盘。",
     "The district's first “quasi-4th-generation” residence, opened for sale over the National Day holiday 2024."),
]


def run(command) -> None:
    created = 0
    for order, (key, topic, label, label_en, quote, value, unit, unit_en, kind, note, note_en) in enumerate(FACTS):
        _fact, new = upsert(ReportedFact, {"key": key}, {
            "topic": topic, "order": order, "label": label, "label_en": label_en, "quote": quote,
            "value": value, "unit": unit, "unit_en": unit_en, "facility_kind": kind,
            "note": note, "note_en": note_en, "source": SOURCE,
        })
        created += new
    command.stdout.write(f"facts: {ReportedFact.objects.count()} reported figures ({created} new)")
