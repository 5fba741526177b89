"""The district's 11 sub-districts and their communities, for ``seed_demo``.

Sub-district names and codes follow the district's administrative division. Community
names are in the style of the district's communities; their representative points,
populations and boundaries are ILLUSTRATIVE (invented for the demo), and are marked so.
"""

# code, Chinese name, English name, approximate centre (lat, lon) WGS-84, communities
SUB_DISTRICTS = [
    ("420104001", "汉正街街道", "Hanzhengjie", (30.5725, 114.2745),
     ["汉正街社区", "大兴路社区", "永宁巷社区", "三曙街社区", "万安巷社区", "长堤街社区", "沿河社区", "新安社区"]),
    ("420104002", "六角亭街道", "Liujiaoting", (30.5790, 114.2620),
     ["六角亭社区", "营北社区", "武胜路社区", "集贤社区", "中山社区", "利济北路社区", "崇仁路社区", "仁寿路社区"]),
    ("420104003", "汉中街道", "Hanzhong", (30.5770, 114.2690),
     ["汉中社区", "友谊南路社区", "新合村社区", "航空路社区", "易家墩社区", "京汉社区", "三民社区", "新华社区"]),
    ("420104004", "荣华街道", "Ronghua", (30.5860, 114.2650),
     ["荣华社区", "利北社区", "宝善社区", "联谊路社区", "崇仁社区", "义烈巷社区", "华中里社区", "硚口路社区", "同心社区"]),
    ("420104005", "宝丰街道", "Baofeng", (30.5905, 114.2585),
     ["宝丰社区", "丰华社区", "南湖社区", "玉带社区", "宗关路社区", "发展社区", "京东社区", "安徽街社区", "园博社区"]),
    ("420104006", "汉水桥街道", "Hanshuiqiao", (30.5800, 114.2500),
     ["汉水一村社区", "汉水二村社区", "汉水三村社区", "汉水四村社区", "汉水桥社区", "仁寿社区", "利剑社区", "体育馆社区", "建设社区"]),
    ("420104007", "宗关街道", "Zongguan", (30.5885, 114.2420),
     ["宗关社区", "水厂社区", "东方社区", "七一社区", "健康社区", "太平洋社区", "解放社区", "发展一路社区", "公益社区", "罗家墩社区"]),
    ("420104008", "易家街道", "Yijia", (30.6050, 114.2400),
     ["易家墩社区", "游艺社区", "额头湾社区", "新墩社区", "张毕湖社区", "长风社区", "竹叶海社区", "园林社区", "和平社区"]),
    ("420104009", "韩家墩街道", "Hanjiadun", (30.5960, 114.2300),
     ["韩家墩社区", "宏图社区", "荣东社区", "简易社区", "汉西社区", "古田一路社区", "星光社区", "新桥社区", "顺道社区"]),
    ("420104010", "古田街道", "Gutian", (30.6000, 114.2050),
     ["古田一村社区", "古田二村社区", "古田三村社区", "古田四路社区", "汉江湾社区", "梅岭社区", "东风社区", "紫润明园社区", "百威社区", "南部社区"]),
    ("420104011", "长丰街道", "Changfeng", (30.6150, 114.2250),
     ["长丰社区", "常码头社区", "张公堤社区", "南垸坊社区", "银丰社区", "汉西一路社区", "丰收社区", "高桥社区", "长宜社区"]),
]


def community_points(centre: tuple[float, float], count: int) -> list[tuple[float, float]]:
    """Spread ``count`` illustrative points in a small ring around a sub-district centre
    (deterministic: the same every run, so ``seed_demo`` stays idempotent)."""
    import math

    lat0, lon0 = centre
    points = []
    for i in range(count):
        angle = 2 * math.pi * i / count
        ring = 0.004 + 0.003 * (i % 3)
        points.append(
            (round(lat0 + ring * math.sin(angle), 6), round(lon0 + ring * 1.15 * math.cos(angle), 6))
        )
    return points


def community_boundary(lat: float, lon: float, half: float = 0.0018) -> dict:
    """An illustrative square boundary around the point (GeoJSON, lon/lat order)."""
    ring = [
        [round(lon - half, 6), round(lat - half, 6)],
        [round(lon + half, 6), round(lat - half, 6)],
        [round(lon + half, 6), round(lat + half, 6)],
        [round(lon - half, 6), round(lat + half, 6)],
        [round(lon - half, 6), round(lat - half, 6)],
    ]
    return {"type": "Polygon", "coordinates": [ring]}
