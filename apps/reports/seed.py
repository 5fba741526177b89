"""``seed_demo`` part: the report categories and a few dozen ILLUSTRATIVE problem reports
across the sub-districts and every state (submitted, acknowledged, in progress, resolved and
rated, transferred, closed), with public answers and "me too" counts. Every description ends
with "（示例）" ("illustrative"), so the public pages show them as invented.

Before them, a few ILLUSTRATIVE routing rules (by kind, by category, by category and
sub-district) so the back office shows how routing reads; their note ends with the same mark
(``DEMO_RULES``), and the demo reports are routed by them.

Made through the services, as a resident and an official would (the demo resident reports a
few; the official's answers are given as the demo ``admin`` when it exists, i.e. with DEBUG on;
without it the reports stay as submitted). Idempotent: a report whose description exists
already is left alone, so a second run changes nothing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.places.models import Community, Facility, SubDistrict

from . import services
from .categories import categories_sync
from .models import Category, Report, ReportSupport, RoutingRule, Status

MARK = "（示例）"

# (note, facility kind or "", category code or "", the first sub-district?, to the operator too,
#  priority, the demo official named). The note (with MARK) is the rule's identity on re-seed.
DEMO_RULES = [
    ("充电桩问题由街道办理，同时转充电站的运营商", "charging", "", False, True, 100, False),
    ("停车场问题由街道办理，同时转停车场的运营方", "parking", "", False, True, 100, False),
    ("食品安全问题不转运营方，由街道直接办理并通知市场监管", "canteen", "canteen-food-safety", False, False, 50, False),
    ("第一个街道的路灯问题由指定的工作人员办理", "", "street-lighting", True, True, 100, True),
]


def rules_seed(official=None) -> int:
    """The illustrative routing rules; a rule whose note exists already is left alone."""
    first_street = SubDistrict.objects.order_by("code").first()
    created = 0
    for note, kind, code, by_street, to_operator, priority, named in DEMO_RULES:
        note = f"{note}{MARK}"
        if RoutingRule.objects.filter(note=note).exists():
            continue
        category = Category.objects.filter(code=code).first() if code else None
        if (code and category is None) or (by_street and first_street is None):
            continue
        rule = RoutingRule.objects.create(
            note=note, kind=kind, category=category, sub_district=first_street if by_street else None,
            route_to_operator=to_operator, priority=priority,
        )
        if named and official is not None:
            rule.officials.add(official)
        created += 1
    return created

# (category, description, facility kind or "", days ago, [(status, public answer, days later)],
#  location private, "me too" count, rating by the reporter or "")
A, P, R, T, C = Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.RESOLVED, Status.TRANSFERRED, Status.CLOSED
DEMO = [
    ("street-lighting", "小区门口的路灯连续三个晚上不亮，老人晚上出门不方便", "", 2, [], False, 3, ""),
    ("street-lighting", "人行道上两盏路灯一闪一闪，时亮时不亮", "", 5, [(A, "已受理，已通知路灯维护单位。", 0)], False, 1, ""),
    ("street-lighting", "公交站旁的路灯灯罩掉了，灯泡外露", "", 12, [(A, "已受理。", 0), (P, "维护单位已到现场，等待更换灯罩配件。", 1)], False, 0, ""),
    ("street-lighting", "巷子里的路灯不亮已经一周了", "", 20, [(A, "已受理。", 0), (R, "已更换灯具，经夜间巡查恢复正常。", 2)], False, 4, "satisfied"),
    ("road-damage", "人行道地砖松动翘起，下雨天踩上去会溅水", "", 3, [], False, 2, ""),
    ("road-damage", "路口有一个较深的坑，电动车经过很危险", "", 9, [(A, "已受理，已设置警示标志。", 0), (P, "已安排施工队，预计本周修补。", 2)], False, 6, ""),
    ("road-damage", "盲道被损坏的井盖挡住了", "", 25, [(A, "已受理。", 0), (R, "井盖已更换，盲道恢复畅通。", 3)], False, 1, "basically_satisfied"),
    ("road-damage", "小区内部道路破损", "", 30, [(T, "该道路属于小区物业管理范围，已转交社区督促物业维修。", 1)], False, 0, ""),
    ("litter", "绿化带里有人倾倒装修垃圾", "", 1, [], False, 0, ""),
    ("litter", "垃圾桶满了没人清理，周边有异味", "", 6, [(A, "已受理，已通知环卫。", 0), (R, "环卫已清运，并增加清运频次。", 1)], False, 2, "satisfied"),
    ("litter", "河边步道上有大量塑料袋和饮料瓶", "", 15, [(A, "已受理。", 0), (R, "已组织清理。", 1)], False, 0, "dissatisfied"),
    ("other", "楼下早市占道经营，消防通道被堵", "", 4, [(A, "已受理，已转城管中队核查。", 0)], False, 5, ""),
    ("other", "同一问题重复反映", "", 18, [(C, "与另一条反映重复，已合并办理。", 0)], False, 0, ""),
    ("other", "夜间施工噪音很大", "", 8, [], True, 1, ""),
    ("charger-out-of-order", "充电桩屏幕不亮，扫码无反应", "charging", 1, [], False, 2, ""),
    ("charger-out-of-order", "两个快充桩都显示故障，无法充电", "charging", 7, [(A, "已通知运营商。", 0), (P, "运营商已派人检修，需更换模块。", 1)], False, 3, ""),
    ("charger-out-of-order", "充电到一半自动断电", "charging", 22, [(A, "已受理。", 0), (R, "运营商已修复充电模块，测试正常。", 2)], False, 0, "satisfied"),
    ("charger-connector-damaged", "充电枪头外壳开裂，担心漏电", "charging", 3, [(A, "已通知运营商，已暂停该充电枪使用。", 0)], False, 1, ""),
    ("charger-connector-damaged", "充电枪线缆被车压过，有明显破损", "charging", 16, [(A, "已受理。", 0), (R, "已更换充电枪线缆。", 1)], False, 0, ""),
    ("charger-bay-blocked", "充电车位长期被燃油车占用", "charging", 2, [], False, 7, ""),
    ("charger-bay-blocked", "周末充电车位被燃油车停满", "charging", 11, [(A, "已受理。", 0), (P, "已联系停车场管理方张贴提示并加强巡查。", 1)], False, 2, ""),
    ("canteen-closed", "食堂显示营业中，但中午十一点半就关门了", "canteen", 2, [], False, 2, ""),
    ("canteen-closed", "周六中午食堂没开门，门口也没有通知", "canteen", 10, [(A, "已受理。", 0), (R, "食堂已在门口和小程序公布周末营业时间。", 2)], False, 1, "basically_satisfied"),
    ("canteen-food-safety", "饭菜不太新鲜，希望检查一下", "canteen", 5, [(A, "已受理，已通知市场监管所。", 0), (P, "市场监管所已现场检查，正在整改。", 1)], True, 0, ""),
    ("canteen-price", "助餐补贴后的价格和公示不一致", "canteen", 14, [(A, "已受理。", 0), (R, "已核实为系统设置错误，已更正并退还差价。", 2)], False, 3, "satisfied"),
    ("canteen-price", "老年卡刷卡没有享受优惠", "canteen", 28, [(C, "经核实为卡片未激活，已协助激活。", 1)], False, 0, ""),
    ("park-facility-broken", "儿童滑梯有一块板子松动", "park", 1, [], False, 4, ""),
    ("park-facility-broken", "健身器材的扶手断了", "park", 6, [(A, "已受理，已设置隔离带暂停使用。", 0)], False, 2, ""),
    ("park-facility-broken", "长椅坏了两张", "park", 19, [(A, "已受理。", 0), (R, "长椅已修复。", 3)], False, 0, "satisfied"),
    ("park-lighting", "公园步道晚上一片黑，照明灯全都不亮", "park", 3, [(A, "已受理。", 0)], False, 5, ""),
    ("park-lighting", "公园东门的景观灯不亮", "park", 13, [(A, "已受理。", 0), (P, "线路老化，正在更换电缆。", 2)], False, 1, ""),
    ("park-cleanliness", "公园厕所没有纸，地面很脏", "park", 2, [], False, 3, ""),
    ("park-cleanliness", "湖边有死鱼，气味难闻", "park", 8, [(A, "已受理。", 0), (R, "已打捞清理，并检测水质。", 1)], False, 2, "satisfied"),
    ("park-cleanliness", "草坪上狗粪很多", "park", 24, [(A, "已受理。", 0), (R, "已加强保洁并设置文明养犬提示牌。", 2)], False, 0, "dissatisfied"),
]


def run(command) -> None:
    categories_sync()
    communities = list(Community.objects.select_related("sub_district").order_by("sub_district__code", "code"))
    if not communities:
        command.stdout.write("reports: no communities, no demo reports")
        return
    User = get_user_model()
    resident = User.objects.filter(username="resident").first()
    official = User.objects.filter(username="admin", is_superuser=True).first()
    rules = rules_seed(official)
    command.stdout.write(f"reports: {rules} illustrative routing rules added "
                         f"({RoutingRule.objects.filter(note__endswith=MARK).count()} in all)")
    facilities = {kind: list(Facility.objects.published().filter(kind=kind).order_by("id")[:12])
                  for kind in ("charging", "canteen", "park")}
    now = timezone.now().replace(microsecond=0)
    created = 0
    for index, (code, text, kind, days_ago, steps, private, supporters, rating) in enumerate(DEMO):
        description = f"{text}{MARK}"
        if Report.objects.filter(description=description).exists():
            continue
        start = now - dt.timedelta(days=days_ago, hours=index % 7)
        values = {}
        choices = facilities.get(kind) if kind else None
        if choices:
            values["facility_id"] = choices[index % len(choices)].pk
        else:
            # spread over the sub-districts: every few communities, a little off their point
            community = communities[(index * 7) % len(communities)]
            values.update(lat=community.lat + 0.0004 * ((index % 5) - 2), lon=community.lon + 0.0004 * ((index % 3) - 1))
        if kind and not choices:
            continue  # that kind's facilities are not loaded
        reporter = resident if rating else None
        report = services.report_submit(category=code, description=description, location_private=private,
                                        reporter=reporter, now=start, **values)
        created += 1
        for number in range(supporters):
            ReportSupport.objects.create(report=report, address_hash=f"demo-{report.pk}-{number}")
        if supporters:
            Report.objects.filter(pk=report.pk).update(supporters_count=supporters)
        if official is None:
            continue
        moment = start
        for status, answer, days_later in steps:
            moment = min(moment + dt.timedelta(days=days_later, hours=3), now)
            report = services.report_transition(report=report, to_status=status, actor=official,
                                                public_answer=answer, now=moment)
        if rating and report.status == Status.RESOLVED and reporter is not None:
            comment = "还是老样子，希望再看看。" if rating == "dissatisfied" else ""
            services.report_rate(report=report, user=reporter, rating=rating, comment=comment,
                                 now=min(moment + dt.timedelta(hours=5), now))
    total = Report.objects.filter(description__endswith=MARK).count()
    command.stdout.write(f"reports: {created} illustrative problem reports added ({total} in all)")
