"""Chinese and Japanese numerals read back as values: num2words writes the Japanese ones, the Chinese ones are
written out below."""

from __future__ import annotations

import pytest
from num2words import num2words

from aligner.cjk_numerals import read_cjk_numerals

NUMBERS = [*range(1000), *range(1000, 100_000, 997), 1990, 2025, 2305, 10**6, 2_345_678, 10**8, 123_456_789, 10**12 - 1]


def test_every_number_num2words_writes_in_japanese_is_read_back():
    """num2words writes Japanese as it is written ('百三十' for 130, '千十' for 1010, '一億二千三百四十五万...')."""
    wrong = []
    for number in NUMBERS:
        text = num2words(number, lang="ja")
        numerals = read_cjk_numerals(text)
        if len(numerals) != 1 or numerals[0].text != text or str(number) not in numerals[0].values:
            wrong.append((number, text, [(n.text, n.values) for n in numerals]))
    assert wrong == []


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("一百三十", [("130",)]),
        ("三千五百", [("3500",)]),
        ("两万", [("20000",)]),
        ("两百", [("200",)]),
        ("一百零五", [("105",)]),
        ("一千零五十", [("1050",)]),
        ("一百〇五", [("105",)]),
        ("十五", [("15",)]),
        ("二十一", [("21",)]),
        ("三亿五千万", [("350000000",)]),
        ("一百四十亿", [("14000000000",)]),
        ("一万亿", [("1000000000000",)]),
        ("十万零三百", [("100300",)]),
        ("兩萬", [("20000",)]),
        ("四億", [("400000000",)]),
        # a last digit after 百, 千 or 万 without 零: Chinese says 150 (一百五), Japanese 105 (百五)
        ("一百五", [("105", "150")]),
        ("两万五", [("20005", "25000")]),
        # two neighbouring digits: this or that, both numbers
        ("十七八", [("17",), ("18",)]),
        ("三四百", [("300",), ("400",)]),
        ("一二十", [("10",), ("20",)]),
        ("一两", [("1",), ("2",)]),
        # digit by digit
        ("一九九〇", [("1990",)]),
        ("二〇〇八", [("2008",)]),
    ],
)
def test_chinese_numerals(text, numbers):
    assert [(n.text, n.values) for n in read_cjk_numerals(text)] == [(text, values) for values in numbers]


@pytest.mark.parametrize(
    "text, numerals",
    [
        ("五十两本钱已输干了", [("五十", ("50",))]),  # 两 after a number is the tael: not 52
        ("二十两银子", [("二十", ("20",))]),
        ("百分之五十", [("百分之五十", ("50",))]),
        ("振幅在百分之一至百分之五之间", [("百分之一", ("1",)), ("百分之五", ("5",))]),
        ("三分之一", [("三", ("3",)), ("一", ("1",))]),
        ("增长了零点五个百分点", [("零点五", ("0.5",)), ("百", ("100",))]),  # the 百 of 百分点 too: a counterpart
        ("三点一四", [("三点一四", ("3.14",))]),
        ("三点五亿", [("三点五亿", ("350000000",))]),
        # times of day and 'little by little' are no decimals
        ("下午三点一刻", [("三", ("3",)), ("一", ("1",))]),
        ("三点五十分", [("三", ("3",)), ("五十", ("50",))]),
        ("两点半", [("两", ("2",))]),
        ("一点一点露出", [("一", ("1",)), ("一", ("1",))]),
    ],
)
def test_numerals_in_context(text, numerals):
    assert [(n.text, n.values) for n in read_cjk_numerals(text)] == numerals


@pytest.mark.parametrize(
    "text, compared",
    [
        # as exact as digits: compared
        ("失业率为百分之五十", ["百分之五十"]),
        ("增长了零点五", ["零点五"]),
        ("一九九〇年", ["一九九〇"]),
        ("二〇二三年に", ["二〇二三"]),
        # everything else only stands for a digit on the other side (MAC-Dev): a name, idioms, a hyperbole, an
        # adverb, approximations, ordinals, percentages that are a manner of speaking
        ("韦小宝记得茅十八在酒馆中与七名大汉相斗的手法", []),
        ("又好像走了十万八千里", []),
        ("少说着只怕有一万心眼子", []),
        ("你千万别让人惦记上", []),
        ("万一他不来", []),
        ("三心二意，一心一意，千方百计", []),
        ("听着七零八落的打击肉体的沉闷声响", []),
        ("好像是在一九六几年吧", []),
        ("一个十七八岁的少年", []),
        ("一百三十户人家，第三章", []),
        ("我百分之百同意", []),
        ("约百分之三四十", []),
    ],
)
def test_only_percentages_decimals_and_years_digit_by_digit_are_compared(text, compared):
    assert [n.text for n in read_cjk_numerals(text) if not n.counterpart_only] == compared


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("会议在十二月召开", [("month", "十二月", ("12",))]),
        ("一月份", [("month", "一月", ("1",))]),
        ("他每过一两月会来一次", [("number", "一两", ("1",)), ("number", "一两", ("2",)), ("number", "一", ("1",))]),
        ("十三月", [("number", "十三", ("13",))]),
        ("上世纪八十年代末", [("decade", "八十年代", ("80s",))]),
        ("一九八〇年代", [("decade", "一九八〇年代", ("1980s",))]),
    ],
)
def test_months_and_decades(text, kinds):
    assert [(n.kind, n.text, n.values) for n in read_cjk_numerals(text)] == kinds


def test_every_number_num2words_writes_in_korean_is_read_back_before_a_counter():
    """num2words writes Sino-Korean numerals, their groups spaced after 만 and 억 ('삼만 오천', '만 일'); from 10 on
    each has a unit, which a Korean numeral is read with."""
    wrong = []
    for number in [n for n in NUMBERS if n >= 10]:
        written = num2words(number, lang="ko")
        numerals = read_cjk_numerals(f"{written} 원")
        if len(numerals) != 1 or numerals[0].text != written or str(number) not in numerals[0].values:
            wrong.append((number, written, [(n.text, n.values) for n in numerals]))
    assert wrong == []


@pytest.mark.parametrize(
    "text, numerals",
    [
        ("관중은 삼만 오천 명이었다", [("number", "삼만 오천", ("35000",))]),
        ("삼백 명이 모였다", [("number", "삼백", ("300",))]),
        ("이천이십오년에", [("number", "이천이십오", ("2025",))]),
        ("만 원짜리", [("number", "만", ("10000",))]),
        ("일억 원", [("number", "일억", ("100000000",))]),
        ("백만 달러", [("number", "백만", ("1000000",))]),
        ("삼십 일 동안", [("number", "삼십", ("30",))]),
        ("십이월에", [("month", "십이월", ("12",))]),
        ("삼월에, 유월에, 시월에", [("month", "삼월", ("3",)), ("month", "유월", ("6",)), ("month", "시월", ("10",))]),
        ("팔십 년대", [("decade", "팔십 년대", ("80s",))]),
    ],
)
def test_sino_korean_numerals(text, numerals):
    assert [(n.kind, n.text, n.values) for n in read_cjk_numerals(text)] == numerals


@pytest.mark.parametrize(
    "text",
    [
        # Korean words made of numeral syllables: without a counter after them, or without a unit, no numerals
        "이것은 일이다",  # 이 'this', 일 'work'
        "이 명령을 사용합니다",  # 'this command': 이 and the counter 명
        "구분자",  # 'separator': 9 and the counter 분
        "사회주의",  # 'socialism': 4 and the counter 회
        "오만과 편견",  # 'Pride and Prejudice'
        "오만 이슬람왕국",  # Oman
        "이만 가볼게",  # 'I'll be going now'
        "천만에요",  # 'you are welcome'
        "만세",  # hurrah
        "만원 버스",  # a full bus
        "만년필",  # a fountain pen
        "수십 명",  # 'dozens of people': an approximation
        "이천시",  # a city
    ],
)
def test_korean_words_are_no_numerals(text):
    assert read_cjk_numerals(text) == ()


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("세 명이 왔다", [("세", ("3",))]),
        ("열두 번", [("열두", ("12",))]),
        ("스물다섯 살, 스무 살", [("스물다섯", ("25",)), ("스무", ("20",))]),
        ("한 개의 이름만", [("한", ("1",))]),
        ("첫번째 형태, 두 번째", [("첫", ("1",)), ("두", ("2",))]),
        # a native number before a counter only, and not before a word that begins as one does
        ("한국, 세상, 두세 명", []),
        ("열 개수, 열 번호", []),  # 열 'column': the number of columns, a column number
    ],
)
def test_native_korean_numbers(text, numbers):
    assert [(n.text, n.values) for n in read_cjk_numerals(text)] == numbers


def test_a_korean_percentage_is_compared_the_rest_stands_for_digits():
    numerals = read_cjk_numerals("오십 퍼센트, 삼백 명, 세 명")
    assert [(n.text, n.counterpart_only) for n in numerals] == [("오십", False), ("삼백", True), ("세", True)]
