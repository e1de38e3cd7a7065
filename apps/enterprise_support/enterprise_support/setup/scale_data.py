"""Deterministic synthetic enterprise data for benchmarks and Data Import tests.

Pure Python: no Frappe, no database, no third-party packages. Everything is a function of
its arguments and ``seed``, so two runs give byte-identical output.

``generate(n_enterprises, n_patents, n_designations)`` returns lazy row iterators (plain
dicts with the field names of the Enterprise, Enterprise Contact, Patent and Specialist
Designation doctypes); ``write_csv`` streams any of them to a file. 100,000 enterprises and
300,000 patents take a few seconds and little memory: only one USCC string and a few bytes
per enterprise are kept, rows are built as they are consumed.

``enterprise_rows(n)`` gives enterprise rows alone, with a USCC range of the caller's choice.
``enterprise_rows_with_errors(n, bad)`` builds rows for a Data Import test, ``bad`` of which
are invalid in a known way (see ``ERROR_KINDS``), with the expected failure of every row.

The default chains, links, streets, industry codes, users and departments are those of the
demo data set in ``fixtures/demo/``, so generated rows import into a demo site. Nothing
generated collides with the demo data: USCCs are ``MA`` codes whose first serial character
is never ``6`` (the demo's post-2015 codes all start ``MA6``; its older codes are digits),
application serials are 5,000,000 and above, grant numbers use the upper part of each year's
range, and names follow two patterns that no demo name fits. Every USCC also passes the
GB 11714 position-17 check, so none raises the app's warning.

Check characters come from the app's domain rules (``domain.uscc``, ``domain.patents``).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from enterprise_support.domain import patents as patent_rules
from enterprise_support.domain import uscc as uscc_rules

# --- check characters: the domain's rules, one implementation for the app and its data ------

USCC_ALPHABET = uscc_rules.ALPHABET


def make_uscc(division: str, org8: str, entity: str = "91") -> str:
	"""A valid USCC from a 6-digit division code and the first 8 organisation-code characters."""
	first17 = entity + division + org8 + uscc_rules.organisation_check_character(org8)
	return first17 + uscc_rules.check_character(first17)


def make_application_number(year: int, type_digit: int, serial: int) -> str:
	"""``YYYYTNNNNNNN.C`` for a filing year, type digit (1, 2, 3, 8, 9) and 7-digit serial."""
	if not (1000 <= year <= 9999 and 0 <= type_digit <= 9 and 0 <= serial < 10**7):
		raise ValueError(f"no application number for {year}, {type_digit}, {serial}")
	digits = f"{year}{type_digit}{serial:07d}"
	return f"{digits}.{patent_rules.check_character(digits)}"


# --- defaults: the demo data set's reference data ------------------------------------------

DEFAULT_STREETS: tuple[str, ...] = (
	"视高街道",
	"青龙街道",
	"锦江镇",
	"黄龙镇",
	"视高经济开发区",
	"四川彭山经济开发区",
)
_STREET_WEIGHTS = (26, 20, 10, 8, 20, 16)
# street -> (county-level division code for the USCC, address prefix, roads)
_STREET_PLACES: dict[str, tuple[str, str, tuple[str, ...]]] = {
	"视高街道": (
		"511421",
		"四川省眉山市仁寿县视高街道",
		("视高大道", "天府大道眉山段", "贵平大道", "创新一路"),
	),
	"青龙街道": ("511403", "四川省眉山市彭山区青龙街道", ("青龙大道", "科创大道", "岷江大道", "锦城路")),
	"锦江镇": ("511403", "四川省眉山市彭山区锦江镇", ("锦江大道", "江湾路", "产业大道")),
	"黄龙镇": ("511403", "四川省眉山市彭山区黄龙镇", ("黄龙大道", "府河路", "农旅路")),
	"视高经济开发区": (
		"511421",
		"四川省眉山市仁寿县视高经济开发区",
		("天府大道眉山段", "新区大道", "电子信息产业园路", "光电路"),
	),
	"四川彭山经济开发区": (
		"511403",
		"四川省眉山市彭山区经济开发区",
		("创新大道", "工业大道", "锂电大道", "新材料路"),
	),
}

DEFAULT_CHAINS: tuple[str, ...] = ("新能源（光伏）", "电子信息", "先进材料", "食品饮料", "现代服务业")
_CHAIN_WEIGHTS = (17, 27, 21, 19, 16)

# chain -> the links and nodes enterprises are attached to (the chain-gap links
# 光伏·上游 and 电子信息·上游 are deliberately absent: nobody is there yet).
DEFAULT_CHAIN_LINKS: dict[str, tuple[str, ...]] = {
	"新能源（光伏）": (
		"光伏电池片",
		"光伏组件",
		"光伏辅材（玻璃·胶膜·边框）",
		"逆变器与储能",
		"光伏·中游",
		"光伏电站投资运营",
		"分布式光伏系统集成",
	),
	"电子信息": (
		"电子元器件",
		"印制电路板",
		"LED驱动电源",
		"光电子器件",
		"电子信息·中游",
		"智能照明与灯具",
		"智能终端",
		"软件和信息技术服务",
	),
	"先进材料": (
		"工业硅及有色金属冶炼",
		"基础化工原料",
		"锂电材料",
		"电子化学品",
		"高性能涂料与复合材料",
		"先进材料·中游",
		"装配式钢结构",
		"绿色建材与预制构件",
	),
	"食品饮料": (
		"农产品种养基地",
		"粮油初加工",
		"泡菜与调味品",
		"肉制品",
		"饮料与酒类",
		"休闲与方便食品",
		"冷链物流与仓储",
		"食品商贸与电商",
	),
	"现代服务业": (
		"研发设计",
		"科技中介与知识产权",
		"现代服务业·上游",
		"现代物流",
		"产业金融",
		"人力资源服务",
		"会展与商务服务",
	),
}

# link or node (or chain) -> GB/T 4754-2017 class codes, most likely first.
DEFAULT_INDUSTRY_CODES: dict[str, tuple[str, ...]] = {
	"光伏电池片": ("C3825",),
	"光伏组件": ("C3825",),
	"光伏辅材（玻璃·胶膜·边框）": ("C3042", "C2921", "C3252", "C3311", "C3825"),
	"逆变器与储能": ("C3824", "C3841"),
	"光伏·中游": ("C3562", "C3825"),
	"光伏电站投资运营": ("D4416",),
	"分布式光伏系统集成": ("E4910", "D4416"),
	"电子元器件": ("C3981", "C3983", "C3821"),
	"印制电路板": ("C3982",),
	"LED驱动电源": ("C3879", "C3821"),
	"光电子器件": ("C3976", "C3975"),
	"电子信息·中游": ("C3823", "C3990", "C3831"),
	"智能照明与灯具": ("C3874", "C3872", "C3879"),
	"智能终端": ("C3969", "C3921"),
	"软件和信息技术服务": ("I6513", "I6531", "I6550", "I6450"),
	"工业硅及有色金属冶炼": ("C3218", "C3216", "C3252"),
	"基础化工原料": ("C2613",),
	"锂电材料": ("C3985", "C3091", "C2613"),
	"电子化学品": ("C3985", "C2662"),
	"高性能涂料与复合材料": ("C2641", "C2659"),
	"先进材料·中游": ("C3831", "C2929"),
	"装配式钢结构": ("C3311", "E4790"),
	"绿色建材与预制构件": ("C3022", "C3024", "C3021"),
	"农产品种养基地": ("A0141",),
	"粮油初加工": ("C1331",),
	"泡菜与调味品": ("C1371", "C1469", "C1462"),
	"肉制品": ("C1353",),
	"饮料与酒类": ("C1512", "C1523", "C1530"),
	"休闲与方便食品": ("C1432", "C1499"),
	"冷链物流与仓储": ("G5930", "G5920"),
	"食品商贸与电商": ("F5292",),
	"研发设计": ("M7320", "M7491"),
	"科技中介与知识产权": ("M7520", "M7540"),
	"现代服务业·上游": ("M7452",),
	"现代物流": ("G5821", "G5810", "G5920"),
	"产业金融": ("L7212", "J6631", "J6635"),
	"人力资源服务": ("L7263",),
	"会展与商务服务": ("L7281",),
}

DEFAULT_STAFF: tuple[str, ...] = (
	"zhangwei@demo.gov.cn",
	"wangfang@demo.gov.cn",
	"liyang@demo.gov.cn",
	"liuna@demo.gov.cn",
	"chenjie@demo.gov.cn",
	"yangmin@demo.gov.cn",
)
DEFAULT_LEADERS: tuple[str, ...] = (
	"liujianguo@demo.gov.cn",
	"hezhigang@demo.gov.cn",
	"tangxiaohong@demo.gov.cn",
)
DEFAULT_DEPARTMENTS: tuple[str, ...] = (
	"经济发展局",
	"投资促进局",
	"科技和人才局",
	"市场监督管理局",
	"财政金融局",
	"自然资源和规划局",
	"住房和城乡建设局",
	"生态环境局",
	"人力资源和社会保障局",
)

DESIGNATION_TYPES: tuple[str, ...] = (
	"创新型中小企业",
	"省级专精特新中小企业",
	"国家级专精特新“小巨人”企业",
	"制造业单项冠军企业",
	"高新技术企业",
	"科技型中小企业",
)

ENTERPRISE_FIELDS: tuple[str, ...] = (
	"enterprise_name",
	"short_name",
	"uscc",
	"legal_representative",
	"registered_capital",
	"established_on",
	"ownership",
	"industry_code",
	"industry_chain",
	"chain_link",
	"street",
	"address",
	"employees",
	"annual_revenue",
	"rd_expense",
	"revenue_year",
	"is_key_enterprise",
	"service_officer",
	"responsible_leader",
	"responsible_department",
	"website",
	"main_products",
)
CONTACT_FIELDS: tuple[str, ...] = ("full_name", "enterprise", "mobile", "email", "position", "is_manager")
PATENT_FIELDS: tuple[str, ...] = (
	"application_number",
	"publication_number",
	"patent_type",
	"title",
	"status",
	"application_date",
	"grant_date",
	"enterprise",
	"inventors",
)
DESIGNATION_FIELDS: tuple[str, ...] = (
	"enterprise",
	"designation_type",
	"certificate_number",
	"batch",
	"valid_from",
)

TODAY = dt.date(2026, 11, 26)

# --- name material ---------------------------------------------------------------------------

# (character, pinyin) pairs for brand names; 100 of them, no repeats.
_BRAND = tuple(
	pair.split(":")
	for pair in (
		"华:hua 鑫:xin 瑞:rui 恒:heng 泰:tai 盛:sheng 达:da 源:yuan 科:ke 创:chuang "
		"宏:hong 远:yuan 嘉:jia 汇:hui 卓:zhuo 越:yue 天:tian 宇:yu 锦:jin 蜀:shu "
		"川:chuan 峨:e 岷:min 眉:mei 东:dong 坡:po 新:xin 龙:long 凯:kai 博:bo "
		"德:de 安:an 信:xin 诚:cheng 和:he 丰:feng 利:li 通:tong 明:ming 光:guang "
		"晟:sheng 昊:hao 煜:yu 澜:lan 启:qi 航:hang 辰:chen 海:hai 星:xing 峰:feng "
		"弘:hong 晋:jin 腾:teng 耀:yao 铭:ming 智:zhi 悦:yue 森:sen 鼎:ding 佳:jia "
		"美:mei 富:fu 隆:long 祥:xiang 润:run 泓:hong 翔:xiang 颐:yi 聚:ju 合:he "
		"众:zhong 联:lian 邦:bang 正:zheng 元:yuan 亿:yi 万:wan 金:jin 誉:yu 辉:hui "
		"晶:jing 睿:rui 思:si 顺:shun 永:yong 兴:xing 中:zhong 广:guang 长:chang 久:jiu "
		"立:li 优:you 捷:jie 迅:xun 驰:chi 领:ling 拓:tuo 精:jing 益:yi 友:you"
	).split()
)
# Name styles: a place before the brand, or after the business in brackets. The demo data's
# names fit neither with a brand from _BRAND, so generated names never repeat them.
_REGIONS = ("四川天府", "眉山天府", "四川眉州", "（眉山）", "（四川）", "（天府新区）")
_FORMS = ("有限公司", "有限责任公司", "股份有限公司")

_SURNAMES = tuple(
	pair.split(":")
	for pair in (
		"王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou "
		"徐:xu 孙:sun 马:ma 朱:zhu 胡:hu 郭:guo 何:he 罗:luo 高:gao 林:lin 谢:xie 唐:tang "
		"邓:deng 冯:feng 曾:zeng 彭:peng 蒋:jiang 苏:su 袁:yuan 杜:du 廖:liao 任:ren 钟:zhong "
		"郑:zheng 叶:ye 汪:wang 田:tian 程:cheng 余:yu 雷:lei"
	).split()
)
_GIVEN = tuple(
	pair.split(":")
	for pair in (
		"伟:wei 芳:fang 娜:na 敏:min 静:jing 丽:li 强:qiang 磊:lei 军:jun 洋:yang 勇:yong "
		"艳:yan 杰:jie 娟:juan 涛:tao 明:ming 超:chao 秀:xiu 霞:xia 平:ping 刚:gang 桂:gui "
		"英:ying 华:hua 建:jian 国:guo 志:zhi 红:hong 文:wen 斌:bin 宇:yu 浩:hao 凯:kai "
		"鹏:peng 晨:chen 欣:xin 婷:ting 雪:xue 琳:lin 波:bo 亮:liang 俊:jun 川:chuan 蓉:rong "
		"倩:qian 帆:fan 瑶:yao 毅:yi 林:lin 峰:feng"
	).split()
)
_MOBILE_PREFIXES = (
	"130",
	"131",
	"132",
	"133",
	"135",
	"136",
	"137",
	"138",
	"139",
	"150",
	"151",
	"152",
	"153",
	"155",
	"156",
	"157",
	"158",
	"159",
	"180",
	"181",
	"182",
	"183",
	"186",
	"187",
	"188",
	"189",
	"191",
	"193",
	"195",
	"198",
	"199",
)
_POSITIONS = (
	"办公室主任",
	"财务总监",
	"副总经理",
	"行政经理",
	"技术总监",
	"项目经理",
	"人事主管",
	"证券事务代表",
)

# link or node -> (what a firm there calls itself, its main products, what its patents are about)
_LINK_TEXT: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
	"光伏电池片": (
		("光伏科技", "新能源科技", "光电科技"),
		("TOPCon光伏电池片", "PERC单晶电池片", "异质结电池片", "TBC背接触电池片"),
		("光伏电池片", "电池片栅线结构", "丝网印刷网版", "电池片分选机", "扩散炉"),
	),
	"光伏组件": (
		("光伏科技", "新能源科技", "光能科技"),
		("双玻光伏组件", "大尺寸单晶组件", "BIPV光伏构件", "柔性光伏组件"),
		("光伏组件", "组件边框", "组件层压机", "光伏接线盒", "汇流条"),
	),
	"光伏辅材（玻璃·胶膜·边框）": (
		("新材料科技", "光伏材料", "玻璃科技", "铝业"),
		("光伏压延玻璃", "EVA胶膜", "POE胶膜", "光伏铝边框", "光伏支架", "光伏背板"),
		("光伏玻璃", "光伏胶膜", "光伏铝边框", "光伏支架", "玻璃钢化炉"),
	),
	"逆变器与储能": (
		("储能科技", "电力电子", "能源技术"),
		("组串式逆变器", "储能变流器", "储能电池柜", "磷酸铁锂储能电池"),
		("逆变器", "储能变流器", "储能电池模组", "电池管理系统", "储能柜"),
	),
	"光伏·中游": (
		("智能装备", "自动化科技", "装备制造"),
		("光伏串焊机", "电池片自动化设备", "组件检测设备"),
		("串焊机", "上下料装置", "EL检测设备", "硅片传送装置"),
	),
	"光伏电站投资运营": (
		("新能源投资", "能源发展", "电力开发"),
		("光伏电站投资运营", "绿电交易", "电站运维"),
		("光伏电站", "光伏板清扫机器人", "电站监控系统"),
	),
	"分布式光伏系统集成": (
		("电力工程", "新能源工程", "能源科技"),
		("分布式光伏EPC", "工商业屋顶光伏", "光储充一体化"),
		("屋顶光伏支架", "光伏并网柜", "光储充系统"),
	),
	"电子元器件": (
		("电子科技", "电子元件", "传感技术"),
		("片式电感", "薄膜电容", "温湿度传感器", "压力传感器", "高频变压器"),
		("片式电感", "电容器", "传感器", "电感线圈", "磁芯"),
	),
	"印制电路板": (
		("电子科技", "电路科技", "线路板"),
		("多层印制电路板", "HDI电路板", "柔性电路板", "PCBA贴片加工"),
		("印制电路板", "电路板钻孔装置", "电镀线", "PCBA测试治具"),
	),
	"LED驱动电源": (
		("电源技术", "电子科技", "照明电器"),
		("LED驱动电源", "智能调光电源", "开关电源", "植物照明电源"),
		("LED驱动电源", "开关电源", "调光控制器", "电源外壳"),
	),
	"光电子器件": (
		("光电科技", "半导体科技", "光电子"),
		("LED封装器件", "光电耦合器", "激光器件", "红外探测器"),
		("LED封装结构", "光电耦合器", "激光器", "光电探测器"),
	),
	"电子信息·中游": (
		("电气科技", "电子设备", "智能电气"),
		("配电开关柜", "电子测量设备", "电线电缆"),
		("配电柜", "断路器", "电缆接头", "测量装置"),
	),
	"智能照明与灯具": (
		("照明科技", "光电科技", "智能照明"),
		("智能路灯", "LED面板灯", "植物照明灯具", "户外投光灯"),
		("LED灯具", "路灯灯头", "灯具散热器", "智能照明控制器"),
	),
	"智能终端": (
		("智能科技", "通信技术", "电子科技"),
		("智能穿戴设备", "通信模块", "智能网关", "物联网终端"),
		("智能终端", "通信模块", "智能网关", "天线"),
	),
	"软件和信息技术服务": (
		("信息技术", "数字科技", "软件科技", "数据科技"),
		("工业软件", "智慧园区平台", "信息系统集成", "数据中心服务"),
		("数据采集终端", "服务器机柜", "信息管理系统", "数据处理系统"),
	),
	"工业硅及有色金属冶炼": (
		("硅业", "铝业", "冶金科技"),
		("工业硅", "铝锭", "铝合金棒", "铝板带"),
		("矿热炉", "电解槽", "铝合金", "硅粉回收装置"),
	),
	"基础化工原料": (
		("化工", "化工科技", "化学"),
		("碳酸锂", "磷酸盐", "无机盐", "工业级硫酸"),
		("反应釜", "结晶装置", "过滤装置", "碳酸锂"),
	),
	"锂电材料": (
		("新能源材料", "锂电科技", "新材料科技"),
		("磷酸铁锂正极材料", "石墨负极材料", "电解液添加剂", "三元前驱体"),
		("正极材料", "负极材料", "烧结窑炉", "砂磨机", "包覆材料"),
	),
	"电子化学品": (
		("电子材料", "化学科技", "新材料"),
		("湿电子化学品", "高纯试剂", "光刻胶配套试剂", "蚀刻液"),
		("电子级化学品", "提纯装置", "蚀刻液", "储罐"),
	),
	"高性能涂料与复合材料": (
		("新材料科技", "涂料", "复合材料"),
		("功能涂料", "防腐涂料", "碳纤维复合材料", "光伏背板涂层"),
		("功能涂层", "涂料", "复合板材", "喷涂装置"),
	),
	"先进材料·中游": (
		("电缆", "塑胶科技", "材料科技"),
		("电线电缆", "工程塑料件", "改性塑料"),
		("电缆", "塑料件", "挤出机", "电缆护套"),
	),
	"装配式钢结构": (
		("钢结构工程", "建筑科技", "钢构"),
		("装配式钢结构构件", "钢结构厂房", "钢筋桁架楼承板"),
		("钢结构构件", "钢梁连接节点", "楼承板", "钢柱"),
	),
	"绿色建材与预制构件": (
		("建材科技", "建材", "绿色建材"),
		("预制混凝土构件", "叠合板", "蒸压加气混凝土砌块", "轻质隔墙板"),
		("预制叠合板", "混凝土构件", "隔墙板", "构件模具"),
	),
	"农产品种养基地": (
		("农业开发", "农业科技", "生态农业"),
		("蔬菜种植", "青菜头种植", "有机蔬菜"),
		("育苗装置", "种植架", "灌溉装置", "蔬菜清洗机"),
	),
	"粮油初加工": (
		("粮油", "油脂", "粮食"),
		("菜籽油", "大米", "面粉"),
		("榨油机", "菜籽油", "滤油装置", "烘干装置"),
	),
	"泡菜与调味品": (
		("食品", "调味品", "酿造", "泡菜"),
		("泡菜", "火锅底料", "酱油", "食醋", "豆瓣酱"),
		("泡菜", "发酵罐", "火锅底料", "调味酱", "腌制池"),
	),
	"肉制品": (
		("食品", "肉类食品", "农牧"),
		("腊肉", "香肠", "卤制品", "冷鲜肉"),
		("腊肉", "烟熏炉", "卤制设备", "灌肠机"),
	),
	"饮料与酒类": (
		("酒业", "饮品", "茶业"),
		("白酒", "果蔬汁饮料", "绿茶", "包装饮用水"),
		("白酒", "酒瓶", "果汁饮料", "茶叶", "灌装机"),
	),
	"休闲与方便食品": (
		("食品", "食品科技"),
		("速冻食品", "休闲食品", "方便米粉", "豆制品"),
		("速冻水饺", "休闲食品", "包装袋", "油炸装置"),
	),
	"冷链物流与仓储": (
		("冷链物流", "供应链", "仓储"),
		("冷库仓储", "冷链运输", "冷链配送"),
		("冷库", "冷藏箱", "温控系统", "货架"),
	),
	"食品商贸与电商": (
		("电子商务", "商贸", "供应链管理"),
		("农特产品电商", "食品批发", "直播电商"),
		("包装盒", "配送箱", "订单管理系统"),
	),
	"研发设计": (
		("科技", "工业设计", "技术研究院"),
		("工业设计服务", "产品研发", "中试验证"),
		("测试平台", "样机", "实验装置"),
	),
	"科技中介与知识产权": (
		("知识产权代理", "科技服务", "创业服务"),
		("专利代理", "科技成果转化", "孵化服务"),
		("专利检索系统", "信息管理系统"),
	),
	"现代服务业·上游": (
		("检测技术", "检验检测", "质检技术"),
		("第三方检测", "计量校准", "认证咨询"),
		("检测设备", "样品前处理装置", "恒温试验箱"),
	),
	"现代物流": (
		("物流", "供应链管理", "国际货运代理"),
		("仓储物流服务", "多式联运", "货运代理"),
		("智能分拣设备", "仓储货架", "物流调度系统"),
	),
	"产业金融": (
		("投资", "融资租赁", "资产管理"),
		("产业投资", "融资租赁", "股权投资"),
		("风险评估系统", "票据处理装置"),
	),
	"人力资源服务": (
		("人力资源", "劳务"),
		("劳务派遣", "人才招聘", "灵活用工"),
		("考勤终端", "人才匹配系统"),
	),
	"会展与商务服务": (
		("会展服务", "文化传播", "商务服务"),
		("会展策划", "展台搭建", "商务咨询"),
		("展台结构", "展示架"),
	),
}
_FALLBACK_TEXT = (("科技",), ("技术服务",), ("装置",))

# What a utility model may protect (a shape or structure), what an invention may also claim.
_UM_FEATURES = (
	"固定结构",
	"散热结构",
	"连接结构",
	"密封结构",
	"检测装置",
	"安装支架",
	"防护装置",
	"输送装置",
	"清洁装置",
	"定位装置",
	"控制电路",
	"保护电路",
)
_INVENTION_FEATURES = ("制备方法", "控制方法", "检测方法", "生产工艺", "优化方法及系统", "智能控制系统")
_DESIGN_VARIANTS = ("（A型）", "（B型）", "（C型）", "（一）", "（二）", "（智能款）")

# (designation, relative frequency, months in which certificates are issued; the n-th month
# listed is that year's n-th batch)
_DESIGNATION_PLAN: tuple[tuple[str, int, tuple[int, ...]], ...] = (
	("科技型中小企业", 34, (3, 5, 7, 9, 11)),
	("创新型中小企业", 24, (6, 10, 12)),
	("高新技术企业", 25, (10, 11, 12)),
	("省级专精特新中小企业", 11, (6, 11)),
	("国家级专精特新“小巨人”企业", 5, (7, 8)),
	("制造业单项冠军企业", 1, (11, 12)),
)
_CN_NUMERALS = "零一二三四五六七八九十"


# --- deterministic building blocks --------------------------------------------------------


def _weighted_table(items: Sequence[Any], weights: Sequence[int] | None = None) -> tuple[Any, ...]:
	"""A tuple in which each item repeats by its weight; ``table[int(random() * len)]`` picks."""
	if weights is None:
		return tuple(items)
	return tuple(item for item, weight in zip(items, weights, strict=True) for _ in range(weight))


def _mix(value: int, salt: int) -> int:
	"""A cheap 32-bit integer hash (xorshift-multiply)."""
	x = (value * 0x9E3779B1 + salt * 0x85EBCA77) & 0xFFFFFFFF
	x ^= x >> 16
	x = (x * 0x7FEB352D) & 0xFFFFFFFF
	x ^= x >> 15
	x = (x * 0x846CA68B) & 0xFFFFFFFF
	return x ^ (x >> 16)


class _UsccSource:
	"""Unique, valid USCCs by index: an affine permutation of ``MA`` + 6 serial characters.

	The first serial character is drawn from ``first_chars`` (never ``6``, which the demo data
	uses), so different sources with disjoint ``first_chars`` never collide.
	"""

	def __init__(self, seed: int, first_chars: str, divisions: Sequence[str]) -> None:
		self.first_chars = first_chars
		self.space = len(first_chars) * 31**5
		rng = random.Random(f"uscc:{seed}:{first_chars}")
		multiplier = rng.randrange(10**6, self.space)
		while math.gcd(multiplier, self.space) != 1:
			multiplier += 1
		self.multiplier = multiplier
		self.offset = rng.randrange(self.space)
		self.divisions = tuple(divisions)
		self.seed = seed

	def __len__(self) -> int:
		return self.space

	def code(self, index: int, division: str | None = None) -> str:
		if index >= self.space:
			raise ValueError(f"at most {self.space} codes from this source")
		p = (index * self.multiplier + self.offset) % self.space
		head, p = divmod(p, 31**5)
		chars = [self.first_chars[head]]
		for _ in range(5):
			p, r = divmod(p, 31)
			chars.append(USCC_ALPHABET[r])
		org8 = "MA" + "".join(chars)
		if division is None:
			division = self.divisions[_mix(index, self.seed) % len(self.divisions)]
		return make_uscc(division, org8)


def _person(rng: random.Random) -> tuple[str, str]:
	"""A Chinese personal name and its pinyin (surname first)."""
	surname, s_py = _SURNAMES[int(rng.random() * len(_SURNAMES))]
	given, g_py = _GIVEN[int(rng.random() * len(_GIVEN))]
	if rng.random() < 0.6:
		second, second_py = _GIVEN[int(rng.random() * len(_GIVEN))]
		given, g_py = given + second, g_py + second_py
	return surname + given, s_py + g_py


def _mobile(rng: random.Random) -> str:
	return _MOBILE_PREFIXES[int(rng.random() * len(_MOBILE_PREFIXES))] + f"{int(rng.random() * 10**8):08d}"


def _log_uniform(rng: random.Random, low: float, high: float) -> float:
	return math.exp(rng.uniform(math.log(low), math.log(high)))


def _size(rng: random.Random) -> tuple[int, float]:
	"""(employees, operating revenue in 10k CNY) spread over the industrial size classes.

	About 2% of firms sit exactly on a class's lower bounds (the boundary cases).
	"""
	r = rng.random()
	edge = rng.random() < 0.02
	if r < 0.06:  # large: X >= 1000 and Y >= 40000
		if edge:
			return 1000, 40000.0
		return int(_log_uniform(rng, 1000, 8000)), round(_log_uniform(rng, 40000, 2500000), 2)
	if r < 0.26:  # medium: X >= 300 and Y >= 2000
		if edge:
			return 300, 2000.0
		return int(_log_uniform(rng, 300, 999.9)), round(_log_uniform(rng, 2000, 90000), 2)
	if r < 0.68:  # small: X >= 20 and Y >= 300
		if edge:
			return 20, 300.0
		return int(_log_uniform(rng, 20, 299.9)), round(_log_uniform(rng, 300, 40000), 2)
	# micro: fewer than 20 people, or revenue under 3 million
	if rng.random() < 0.75:
		return int(_log_uniform(rng, 1, 19.9)), round(_log_uniform(rng, 10, 6000), 2)
	return int(_log_uniform(rng, 20, 150)), round(_log_uniform(rng, 20, 299.99), 2)


def _date(ordinal: int) -> str:
	return dt.date.fromordinal(ordinal).isoformat()


def _cn_number(n: int) -> str:
	if n <= 10:
		return _CN_NUMERALS[n]
	if n < 20:
		return "十" + _CN_NUMERALS[n - 10]
	tens, units = divmod(n, 10)
	return _CN_NUMERALS[tens] + "十" + (_CN_NUMERALS[units] if units else "")


@dataclass
class Reference:
	"""The reference data rows point at; defaults are the demo data set's."""

	chain_links: Mapping[str, Sequence[str]] = field(default_factory=lambda: dict(DEFAULT_CHAIN_LINKS))
	streets: Sequence[str] = DEFAULT_STREETS
	industry_codes: Mapping[str, Sequence[str]] | Sequence[str] = field(
		default_factory=lambda: dict(DEFAULT_INDUSTRY_CODES)
	)
	staff: Sequence[str] = DEFAULT_STAFF
	leaders: Sequence[str] = DEFAULT_LEADERS
	departments: Sequence[str] = DEFAULT_DEPARTMENTS

	def codes_for(self, chain: str, link: str) -> Sequence[str]:
		codes = self.industry_codes
		if isinstance(codes, Mapping):
			found = codes.get(link) or codes.get(chain)
			if not found:
				raise ValueError(f"no industry codes for {link} or {chain}")
			return found
		if not codes:
			raise ValueError("industry_codes is empty")
		return codes


class _Skeleton:
	"""What every row generator needs to know about each enterprise, kept compactly.

	Chain, link, street and founding date are hash functions of the enterprise's index (so
	patents and designations agree with the enterprise rows without storing those rows); the
	USCCs are kept as one list of strings.
	"""

	def __init__(
		self, n: int, seed: int, reference: Reference, uscc_first_chars: str = "789ABCDEFGH"
	) -> None:
		from array import array

		self.n = n
		self.seed = seed
		self.reference = reference
		chains = tuple(reference.chain_links)
		if not chains:
			raise ValueError("no chains")
		for chain in chains:
			if not reference.chain_links[chain]:
				raise ValueError(f"chain {chain} has no links")
			if len(reference.chain_links[chain]) > 255:
				raise ValueError(f"chain {chain} has more than 255 links")
			for link in reference.chain_links[chain]:
				reference.codes_for(chain, link)  # fail early on a link without codes
		weights = [_CHAIN_WEIGHTS[DEFAULT_CHAINS.index(c)] if c in DEFAULT_CHAINS else 15 for c in chains]
		self.chains = chains
		self.links = tuple(tuple(reference.chain_links[c]) for c in chains)
		chain_table = _weighted_table(range(len(chains)), weights)
		streets = tuple(reference.streets)
		if not streets or len(streets) > 255:
			raise ValueError("need 1-255 streets")
		street_weights = [
			_STREET_WEIGHTS[DEFAULT_STREETS.index(s)] if s in DEFAULT_STREETS else 12 for s in streets
		]
		self.streets = streets
		street_table = _weighted_table(range(len(streets)), street_weights)
		divisions = sorted({_STREET_PLACES.get(s, ("511403",))[0] for s in streets} | {"511400"})
		self.uscc_source = _UsccSource(seed, uscc_first_chars, divisions)
		if n > len(self.uscc_source):
			raise ValueError(f"at most {len(self.uscc_source)} enterprises")
		self.chain_of = bytearray(n)
		self.link_of = bytearray(n)
		self.street_of = bytearray(n)
		self.founded = array("I", bytes(4 * n))  # date ordinals
		self.usccs: list[str] = []
		base = dt.date(1990, 1, 1).toordinal()
		span = TODAY.toordinal() - 30 - base
		n_chain, n_street = len(chain_table), len(street_table)
		links = self.links
		code = self.uscc_source.code
		for i in range(n):
			h = _mix(i, seed)
			chain = chain_table[h % n_chain]
			self.chain_of[i] = chain
			self.link_of[i] = _mix(i, seed + 3) % len(links[chain])
			street = street_table[(h >> 8) % n_street]
			self.street_of[i] = street
			# Younger firms are commoner: the square root skews founding dates to the present.
			self.founded[i] = base + int(span * math.sqrt(((h >> 12) & 0xFFFFF) / 0x100000))
			place = _STREET_PLACES.get(streets[street])
			division = place[0] if place and (h >> 4) & 3 else "511400"
			self.usccs.append(code(i, division))

	def text(self, i: int) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
		return _LINK_TEXT.get(self.links[self.chain_of[i]][self.link_of[i]], _FALLBACK_TEXT)


# --- row generators ------------------------------------------------------------------------


def _enterprise_rows(sk: _Skeleton, name_salt: int = 0) -> Iterator[dict[str, Any]]:
	ref = sk.reference
	rng = random.Random(f"enterprises:{sk.seed}")
	random_ = rng.random
	n_regions, n_forms, n_brand = len(_REGIONS), len(_FORMS), len(_BRAND)
	name_space = n_regions * n_forms * n_brand * n_brand
	name_mult = 7919  # a prime, coprime to name_space (2^a 3^b 5^c)
	staff, leaders, departments = ref.staff, ref.leaders, ref.departments
	tech_chains = {"电子信息", "新能源（光伏）", "先进材料"}
	for i in range(sk.n):
		chain = sk.chains[sk.chain_of[i]]
		link = sk.links[sk.chain_of[i]][sk.link_of[i]]
		codes = ref.codes_for(chain, link)
		industry_code = codes[0] if random_() < 0.7 else codes[int(random_() * len(codes))]
		words, products, _ = _LINK_TEXT.get(link, _FALLBACK_TEXT)
		word = words[int(random_() * len(words))]
		first = int(random_() * len(products))
		main_products = products[first]
		if len(products) > 1:
			main_products += (
				"、" + products[(first + 1 + int(random_() * (len(products) - 1))) % len(products)]
			)
		# Unique names: a permutation of (region, form, brand, brand), then more brand characters.
		p = (i * name_mult + 104729 + name_salt) % name_space
		p, region = divmod(p, n_regions)
		p, form = divmod(p, n_forms)
		b2, b1 = divmod(p, n_brand)
		brand = _BRAND[b1][0] + _BRAND[b2][0]
		brand_py = _BRAND[b1][1] + _BRAND[b2][1]
		extra = i // name_space
		while extra:
			extra, r = divmod(extra - 1, n_brand)
			brand += _BRAND[r][0]
			brand_py += _BRAND[r][1]
		employees, revenue = _size(rng)
		rd_ratio = rng.uniform(0.02, 0.09) if chain in tech_chains else rng.uniform(0.0, 0.03)
		o = random_()
		ownership = (
			"Private"
			if o < 0.82
			else "State-owned"
			if o < 0.89
			else "Foreign"
			if o < 0.95
			else "Hong Kong/Macao/Taiwan"
		)
		street = sk.streets[sk.street_of[i]]
		place = _STREET_PLACES.get(street)
		number = 1 + int(random_() * 888)
		if place:
			address = f"{place[1]}{place[2][int(random_() * len(place[2]))]}{number}号"
		else:
			address = f"四川省眉山市{street}{number}号"
		region_name = _REGIONS[region]
		if region_name.startswith("（"):
			name = f"{brand}{word}{region_name}{_FORMS[form]}"
		else:
			name = f"{region_name}{brand}{word}{_FORMS[form]}"
		key = (employees >= 300 and random_() < 0.35) or random_() < 0.03
		legal, _ = _person(rng)
		capital = max(10.0, round(revenue * rng.uniform(0.05, 0.4), -1 if revenue > 1000 else 0))
		yield {
			"enterprise_name": name,
			"short_name": brand + word[:2],
			"uscc": sk.usccs[i],
			"legal_representative": legal,
			"registered_capital": capital,
			"established_on": _date(sk.founded[i]),
			"ownership": ownership,
			"industry_code": industry_code,
			"industry_chain": chain,
			"chain_link": link,
			"street": street,
			"address": address,
			"employees": employees,
			"annual_revenue": revenue,
			"rd_expense": round(revenue * rd_ratio, 2),
			"revenue_year": 2025,
			"is_key_enterprise": int(key),
			"service_officer": staff[i % len(staff)] if staff else None,
			"responsible_leader": leaders[i % len(leaders)] if key and leaders else None,
			"responsible_department": (
				departments[int(random_() * len(departments))] if key and departments else None
			),
			"website": f"https://www.{brand_py}.com.cn" if random_() < 0.4 else None,
			"main_products": main_products,
		}


def _contact_rows(sk: _Skeleton) -> Iterator[dict[str, Any]]:
	rng = random.Random(f"contacts:{sk.seed}")
	random_ = rng.random
	# Reserved domains (RFC 2606): a test site that invites contacts never mails a real mailbox.
	domains = ("example.com", "example.net", "example.org", "mail.example.com")
	for i in range(sk.n):
		uscc = sk.usccs[i]
		for k in range(1 + int(random_() * 3)):
			name, pinyin = _person(rng)
			yield {
				"full_name": name,
				"enterprise": uscc,
				"mobile": _mobile(rng),
				"email": f"{pinyin}{int(random_() * 1000)}@{domains[int(random_() * 4)]}",
				"position": "总经理" if k == 0 else _POSITIONS[int(random_() * len(_POSITIONS))],
				"is_manager": int(k == 0),
			}


# Grant (publication) numbers: CN + 9 digits + kind. Serials of kind K granted in year Y start
# at base + (Y - 2008) * per_year; the demo data uses the first 100,000 of each year, generated
# rows the rest.
_GRANT_BASES = {"B": (100_000_000, 1_500_000), "U": (200_000_000, 1_500_000), "S": (300_000_000, 600_000)}
_GRANT_FIRST_YEAR = 2008
_DEMO_GRANT_SERIALS = 100_000
_KIND = {1: "B", 2: "U", 3: "S"}
_TYPE_NAME = {1: "Invention", 2: "Utility Model", 3: "Design"}


def grant_number(kind: str, year: int, serial: int) -> str:
	"""``CN`` + 9 digits + ``kind`` (B, U, S) for the ``serial``-th grant of that kind in ``year``."""
	base, per_year = _GRANT_BASES[kind]
	if year < _GRANT_FIRST_YEAR or not 0 <= serial < per_year:
		raise ValueError(f"no grant number for {kind} {year} #{serial}")
	return f"CN{base + (year - _GRANT_FIRST_YEAR) * per_year + serial}{kind}"


def _patent_rows(sk: _Skeleton, n_patents: int) -> Iterator[dict[str, Any]]:
	if n_patents and not sk.n:
		raise ValueError("patents need at least one enterprise")
	rng = random.Random(f"patents:{sk.seed}")
	random_ = rng.random
	today = TODAY.toordinal()
	first_day = dt.date(_GRANT_FIRST_YEAR, 1, 1).toordinal()
	days = [dt.date.fromordinal(o).isoformat() for o in range(first_day, today + 1)]
	years = [int(d[:4]) for d in days]
	inventors_pool = [_person(rng)[0] for _ in range(2048)]
	app_counters: dict[tuple[int, int], int] = {}
	grant_counters: dict[tuple[str, int], int] = {}
	serial_space = 5_000_000  # serials 5,000,000-9,999,999; the demo data uses lower ones
	non_tech = {"食品饮料", "现代服务业"}
	n, chains, seed = sk.n, sk.chains, sk.seed
	for _ in range(n_patents):
		# Patents concentrate in a few firms: a skewed draw, scattered over the indices.
		j = _mix(int(n * random_() ** 2.5), seed + 1) % n
		r = random_()
		if chains[sk.chain_of[j]] in non_tech:
			type_digit = 1 if r < 0.15 else 2 if r < 0.6 else 3
		else:
			type_digit = 1 if r < 0.28 else 2 if r < 0.9 else 3
		founded = max(sk.founded[j], first_day)
		app_ord = founded + int((today - 20 - founded) * (random_() ** 0.6))
		year = years[app_ord - first_day]
		bucket = (year, type_digit)
		count = app_counters.get(bucket, 0)
		if count >= serial_space:
			raise ValueError(f"more than {serial_space} patents of one type in {year}")
		app_counters[bucket] = count + 1
		serial = 5_000_000 + (count * 7919 + _mix(year * 10 + type_digit, seed) % serial_space) % serial_space
		application_number = make_application_number(year, type_digit, serial)
		lag = int(500 + 600 * random_()) if type_digit == 1 else int(120 + 210 * random_())
		grant_ord = app_ord + lag
		status, grant_date, publication = "Applied", None, None
		if grant_ord <= today and random_() < (0.78 if type_digit == 1 else 0.97):
			s = random_()
			status = "Granted" if s < 0.84 else "Lapsed" if s < 0.985 else "Invalidated"
			grant_date = days[grant_ord - first_day]
			kind = _KIND[type_digit]
			g_key = (kind, years[grant_ord - first_day])
			g_count = grant_counters.get(g_key, 0)
			grant_counters[g_key] = g_count + 1
			publication = grant_number(kind, g_key[1], _DEMO_GRANT_SERIALS + g_count)
		subjects = sk.text(j)[2]
		subject = subjects[int(random_() * len(subjects))]
		if type_digit == 3:
			title = subject + _DESIGN_VARIANTS[int(random_() * len(_DESIGN_VARIANTS))]
		elif type_digit == 2:
			title = f"一种{subject}的{_UM_FEATURES[int(random_() * len(_UM_FEATURES))]}"
		else:
			title = f"一种{subject}的{_INVENTION_FEATURES[int(random_() * len(_INVENTION_FEATURES))]}"
		k = 1 + int(random_() * 4)
		start = int(random_() * 2044)
		yield {
			"application_number": application_number,
			"publication_number": publication,
			"patent_type": _TYPE_NAME[type_digit],
			"title": title,
			"status": status,
			"application_date": days[app_ord - first_day],
			"grant_date": grant_date,
			"enterprise": sk.usccs[j],
			"inventors": "、".join(inventors_pool[start : start + k]),
		}


def _designation_rows(sk: _Skeleton, n_designations: int) -> Iterator[dict[str, Any]]:
	if n_designations and not sk.n:
		raise ValueError("designations need at least one enterprise")
	rng = random.Random(f"designations:{sk.seed}")
	plan = _weighted_table(_DESIGNATION_PLAN, [weight for _, weight, _ in _DESIGNATION_PLAN])
	seen: set[tuple[int, str, str]] = set()
	today = TODAY
	n = sk.n
	produced = 0
	attempts = 0
	while produced < n_designations:
		attempts += 1
		if attempts > 50 * n_designations + 1000:
			raise ValueError("too many designations for so few enterprises")
		designation, _, months = plan[int(rng.random() * len(plan))]
		j = _mix(int(n * rng.random() ** 1.6), sk.seed + 2) % n
		founded = dt.date.fromordinal(sk.founded[j])
		# Mostly the last three years (active), some earlier (expired), a few this month.
		year = today.year - min(int(rng.expovariate(0.55)), 8)
		if designation == "科技型中小企业" and rng.random() < 0.6:
			year = today.year
		month = months[int(rng.random() * len(months))]
		if year == today.year and month > today.month:
			month = today.month
		day = 1 + int(rng.random() * 28)
		valid = dt.date(year, month, day)
		if valid > today or valid.year < founded.year + 1:
			continue
		valid_from = valid.isoformat()
		key = (j, designation, valid_from)
		if key in seen:
			continue
		seen.add(key)
		produced += 1
		batch_no = 1 + months.index(month) if month in months else 1
		uscc = sk.usccs[j]
		if designation == "高新技术企业":
			certificate = f"GR{year}51{int(rng.random() * 10**6):06d}"
		elif designation == "科技型中小企业":
			certificate = f"{year}{uscc[2:8]}A{int(rng.random() * 10**5):05d}"
		elif designation == "国家级专精特新“小巨人”企业":
			certificate = f"工信部小巨人〔{year}〕{int(rng.random() * 10**4):04d}"
		elif designation == "制造业单项冠军企业":
			certificate = f"工信部单项冠军〔{year}〕{int(rng.random() * 10**3):03d}"
		elif designation == "省级专精特新中小企业":
			certificate = f"川经信专精特新〔{year}〕{int(rng.random() * 10**4):04d}"
		else:
			certificate = f"川创新型中小企业〔{year}〕{int(rng.random() * 10**4):04d}"
		yield {
			"enterprise": uscc,
			"designation_type": designation,
			"certificate_number": certificate,
			"batch": f"{year}年第{_cn_number(batch_no)}批",
			"valid_from": valid_from,
		}


def generate(
	n_enterprises: int,
	n_patents: int,
	n_designations: int,
	seed: int = 2026,
	*,
	chain_links: Mapping[str, Sequence[str]] | None = None,
	streets: Sequence[str] | None = None,
	industry_codes: Mapping[str, Sequence[str]] | Sequence[str] | None = None,
	staff: Sequence[str] | None = None,
	leaders: Sequence[str] | None = None,
	departments: Sequence[str] | None = None,
) -> dict[str, Iterator[dict[str, Any]]]:
	"""Lazy row iterators ``enterprises``, ``contacts``, ``patents`` and ``designations``.

	Each iterator can be consumed once, in any order and independently of the others; all are
	deterministic in ``seed``. ``chain_links`` maps a chain to the links and nodes firms sit in;
	``industry_codes`` maps a link, node or chain to GB/T 4754-2017 class codes (or is one list
	for all). Patents and designations point at the enterprises by USCC, and each enterprise
	has 1-3 contacts, the first its manager.
	"""
	if min(n_enterprises, n_patents, n_designations) < 0:
		raise ValueError("counts must not be negative")
	reference = Reference(
		chain_links=dict(chain_links) if chain_links is not None else dict(DEFAULT_CHAIN_LINKS),
		streets=tuple(streets) if streets is not None else DEFAULT_STREETS,
		industry_codes=industry_codes if industry_codes is not None else dict(DEFAULT_INDUSTRY_CODES),
		staff=tuple(staff) if staff is not None else DEFAULT_STAFF,
		leaders=tuple(leaders) if leaders is not None else DEFAULT_LEADERS,
		departments=tuple(departments) if departments is not None else DEFAULT_DEPARTMENTS,
	)
	sk = _Skeleton(n_enterprises, seed, reference)
	return {
		"enterprises": _enterprise_rows(sk),
		"contacts": _contact_rows(sk),
		"patents": _patent_rows(sk, n_patents),
		"designations": _designation_rows(sk, n_designations),
	}


def enterprise_rows(
	n: int,
	seed: int = 2026,
	*,
	uscc_first_chars: str = "789ABCDEFGH",
	name_salt: int = 0,
	reference: Reference | None = None,
) -> Iterator[dict[str, Any]]:
	"""Just the enterprise rows of ``generate``, with a USCC range and name offset of one's own.

	Sources with disjoint ``uscc_first_chars`` (characters of the 31-character set other than
	``6``) never share a USCC: ``generate`` uses 7-9 and A-H, ``enterprise_rows_with_errors``
	J-N; P-U and W-Y are free.
	"""
	if "6" in uscc_first_chars or any(c not in USCC_ALPHABET for c in uscc_first_chars):
		raise ValueError("uscc_first_chars: characters of the USCC alphabet other than 6")
	return _enterprise_rows(
		_Skeleton(n, seed, reference or Reference(), uscc_first_chars), name_salt=name_salt
	)


def write_csv(
	rows: Iterable[Mapping[str, Any]], fieldnames: Sequence[str], path: str | Path, bom: bool = False
) -> int:
	"""Stream ``rows`` to a UTF-8 CSV with a header of ``fieldnames``; return the row count.

	``None`` is written as an empty cell. ``bom`` adds a byte-order mark (for Excel); leave it
	off for Frappe's Data Import, which would read the mark as part of the first header.
	"""
	count = 0
	with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
		writer = csv.DictWriter(handle, fieldnames=list(fieldnames), extrasaction="ignore")
		writer.writeheader()
		for row in rows:
			writer.writerow(row)
			count += 1
	return count


# --- rows with known errors, for Data Import tests -------------------------------------------

ERROR_KINDS: tuple[str, ...] = (
	"uscc_length",  # 17 or 19 characters: hard error
	"uscc_charset",  # a character outside the 31-character set (I, O, S, V, Z): hard error
	"uscc_check",  # wrong position-18 check character and no override: needs an override
	"negative_employees",
	"unknown_street",
	"unknown_industry_code",
	"duplicate_uscc",  # the USCC of an earlier, valid row
	"missing_enterprise_name",
	"bad_date",  # an impossible established_on
)
_UNKNOWN_STREETS = ("华阳街道", "东升街道", "天府大道街道")
_UNKNOWN_CODES = ("C4999", "C3826", "C1200")  # not GB/T 4754-2017 classes
_BAD_DATES = ("2021-02-30", "2019-13-05", "2020-00-10", "2018-06-31")


@dataclass
class ErrorRows:
	"""Rows for a Data Import test and, in step with them, each row's expected failure."""

	rows: list[dict[str, Any]]
	expected: list[str | None]  # None: the row must import; otherwise one of ERROR_KINDS

	@property
	def bad_rows(self) -> dict[int, str]:
		"""0-based row index -> expected failure kind, for the invalid rows only."""
		return {i: kind for i, kind in enumerate(self.expected) if kind}

	@property
	def good_count(self) -> int:
		return sum(1 for kind in self.expected if kind is None)

	def __iter__(self) -> Iterator[dict[str, Any]]:
		return iter(self.rows)


def enterprise_rows_with_errors(
	n: int,
	bad: int,
	seed: int = 2026,
	*,
	kinds: Sequence[str] = ERROR_KINDS,
	reference: Reference | None = None,
) -> ErrorRows:
	"""``n`` enterprise rows of which exactly ``bad`` are invalid, one defect each.

	The defects cycle through ``kinds`` (so every kind appears once ``bad >= len(kinds)``) at
	positions spread over the file; row 0 is always valid, and a ``duplicate_uscc`` row copies
	the USCC of an earlier valid row. Valid rows use USCCs from a range (``MA`` + J-N) that
	neither the demo data nor ``generate`` uses.
	"""
	if not 0 <= bad < max(n, 1) and not (n == 0 and bad == 0):
		raise ValueError("need 0 <= bad < n (row 0 is always valid)")
	unknown = set(kinds) - set(ERROR_KINDS)
	if unknown:
		raise ValueError(f"unknown error kinds: {sorted(unknown)}")
	if bad and not kinds:
		raise ValueError("no error kinds to choose from")
	reference = reference or Reference()
	sk = _Skeleton(n, seed, reference, uscc_first_chars="JKLMN")
	rows = list(_enterprise_rows(sk, name_salt=60_013))
	rng = random.Random(f"errors:{seed}")
	positions = sorted(rng.sample(range(1, n), bad)) if bad else []
	expected: list[str | None] = [None] * n
	order = list(kinds)
	for number, index in enumerate(positions):
		kind = order[number % len(order)]
		expected[index] = kind
		row = rows[index]
		uscc = row["uscc"]
		if kind == "uscc_length":
			row["uscc"] = uscc[:-2] + uscc[-1] if number % 2 else uscc + "0"
		elif kind == "uscc_charset":
			position = 9 + int(rng.random() * 7)  # inside the organisation serial
			row["uscc"] = uscc[:position] + "IOSVZ"[number % 5] + uscc[position + 1 :]
		elif kind == "uscc_check":
			wrong = USCC_ALPHABET[(USCC_ALPHABET.index(uscc[-1]) + 1 + int(rng.random() * 30)) % 31]
			row["uscc"] = uscc[:-1] + wrong
		elif kind == "negative_employees":
			row["employees"] = -(1 + int(rng.random() * 50))
		elif kind == "unknown_street":
			row["street"] = _UNKNOWN_STREETS[number % len(_UNKNOWN_STREETS)]
		elif kind == "unknown_industry_code":
			row["industry_code"] = _UNKNOWN_CODES[number % len(_UNKNOWN_CODES)]
		elif kind == "duplicate_uscc":
			earlier = [i for i in range(index) if expected[i] is None]
			row["uscc"] = rows[earlier[int(rng.random() * len(earlier))]]["uscc"]
		elif kind == "missing_enterprise_name":
			row["enterprise_name"] = ""
		elif kind == "bad_date":
			row["established_on"] = _BAD_DATES[number % len(_BAD_DATES)]
	return ErrorRows(rows=rows, expected=expected)


if __name__ == "__main__":  # pragma: no cover - a quick manual benchmark
	import sys
	import time

	n_ent, n_pat, n_des = (
		int(a) for a in (sys.argv[1:4] if len(sys.argv) >= 4 else (100_000, 300_000, 50_000))
	)
	started = time.perf_counter()
	data = generate(n_ent, n_pat, n_des)
	counts = {name: sum(1 for _ in rows) for name, rows in data.items()}
	print(counts, f"{time.perf_counter() - started:.2f}s")
