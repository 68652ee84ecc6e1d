"""Numbers written in Chinese, Japanese and Sino-Korean numerals, read back as values: `一百三十` = 130,
`三千五百` = 3500, `两万` = 20000, `一百四十亿` = 14 000 000 000, `一九九〇年` = 1990, `百分之五十` = 50 (per cent),
`零点五` = 0.5, `十二月` = December, `八十年代` = the 80s; Korean `삼만 오천 원` = 35 000 won, `오십 퍼센트` = 50
per cent.

A run of numeral characters (the digits `零〇一二两三四五六七八九`, the units `十百千` and the large units `万萬亿億`)
is read as the longest number it starts with: units in decreasing order, each after at most one digit (`十`, `百`,
`千` may stand alone for one of them, as Japanese writes `百三十`), `零` for a skipped place (`一百零五`), and
sections of up to four places multiplied by the large unit after them (`三亿五千万`). A last digit right after
`百`, `千` or a large unit is read both ways it is written: `一百五` is 150 in Chinese, `百五` 105 in Japanese;
`两万五` 25 000 or 20 005. Two neighbouring digits are an approximation, read as both numbers (`十七八` = 17 or 18,
`三四百` = 300 or 400, `一两` = 1 or 2). `两` is a digit only before a unit or alone: after one it is the tael
(`二十两` = 20 taels). Three or more digits without units are read digit by digit (`一九九〇` = 1990). `兆` is not
read (10^12 in Japanese, 10^6 in Chinese), nor are the financial numerals (`壹贰叁`, `拾` = to pick up, `陆` = land).

Chinese writes in numerals what English writes in words, the digits being for measures and statistics: they are
translated as freely (MAC-Dev: `茅十八` is 'Whiskers', `四十多年前` 'almost half a century ago', `十万八千里` 'an
eternity', `七八个数量级` 'five orders of magnitude'), and a single numeral is often no number (`一直`, `一样`,
`千万别` 'never', `万一` 'in case', `三心二意`). So most numerals are only counterparts (`counterpart_only`): a digit on
the other side may stand for them, but they are never reported missing themselves, as number words are not. Only
three forms are compared as digits are, being as exact as digits: a percentage (`百分之五十`), a decimal (`零点五`,
`三点五亿`) and a year written digit by digit (`一九九〇年`). A month (`十二月`) and a decade (`八十年代`) are
counterparts too (a novel's `八月十五` is often the lunar 'fifteenth day of the eighth month').

Sino-Korean numerals are the same numerals, a Hangul syllable for a character (`삼만 오천` is `三万五千`, its groups
spaced after `만` and `억`), but their syllables are in ordinary words too (`이` 'this', `일` 'work', `오만` Oman,
`구분` 'separation', `사회` 'society'): one is read only with a unit (`십백천만억`) and before a counter (`명`, `원`,
`년`, `개`, `퍼센트`, ...), and a unit alone only before a spaced one (`만 원`, not `만원`, 'full'). They are
counterparts, but for a percentage (`오십 퍼센트`); months are read without a unit (`삼월`, `유월`). On the 35 798
Korean messages of this machine's gettext catalogues and 1 266 lines of Korean guides, no word was read as one.
Native Korean numbers, which count people, things, times and ages up to 99, are counterparts before a counter
(`세 명` three people, `열두 번`, `첫 번째` the first).

>>> [(n.kind, n.values, n.text) for n in read_cjk_numerals("约有一二十个妇人，二十两银子，一九九〇年十二月")]
[('number', ('10',), '一二十'), ('number', ('20',), '一二十'), ('number', ('20',), '二十'), \
('number', ('1990',), '一九九〇'), ('month', ('12',), '十二月')]
>>> [(n.values, n.counterpart_only) for n in read_cjk_numerals("振幅在百分之一至百分之五之间，两万人")]
[(('1',), False), (('5',), False), (('20000',), True)]
>>> [(n.text, n.values) for n in read_cjk_numerals("관중은 삼만 오천 명이었다. 이것은 일이다.")]
[('삼만 오천', ('35000',))]
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

_ZEROS = "零〇○"
_DIGIT_VALUES = {"一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_TWO_BEFORE_UNITS = "两兩"
_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000}
_LARGE_VALUES = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CHARACTERS = _ZEROS + "".join(_DIGIT_VALUES) + "".join(_UNIT_VALUES) + "".join(_LARGE_VALUES)
# Neighbouring digits that say 'this or that': 三四 (3 or 4), 三五 (3 to 5), 一两 (1 or 2), 三两 (2 or 3)
_APPROXIMATIONS = frozenset("一二 二三 三四 四五 五六 六七 七八 八九 三五 两三 兩三 一两 一兩 三两 三兩".split())
_PLAIN_DIGITS = _ZEROS + "一二三四五六七八九"  # the digits of a number read digit by digit ('两' is never one)
_LARGEST = 10**12
_LONGEST = 32  # characters of a numeral: '一千二百三十四亿五千六百七十八万九千一百二十三' has 23

_RUN = re.compile(f"[{_CHARACTERS}]+")
_DIGIT_BY_DIGIT = re.compile(f"[{_PLAIN_DIGITS}]{{3,{_LONGEST}}}")
# '百分之五十' (per cent), '三分之一', '千分之三', '百万分之五': the numerator, and its denominator
_NUMERAL = f"[{_CHARACTERS}]{{1,{_LONGEST}}}"
_FRACTION = re.compile(f"(?P<denominator>{_NUMERAL})分之(?P<numerator>{_NUMERAL}(?:点[{_PLAIN_DIGITS}]+)?)")
# '零点五', '三点一四', '三点五亿'; not a time ('三点一刻', '三点五十分', '两点半'), nor '一点一点', '一点一滴'
_DECIMAL = re.compile(
    f"(?P<whole>{_NUMERAL})点(?P<fraction>[{_PLAIN_DIGITS}]+)(?P<large>[万萬亿億])?(?![{_CHARACTERS}刻分钟秒点滴])"
)
# '一百多亿' (over ten billion), '二十几万': a number, 'and more', a large unit
_MORE_THAN = re.compile(f"(?P<numeral>{_NUMERAL})[多余几](?P<large>[万萬亿億])")
_THE_TWO = re.compile("[俩倆]")  # '我们俩', '兄弟俩': the two of them
# '5万', '3千万', '1.5亿'; Korean '5천만', '2억', '3조' (10^12; the 3 alone is kept, for '제3조', article 3); not
# '3만큼' ('as much as 3')
_UNITS_AFTER_DIGITS = re.compile("([十百千십백천]?)((?:[万萬]|만(?!큼))?)([亿億억]?)(조?)")
_UNITS_AFTER_DIGITS_VALUES = {
    **_UNIT_VALUES,
    **_LARGE_VALUES,
    "십": 10,
    "백": 100,
    "천": 1000,
    "만": 10**4,
    "억": 10**8,
    "조": 10**12,
}

# Sino-Korean numerals are the Chinese ones read in Korean, a syllable for a character ('삼만 오천' is 三万五千)
_SINO_KOREAN = str.maketrans(dict(zip("일이삼사오육칠팔구십백천만억", "一二三四五六七八九十百千万亿", strict=True)))
_KOREAN_DIGITS, _KOREAN_UNITS = "일이삼사오육칠팔구", "십백천만억"
# What a Sino-Korean numeral counts, after it: the evidence that it is one, for 이, 일, 삼, 사, 오, 만, 천 are in
# ordinary words too ('이것' this, '일하다' to work, '사용' use, '오류' error, '만들다' to make, '천천히' slowly).
# Not 세 ('만세', hurrah), 점 ('만점', full marks), 도 (also the particle 'too'), 시 (hours are counted in native
# numerals; '이천시' is a city), 자 ('십자가', a cross), 등 ('etc.'), 대 ('십대', teens).
# Nor the colloquial 프로 (per cent; '이 프로그램', this program).
_KOREAN_COUNTERS = (
    "원 명 개 개월 월 일 년 년대 주년 분 초 시간 번 번째 회 층 호 권 쪽 페이지 배 건 가구 퍼센트 달러 엔 위안"
    " 유로 파운드 미터 킬로미터 센티미터 밀리미터 킬로그램 그램 킬로 톤 리터 마일 인치 피트 바이트 비트 픽셀"
).split()
# a numeral at the start of a word, its groups spaced after 만 and 억 ('삼만 오천'), its counter next to it or spaced
# (lengths bounded, so that a long run is read in linear time: '구천구백구십구억 구천구백구십구만 구천구백구십구' has
# two spaced groups of eight syllables before the last)
_KOREAN_SYLLABLE = f"[{_KOREAN_DIGITS}{_KOREAN_UNITS}]"
_KOREAN_NUMERAL = re.compile(
    rf"(?<![\uac00-\ud7a3])(?P<numeral>(?:{_KOREAN_SYLLABLE}{{0,15}}[만억] ){{0,2}}{_KOREAN_SYLLABLE}{{1,16}})"
    rf"(?P<space> ?)(?P<counter>{'|'.join(sorted(_KOREAN_COUNTERS, key=len, reverse=True))})"
)
# '삼월' (March); '유월' (June), '시월' (October), where 육 and 십 lose a sound; '십이월' is read with the units
_KOREAN_MONTH = re.compile("(?<![\uac00-\ud7a3])([일이삼사오유칠팔구시])월")
_KOREAN_MONTH_NUMBERS = {"유": "6", "시": "10"} | {c: str(k) for k, c in enumerate(_KOREAN_DIGITS, 1)}
# Native Korean numbers, in the form they take before a counter ('세 명' three people, '열두 번' twelve times,
# '스무 살' twenty years old, '첫 번째' the first): Korean counts people, things, times and ages up to 99 with them.
# Not before a word that begins as a counter does ('열 개수' the number of columns, '열 번호' a column number: 열 is
# also a column, as 네 is 'your' and 한 'did').
_NATIVE_TENS = dict(
    zip("열 스물 스무 서른 마흔 쉰 예순 일흔 여든 아흔".split(), (10, 20, 20, 30, 40, 50, 60, 70, 80, 90), strict=True)
)
_NATIVE_ONES = dict(zip("한 첫 두 세 네 다섯 여섯 일곱 여덟 아홉".split(), (1, 1, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_NATIVE_COUNTERS = (
    "명 개 번 번째 살 시 시간 마리 권 잔 대 사람 가지 달 해 군데 장 줄 글자 자리 단계 부분 곳 쪽 차례"
).split()
_NATIVE_KOREAN_NUMBER = re.compile(
    rf"(?<![\uac00-\ud7a3])(?P<tens>{'|'.join(_NATIVE_TENS)})?(?P<ones>{'|'.join(_NATIVE_ONES)})?"
    rf" ?(?:{'|'.join(sorted(_NATIVE_COUNTERS, key=len, reverse=True))})"
    "(?!수|호|시작|시스템|해당|해결|해제|대상|대신|대화|장치|장점|장애|달성|가지고)"
)

NumeralKind = Literal["number", "month", "decade"]


@dataclass(frozen=True, slots=True)
class Numeral:
    """A number, month or decade written in numerals: its readings (`values`, canonical decimals; two for `一百五`,
    a decade as `80s`), where it is, and whether it is only a counterpart of a digit on the other side. An
    approximation (`十七八`) is two numerals of the same text, one for each number."""

    kind: NumeralKind
    values: tuple[str, ...]
    start: int
    end: int
    text: str
    counterpart_only: bool = True


def read_cjk_numerals(text: str) -> tuple[Numeral, ...]:
    """The numbers, months and decades written in Chinese or Japanese numerals in `text`, in text order."""
    found: list[Numeral] = []

    def add(
        numbers: tuple[tuple[str, ...], ...], match: re.Match[str], group: int | str = 0, compared: bool = False
    ) -> None:
        if all(match.end(group) <= other.start or match.start(group) >= other.end for other in found):
            found.extend(
                Numeral("number", values, *match.span(group), match[group], counterpart_only=not compared)
                for values in numbers
            )

    for match in _FRACTION.finditer(text):
        per_cent = match["denominator"] == "百"
        numerator = _decimal(match["numerator"]) or _numbers(match["numerator"])
        # not '百分之百', also 'completely', nor '百分之三四十' (30 or 40 per cent)
        compared = per_cent and match["numerator"] != "百" and len(numerator) == 1
        if per_cent:
            add(numerator, match, compared=compared)
        else:
            add(numerator, match, "numerator")
            add(_numbers(match["denominator"]), match, "denominator")
    for match in _DECIMAL.finditer(text):
        add(_decimal(f"{match['whole']}点{match['fraction']}", match["large"]), match, compared=True)
    for match in _MORE_THAN.finditer(text):
        multiplier = _LARGE_VALUES[match["large"]]
        add(tuple(tuple(str(int(v) * multiplier) for v in values) for values in _numbers(match["numeral"])), match)
    for match in _THE_TWO.finditer(text):
        add((("2",),), match)
    taken = tuple(found)  # the two numerals of an approximation share their span
    for run in _RUN.finditer(text):
        found.extend(
            numeral
            for numeral in _numerals_of_run(text, run.start(), run.end())
            if all(numeral.end <= other.start or numeral.start >= other.end for other in taken)
        )
    found.extend(_korean_numerals(text))
    return tuple(sorted(found, key=lambda numeral: numeral.start))


def _korean_numerals(text: str) -> Iterator[Numeral]:
    """The Sino-Korean numerals of `text` that count something ('삼백 명', '이천이십오년', '삼만 오천 원'), with a unit
    (`십백천만억`): a digit alone is too often a word ('이 번' this time, '이 명령' this command, '구분' separation,
    '사명' a mission). A unit alone is one before a spaced counter only ('만 원', not '만원', full, or '만년필', a
    fountain pen). Months ('삼월', '십이월'; '유월', '시월') are read without a unit."""
    for match in _KOREAN_NUMERAL.finditer(text):
        numeral, counter = match["numeral"].replace(" ", ""), match["counter"]
        if not any(unit in numeral for unit in _KOREAN_UNITS) or (len(numeral) == 1 and not match["space"]):
            continue
        # a large unit without a digit is one of it: '만 일' (10 001, as num2words writes it; 万一 is 'in case')
        numbers = _numbers((("일" if numeral[0] in "만억" else "") + numeral).translate(_SINO_KOREAN))
        single = numbers[0][0] if len(numbers) == 1 and len(numbers[0]) == 1 else None
        if counter == "월" and not match["space"]:
            if single and 1 <= int(single) <= 12:
                yield Numeral("month", (single,), match.start(), match.end(), match.group())
        elif counter == "년대":
            if single and int(single) % 10 == 0:
                yield Numeral("decade", (f"{single}s",), match.start(), match.end(), match.group())
        else:
            compared = counter == "퍼센트" and single is not None
            start, end = match.span("numeral")
            yield from (Numeral("number", values, start, end, text[start:end], not compared) for values in numbers)
    for match in _KOREAN_MONTH.finditer(text):
        yield Numeral("month", (_KOREAN_MONTH_NUMBERS[match[1]],), match.start(), match.end(), match.group())
    for match in _NATIVE_KOREAN_NUMBER.finditer(text):
        if match["tens"] or match["ones"]:
            value = _NATIVE_TENS.get(match["tens"] or "", 0) + _NATIVE_ONES.get(match["ones"] or "", 0)
            start, end = match.start(), match.end("ones") if match["ones"] else match.end("tens")
            yield Numeral("number", (str(value),), start, end, text[start:end])


def _numerals_of_run(text: str, start: int, end: int) -> Iterator[Numeral]:
    """The numerals of one run of numeral characters, each the longest number it starts with."""
    position = start
    while position < end:
        numeral_end, numbers, digit_by_digit = _longest_numeral(text, position, end)
        if numbers and not (text[position:numeral_end] in _TWO_BEFORE_UNITS and position > start):  # '二十两': taels
            yield from _in_context(text, position, numeral_end, numbers, digit_by_digit)
        position = max(numeral_end, position + 1)


def _longest_numeral(text: str, start: int, end: int) -> tuple[int, tuple[tuple[str, ...], ...], bool]:
    """Where the longest numeral from `start` ends, its `_numbers` (none if it is no number), and whether it is
    read digit by digit."""
    digits = _DIGIT_BY_DIGIT.match(text, start, end)
    if digits:
        return digits.end(), ((str(int("".join(_plain_digit(c) for c in digits.group()))),),), True
    for stop in range(min(end, start + _LONGEST), start, -1):
        if numbers := _numbers(text[start:stop]):
            return stop, numbers, False
    return start + 1, (), False


def _in_context(
    text: str, start: int, end: int, numbers: tuple[tuple[str, ...], ...], digit_by_digit: bool
) -> Iterator[Numeral]:
    """The numeral `text[start:end]` as what follows makes it: a month before '月' (not '两月', two months), a decade
    before '年代', a year before '年' when it is read digit by digit."""
    written, after = text[start:end], text[end : end + 2]
    single = numbers[0] if len(numbers) == 1 and len(numbers[0]) == 1 else None
    if after.startswith("年代") and single and int(single[0]) % 10 == 0:
        yield Numeral("decade", (f"{single[0]}s",), start, end + 2, text[start : end + 2])
    elif (
        after.startswith("月")
        and single
        and 1 <= int(single[0]) <= 12
        and written[0] not in _TWO_BEFORE_UNITS
        and not digit_by_digit
    ):
        yield Numeral("month", single, start, end + 1, text[start : end + 1])
    else:
        year = digit_by_digit and after.startswith("年")
        yield from (Numeral("number", values, start, end, written, counterpart_only=not year) for values in numbers)


def units_after(text: str, end: int) -> tuple[int, int] | None:
    """What the units right after `end` multiply a number in digits by ('5万' 10 000, '1.5亿' 10^8, '3千万' 10^7,
    Korean '5천만' 10^7), and where they end; None where no unit follows."""
    units = _UNITS_AFTER_DIGITS.match(text, end)
    if units is None or not units.group():
        return None
    return math.prod(_UNITS_AFTER_DIGITS_VALUES.get(unit, 1) for unit in units.groups()), units.end()


def _plain_digit(character: str) -> str:
    return "0" if character in _ZEROS else str(_DIGIT_VALUES[character])


def _decimal(numeral: str, large: str | None = None) -> tuple[tuple[str, ...], ...]:
    """'三点一四' as the one number 3.14, '三点五' before '亿' as 350 000 000; () for anything else."""
    whole, point, fraction = numeral.partition("点")
    wholes = _numbers(whole)
    if not point or not fraction or len(wholes) != 1 or len(wholes[0]) != 1:
        return ()
    digits = "".join(_plain_digit(c) for c in fraction)
    return ((f"{(Decimal(f'{wholes[0][0]}.{digits}') * (_LARGE_VALUES[large] if large else 1)).normalize():f}",),)


def _numbers(numeral: str) -> tuple[tuple[str, ...], ...]:
    """The numbers `numeral` names, each as its readings (smallest first): one number, or two for an
    approximation; () if it is none.

    >>> _numbers("一百三十"), _numbers("十七八"), _numbers("一百五"), _numbers("二十两"), _numbers("万一")
    ((('130',),), (('17',), ('18',)), (('105', '150'),), (), ())
    """
    if not numeral or any(c not in _CHARACTERS for c in numeral):
        return ()
    approximations = [k for k in range(len(numeral) - 1) if numeral[k : k + 2] in _APPROXIMATIONS]
    if len(approximations) > 1:
        return ()
    variants = [numeral]
    if approximations:
        k = approximations[0]
        variants = [numeral[:k] + numeral[k + 1 :], numeral[: k + 1] + numeral[k + 2 :]]  # '十七八': 十八, 十七
    readings = [tuple(str(value) for value in sorted(_values(variant, _LARGEST))) for variant in variants]
    return tuple(sorted(readings, key=lambda values: int(values[0]))) if all(readings) else ()


def _values(numeral: str, below: int) -> set[int]:
    """The values of a numeral of large units smaller than `below`: the largest one multiplies what is before it
    (`三亿五千万`: 3 and then 5000 times 10 000); a section of 十百千 is below any large unit."""
    larges = [(value, k) for k, c in enumerate(numeral) if (value := _LARGE_VALUES.get(c, 0))]
    if not larges:
        return _section(numeral)
    if numeral in _LARGE_VALUES:
        return {_LARGE_VALUES[numeral]} if _LARGE_VALUES[numeral] < below else set()  # '万人': ten thousand people
    large, at = max(larges, key=lambda pair: (pair[0], -pair[1]))
    if large >= below or at == 0:
        return set()
    before, after = numeral[:at], numeral[at + 1 :]
    multiples = _values(before, large)
    if not after:
        rests = {0}
    elif len(after) == 1 and after in _DIGIT_VALUES and after not in _TWO_BEFORE_UNITS:
        rests = {_DIGIT_VALUES[after], _DIGIT_VALUES[after] * large // 10}  # '一万一': 10 001 or 11 000
    else:
        rests = _values(after.lstrip(_ZEROS), large) if after.lstrip(_ZEROS) else set()
    return {multiple * large + rest for multiple in multiples for rest in rests}


def _section(numeral: str) -> set[int]:
    """The values of a numeral below ten thousand: '三千零五' = 3005, '十五' = 15, '百三十' = 130 (Japanese)."""
    if numeral and all(c in _ZEROS for c in numeral):
        return {0} if len(numeral) == 1 else set()
    total, digit, last_unit, zero = 0, "", 10**4, False
    for character in numeral:
        if character in _ZEROS:
            if digit or last_unit == 10**4:
                return set()
            zero = True
        elif character in _DIGIT_VALUES:
            if digit:
                return set()
            digit = character
        else:
            unit = _UNIT_VALUES[character]
            if unit >= last_unit or (unit == 10 and digit != "" and digit in _TWO_BEFORE_UNITS):
                return set()
            total += (_DIGIT_VALUES[digit] if digit else 1) * unit
            digit, last_unit, zero = "", unit, False
    if not digit:
        return {total}
    if digit in _TWO_BEFORE_UNITS and numeral != digit:
        return set()  # '二十两' is twenty taels, not 22
    value = _DIGIT_VALUES[digit]
    if zero or last_unit in (10, 10**4):
        return {total + value}
    return {total + value, total + value * last_unit // 10}  # '一百五': 105 (Japanese) or 150 (Chinese)
