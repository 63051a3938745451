"""The explorer's words in English and Chinese (its primary users are Chinese parks and
ministries): lever names, views, sectors, parks, the TEDI subsystems. ``text(key, lang)``
falls back to English, then to the key itself."""

from __future__ import annotations

LANGS = ("en", "zh")

TEXT: dict[str, tuple[str, str]] = {
    "title": ("cbam-sim policy explorer", "cbam-sim 欧盟碳边境调节机制（CBAM）政策模拟器"),
    "subtitle": (
        "China's CBAM goods exports to the EU, 2026-2034: move a lever, the pathways redraw; "
        "the dashed lines are the baseline (enacted rules, central prices).",
        "中国CBAM产品对欧出口（2026-2034年）：调整政策杠杆即可重新计算；虚线为基准情景"
        "（现行规则、中间价格路径）。",
    ),
    "language": ("Language", "语言"),
    "levers": ("Levers", "政策杠杆"),
    "eu_price_2030": ("EU carbon price in 2030, EUR/tCO2e", "2030年欧盟碳价（欧元/吨CO2e）"),
    "eu_price_slope": ("EU price change per year, EUR/tCO2e", "欧盟碳价年变化（欧元/吨CO2e）"),
    "china_price_2030": ("China ETS price in 2030, CNY/tCO2", "2030年全国碳市场价格（元/吨CO2）"),
    "paid_share_2030": (
        "China ETS share effectively paid in 2030",
        "2030年全国碳市场实际有偿比例",
    ),
    "cscf": ("Cross-sectoral correction factor (CSCF)", "跨行业修正系数（CSCF）"),
    "indirect_from": (
        "Indirect emissions count for all sectors from",
        "间接排放全行业纳入年份",
    ),
    "verified_data": ("Verified emissions data", "核证排放数据"),
    "decide": ("each exporter decides", "企业自行决定"),
    "never": ("nobody (default values)", "一律使用默认值"),
    "everyone": ("everyone from 2026", "2026年起全部核证"),
    "park_b_line_from": (
        "Park B direct green-power line in service from",
        "园区B绿电直连投运年份",
    ),
    "park_b_line_share": (
        "Park B direct line: share of the park's electricity",
        "园区B绿电直连占园区用电比例",
    ),
    "park_c_plan_target": (
        "Park C zero-carbon plan (T+E+D+I): target year",
        "园区C零碳园区规划（技术+能源+数据+制度）目标年",
    ),
    "h2_dri_support": (
        "Hydrogen-DRI steel support (60 % capex)",
        "氢基直接还原铁炼钢支持（60%投资补贴）",
    ),
    "downstream": ("Downstream extension (proposal, from 2028)", "下游产品扩围（提案，2028年起）"),
    "off": ("off", "关闭"),
    "on": ("on", "开启"),
    "tab_costs": ("Cost pathways", "成本路径"),
    "tab_parks": ("Parks", "园区评价"),
    "tab_treasury": ("Treasury", "资金需求"),
    "tab_difference": ("Difference to baseline", "与基准情景的差异"),
    "tab_saved": ("Saved scenarios", "已保存情景"),
    "scenario": ("this what-if", "当前情景"),
    "baseline": ("baseline", "基准情景"),
    "difference": ("difference", "差异"),
    "total_cost": ("CBAM cost 2026-2034, million EUR", "2026-2034年CBAM成本（百万欧元）"),
    "cost_by_sector": ("CBAM cost by sector, million EUR a year", "分行业CBAM成本（百万欧元/年）"),
    "cost_by_park": ("CBAM cost by park, million EUR a year", "分园区CBAM成本（百万欧元/年）"),
    "by_sector": ("by sector", "分行业"),
    "by_park": ("by park", "分园区"),
    "meur": ("million EUR", "百万欧元"),
    "year": ("year", "年份"),
    "quarter": ("quarter", "季度"),
    "core_indicator": (
        "Core indicator, tCO2 per tce (national zero-carbon park rule: at or below the limit)",
        "核心指标：单位能耗碳排放（吨CO2/吨标煤，国家零碳园区标准：不高于限值）",
    ),
    "pass": ("met", "达标"),
    "miss": ("missed", "未达标"),
    "not_assessed": ("not assessed", "未评估"),
    "layered": ("layered evaluation (source paper table 5)", "分层评价（原文表5）"),
    "layered_park": ("Layered evaluation of", "分层评价园区"),
    "first_pass": ("First year each park passes", "各园区首次达标年份"),
    "not_by_horizon": ("not by 2034", "2034年前未达标"),
    "park": ("park", "园区"),
    "target_year": ("target year", "目标年"),
    "indicator": ("indicator", "指标"),
    "core_pass": ("core indicator", "核心指标"),
    "dual_control_pass": ("dual control", "双控"),
    "grade": ("grade >= 1", "评级≥1"),
    "cash": (
        "Cash for CBAM certificates, million EUR per quarter",
        "购买CBAM证书的资金（百万欧元/季度）",
    ),
    "certificates": ("Certificates bought, million per quarter", "购买证书数量（百万张/季度）"),
    "peak_quarter": ("Largest quarter", "资金需求最大季度"),
    "tedi": (
        "Difference to the baseline by TEDI subsystem, million EUR a year",
        "按TEDI子系统分解的与基准情景差异（百万欧元/年）",
    ),
    "subsystem": ("TEDI subsystem", "TEDI子系统"),
    "technology": ("technology", "技术"),
    "energy": ("energy", "能源"),
    "data": ("data", "数据"),
    "institution": ("institution", "制度"),
    "outside": ("outside the park (prices, rules, trade)", "园区外部因素（价格、规则、贸易）"),
    "by_year": (
        "Difference to the baseline by year, million EUR",
        "逐年与基准情景差异（百万欧元）",
    ),
    "cumulative": ("cumulative", "累计"),
    "save": ("Save scenario", "保存情景"),
    "save_name": ("scenario name (letters, digits, _)", "情景名称（字母、数字、下划线）"),
    "saved_to": ("saved; reproduce it with", "已保存；可用以下命令复现"),
    "bad_name": (
        "a name of letters, digits and _ (starting with a letter)",
        "名称须由字母、数字和下划线组成（以字母开头）",
    ),
    "saved_timelines": (
        "Saved scenarios: CBAM cost, million EUR a year",
        "已保存情景：CBAM成本（百万欧元/年）",
    ),
    "nothing_saved": ("No scenario saved yet.", "尚未保存情景。"),
    "export": ("Figure download format", "图表下载格式"),
    "download": ("Download as a figure", "下载为图表"),
    "iron_steel": ("iron and steel", "钢铁"),
    "aluminium": ("aluminium", "铝"),
    "fertilisers": ("fertilisers", "化肥"),
    "hydrogen": ("hydrogen", "氢"),
    "cement": ("cement", "水泥"),
    "all_sectors": ("all sectors", "全部行业"),
}

# the shipped parks' names in Chinese (their English names come from the config)
PARK_NAMES_ZH = {
    "Coastal steel park": "沿海钢铁园区",
    "Inland metals and chemicals park": "内陆金属与化工园区",
    "Aluminium processing park": "铝加工园区",
    "Cement cluster": "水泥产业集群",
    "Fastener and steel-products cluster": "紧固件与钢制品产业集群",
    "Hydro-powered aluminium smelting base": "水电铝冶炼基地",
}


def text(key: str, lang: str = "en") -> str:
    """``key``'s words in ``lang`` ("en" or "zh")."""
    pair = TEXT.get(key)
    if pair is None:
        return key.replace("_", " ")
    return pair[1] if lang == "zh" and pair[1] else pair[0]


def park_name(park_id: str, name: str, lang: str = "en") -> str:
    """A park's display name: its config name (or Chinese name), the id when it has none."""
    if not name:
        return park_id
    return PARK_NAMES_ZH.get(name, name) if lang == "zh" else name
