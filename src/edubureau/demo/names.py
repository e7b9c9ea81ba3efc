"""Name pools for the demo county: fictional, but shaped like the names a Chinese county really uses.

Every pool is a tuple (ordered), so that one seed always draws the same names. Pools are written as
space-separated strings (or strings of single characters) to keep them readable.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


CITY_CODE = "349900"
CITY_NAME = "示范市"
FIRST_COUNTY_NAME = "示范县"

# Second counties onwards take a two-character name from these parts (10 × 10 = 100 names).
COUNTY_NAME_HEADS = tuple("清安永宁丰临长新兴平")
COUNTY_NAME_TAILS = tuple("河阳山水源川江泉城原")

# Sub-districts (街道) of the county seat.
STREET_NAMES = _words("城东街道 城西街道 城南街道 城北街道 城关街道 新城街道")

# Town (镇) and township (乡) names, without their suffix.
TOWN_NAMES = _words(
    "龙泉 石桥 柳河 马店 杨集 白沙 黄岗 双庙 高庄 王集 青山 桃源 大营 新集 李寨 东坝 西河 三官 花园 土门 "
    "金山 银河 孙堡 岳坊 罗湾 官桥 南湖 北岭 潘店 韩庄 古城 沙河 兴隆 太平 永丰 长岭 安乐 瓦窑 凤凰 梅林"
)

# Villages: a surname-like head and a place-word tail (庄, 湾, 岗 …).
VILLAGE_HEADS = tuple(
    "张李刘陈王赵孙周吴郑何冯马杨朱胡郭林黄徐高宋唐许邓曹彭曾田董袁蒋前后东西南北上下大小新老石柳桃杏"
)
VILLAGE_TAILS = tuple("庄湾店岗楼寨洼营集沟村桥岭坡坪圩铺堡畈冲塘坝园湖")

ROAD_NAMES = _words(
    "人民路 建设路 解放路 文化路 学府路 光明路 新华路 育才路 中山路 和平路 振兴路 迎宾大道 滨河路 书院街 "
    "府前街 长青路"
)

# Brands of private (民办) kindergartens.
KINDERGARTEN_BRANDS = _words(
    "小天使 阳光 童之梦 金太阳 启智 博雅 新蕾 七彩虹 贝贝佳 育英 蓝天 星辰 小哈佛 爱心 春苗"
)

SURNAMES = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
)
GIVEN_NAME_CHARACTERS = tuple(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红文辉玉春海燕波宁鹏志婷晓丹亮斌琳雪慧振学东"
)

# The bureau's sections (股室). The section-staff login works in the first.
SECTION_NAMES = _words(
    "基础教育股 教育督导室 安全稳定股 人事股 计划财务股 学前教育股 职业与成人教育股 办公室"
)
BASIC_EDUCATION_SECTION = "基础教育股"
SUPERVISION_SECTION = "教育督导室"

CHINESE_ORDINALS = tuple("一二三四五六七八九十")
