"""Name and text pools for the demo's pupils and teachers: fictional, but shaped like a county's.

Surnames come in rough order of frequency and are drawn with falling weights. Given-name characters
differ by sex and by generation (pupils born after 2005, teachers born from the 1960s on). Area codes
of places outside the county use a city number (99) no province has, so that no synthetic 身份证号
can be a real person's.
"""

from __future__ import annotations

import random

from edubureau.demo.names import CITY_CODE

SURNAMES = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许邓韩冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁"
    "任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严"
)
# Each surname repeated about 1 / (rank + 3) times as often as the others: a table to draw from.
_SURNAME_TABLE = tuple(name for rank, name in enumerate(SURNAMES) for _ in range(round(400 / (rank + 3))))

BOY_CHARACTERS = tuple(
    "浩宇轩睿博俊泽梓皓宸铭航晨阳逸一诺然杰昊辰文思奕嘉瑞霖煜锦凯鑫哲晟翔鹏天佑承景彦钧宁骏乐安星云恒"
    "子明远卓昱豪硕旭峻熙朗"
)
GIRL_CHARACTERS = tuple(
    "欣怡涵梓萱雨思佳诗语可琪梦悦彤馨子若雅依妍婷冰瑶晗菲瑾晴颖心一诺安琳雪露月钰嘉艺芮希紫曦蕊楠宁静"
    "慧淑晓媛沐桐"
)
MAN_CHARACTERS = tuple("伟强磊军勇杰涛明超刚平辉鹏华建国志斌波亮飞龙峰浩宇东林海文成兵俊彬健新永晖立军")
WOMAN_CHARACTERS = tuple("芳娜敏静丽艳娟霞秀英燕玲婷红梅琳雪慧萍丹晶莉颖倩洁蓉兰凤琴云佳媛璐瑶晓")

# Other counties of the demo city (349902…) and fictional cities of other provinces.
CITY_AREA_CODES = tuple(f"{CITY_CODE[:4]}{number:02d}" for number in range(2, 12))
OTHER_PROVINCE_AREA_CODES = ("419901", "429901", "369901", "529901", "519902", "459901", "439901")

# Ethnic groups other than 汉族 (01) met in an eastern county: 回 满 苗 土家 壮 畲.
MINORITY_ETHNICITIES = ("03", "03", "11", "06", "15", "08", "22")

OUTSIDE_PLACES = (
    "浙江省宁波市",
    "浙江省杭州市",
    "江苏省苏州市",
    "江苏省南京市",
    "上海市",
    "广东省东莞市",
    "广东省深圳市",
    "福建省厦门市",
    "北京市",
    "示范市",
)
OUTSIDE_DISTRICTS = ("经济技术开发区", "高新区", "城东区", "新区", "江北区", "滨海新区")
OUTSIDE_SCHOOL_KINDS = {
    "primary": ("第一小学", "实验小学", "外来务工人员子弟学校", "第三小学"),
    "junior": ("第二中学", "实验学校", "第四中学"),
    "senior": ("第一高级中学", "第三中学", "职业技术学校"),
}

TRANSFER_REASONS = ("家庭搬迁", "随父母工作调动", "进城购房", "随父母进城务工", "就近入学", "投靠亲属")
OUT_OF_COUNTY_REASONS = ("随父母外出务工", "随父母工作调动", "家庭迁居外地")
DROPOUT_REASONS = ("厌学", "家庭经济困难", "外出务工", "身体原因", "随父母外出", "沉迷网络")
SENIOR_DROPOUT_REASONS = ("外出务工", "厌学", "家庭经济困难")
SUSPENSION_REASONS = ("因病休学", "意外受伤需长期治疗", "心理健康原因")
DEATH_REASONS = ("溺水事故", "疾病", "交通事故")
FOLLOW_UP_NOTES = {
    "home_visit": ("班主任和村干部到家走访，了解辍学原因", "校长带队家访，向家长宣讲义务教育法"),
    "persuasion": ("与家长签订复学承诺书", "联系在外务工的家长，劝其送孩子返校", "镇控辍保学专班上门劝返"),
    "home_teaching": ("安排教师每周两次送教上门", "送教上门，制定个别化教育计划"),
}
EXCHANGE_NOTES = ("城区学校教师到乡村学校交流", "乡村教师到城区学校跟岗交流", "骨干教师支教")
TEACHER_TRANSFER_NOTES = ("工作需要调动", "夫妻分居调动", "城区学校选调")
OUTSIDE_TEACHER_NOTES = ("从外县调入", "从外县调入（夫妻团聚）", "特岗教师服务期满留任")


def surname(rng: random.Random) -> str:
    return rng.choice(_SURNAME_TABLE)


def full_name(rng: random.Random, *, male: bool, young: bool) -> str:
    """A Chinese name: a surname and one or two given-name characters fitting the sex and generation."""
    if young:
        pool = BOY_CHARACTERS if male else GIRL_CHARACTERS
    else:
        pool = MAN_CHARACTERS if male else WOMAN_CHARACTERS
    length = 1 if rng.random() < (0.15 if young else 0.35) else 2
    return surname(rng) + "".join(rng.choice(pool) for _ in range(length))


def outside_school(rng: random.Random, stage: str) -> str:
    """A school outside the county, for a pupil moving away: "江苏省苏州市高新区第一小学"."""
    kinds = OUTSIDE_SCHOOL_KINDS.get(stage, OUTSIDE_SCHOOL_KINDS["primary"])
    return rng.choice(OUTSIDE_PLACES) + rng.choice(OUTSIDE_DISTRICTS) + rng.choice(kinds)
