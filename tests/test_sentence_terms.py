"""Every sentence says exactly what it counts (issue #21, case 4).

Each paragraph function of :mod:`wbanalysis.narrative` is rendered with a distinct sentinel
value for every catalogue key. Each number of the text is traced back to the key(s) holding
it, and the words just before it (back to the last punctuation or figure; else the words
just after it, as in ``1090件农村供水工程``) must name that indicator: its catalogue ``name``
or one of its ``naming`` phrases (with its context), and no other indicator of the same unit
may be named nearer. A number that no key holds (a figure computed in the sentence) fails too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from types import SimpleNamespace

import pytest

from wbanalysis import narrative, units
from wbanalysis.indicators import CATALOGUE
from wbanalysis.indicators.record import Indicator
from wbanalysis.scope import Scope

CITY = Scope(2023, 10, city="XX市")
COUNTY = Scope(2023, 10, county="白沙县")

_STOPS = "，,；;：:。（(、）)"
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def _sentinels() -> dict[str, float]:
    """A distinct value per key that its sentence shows exactly: counts 101, 104…; amounts and
    other quantities 1000.13, 1011.27… (below 1万, so never in 亿元 or 万人); percentages
    10.37, 10.74… (below 100, so no 超额 wording); figures written approximately below 50."""
    values: dict[str, float] = {}
    small = iter([11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47])
    count, amount, percent = 101, 1000.13, 10.37
    for key, ind in CATALOGUE.items():
        if ind.approx:
            values[key] = next(small)
        elif ind.kind in ("percent", "yoy"):
            while str(round(percent, 2)).endswith("0") or len(str(round(percent, 2))) != 5:
                percent += 0.37
            values[key] = round(percent, 2)
            percent += 0.37
        elif ind.kind in ("count", "large", "rank"):
            values[key] = count
            count += 3
        else:
            values[key] = round(amount, 2)
            amount += 11.14
    return values


SENTINELS = _sentinels()


def _numbers_to_keys(values: Mapping[str, float]) -> dict[str, set[str]]:
    """Each number as a sentence writes it → the keys whose value it is."""
    out: dict[str, set[str]] = {}
    for key, value in values.items():
        if not isinstance(value, (int, float)) or math.isnan(value):
            continue
        for shown in {units.format_number(value), units.format_number(value, places=2)}:
            out.setdefault(shown.replace(",", ""), set()).add(key)
    return out


def _patterns(ind: Indicator, near: str, paragraph: str) -> list[re.Pattern]:
    """The words that name ``ind`` here: its name always, its phrases where their context is."""
    found = [re.compile(re.escape(ind.name))]
    naming = ind.naming
    if naming is not None:
        where = near if naming.near else paragraph
        if not naming.context or re.search(naming.context, where):
            found += [re.compile(p) for p in naming.phrases]
    return found


def _nearest(words: str, patterns: list[re.Pattern], from_end: bool) -> tuple[int, int] | None:
    best = None
    for pattern in patterns:
        for m in pattern.finditer(words):
            if m.end() == m.start():
                continue
            distance = len(words) - m.end() if from_end else m.start()
            score = (distance, -(m.end() - m.start()))
            if best is None or score < best:
                best = score
    return best


def _named(words: str, from_end: bool, units_: set[str], near: str, paragraph: str) -> set[str]:
    """The keys (of these units) whose words stand nearest the figure in ``words``."""
    scored = []
    for key, ind in CATALOGUE.items():
        if ind.unit not in units_:
            continue
        score = _nearest(words, _patterns(ind, near, paragraph), from_end)
        if score is not None:
            scored.append((score, key))
    if not scored:
        return set()
    best = min(s for s, _ in scored)
    return {k for s, k in scored if s == best}


def _words_before(text: str, position: int, floor: int) -> str:
    """The words before ``position`` back to the last punctuation or ``floor`` (the previous
    figure's end), a parenthesis without figures left out: ``处于施工阶段（已开工、主体工程未
    完工）的项目`` names 处于施工阶段."""
    kept, depth, i = [], 0, position
    while i > floor:
        c = text[i - 1]
        if c in "）)" and not _NUMBER.search(text[text.rfind("（", 0, i) : i]):
            depth += 1
        elif c in "（(" and depth:
            depth -= 1
        elif not depth and c in _STOPS:
            break
        elif not depth:
            kept.append(c)
        i -= 1
    return "".join(reversed(kept))


def attributions(text: str, values: Mapping[str, float]) -> list[tuple[str, set[str], set[str]]]:
    """(number, keys holding it, keys its words name) for each figure of ``text``.

    Numbers of dates and periods (followed by 年, 月, －) are not figures, nor the duration in
    a name (最大24小时降雨量). Keys holding the
    number are empty for a number no indicator holds.
    """
    by_number = _numbers_to_keys(values)
    figures = [
        m
        for m in _NUMBER.finditer(text)
        if not re.match(r"[年月－]|小时(?:降雨|雨量)", text[m.end() : m.end() + 5])
    ]
    out = []
    previous_end, previous_words = 0, ""
    for i, m in enumerate(figures):
        sentence_start = text.rfind("。", 0, m.start()) + 1
        if previous_end <= sentence_start:
            previous_words = ""
        before = _words_before(text, m.start(), previous_end)
        near = previous_words + before if previous_words else text[sentence_start : m.start()]
        end = len(text)
        following = [f.start() for f in figures[i + 1 :]]
        stops = [text.find(c, m.end()) for c in _STOPS]
        end = min([e for e in stops + following if e >= 0] + [len(text)])
        after = text[m.end() : end]
        holders = by_number.get(m.group().replace(",", ""), set())
        units_ = {CATALOGUE[k].unit for k in holders} or {"?"}
        named = _named(before, True, units_, near, text) or _named(after, False, units_, near, text)
        out.append((m.group(), holders, named))
        previous_end, previous_words = m.end(), before
    return out


def wrongly_named(text: str, values: Mapping[str, float], allowed: tuple[str, ...] = ()) -> list:
    """The figures of ``text`` its words do not name exactly (empty when every one is right)."""
    wrong = []
    for number, holders, named in attributions(text, values):
        if number in allowed and not holders:
            continue
        if not holders:
            wrong.append((number, "no indicator holds this number"))
        elif not (named & holders) or (named - holders):
            wrong.append((number, sorted(holders), "named as", sorted(named)))
    return wrong


def _values(**overrides: float) -> dict[str, float]:
    v = dict(SENTINELS)
    v.update({k.replace("__", "."): x for k, x in overrides.items()})
    return v


def _same(v: dict[str, float], key: str, as_key: str) -> dict[str, float]:
    v = dict(v)
    v[key] = v[as_key]
    return v


# Every paragraph of the narrative that writes indicator values, with the scenarios that reach
# its branches: (function, scope, values, numbers written that no key holds).
_V = SENTINELS
# 销号 as it can be: fewer closed than found (7, a number no other key holds), or all of them
_RIVERS = {**_V, "rivers.issues_closed": 7}
_RIVERS_ALL_CLOSED = _same(_V, "rivers.issues_closed", "rivers.issues_found")
_PATROLS_ALL_DONE = {
    **_RIVERS,
    **{f"rivers.patrol_completion{k}": 100.0 for k in ("", ".city", ".township", ".village")},
}
# rainfall and hours are written to 0.1 (毫米, 小时): values of one decimal place
_FLOOD_SEASON = {
    **_V,
    **{
        k: round(_V[k], 1)
        for k in (
            "flood.season.area_rainfall",
            "flood.season.max_24h_rainfall",
            "flood.season.hours_above",
        )
    },
}
SCENARIOS: list[tuple[Callable[..., str], Scope, dict[str, float], tuple[str, ...]]] = [
    (narrative.funding_paragraph, CITY, _V, ()),
    (narrative.funding_paragraph, COUNTY, _V, ()),
    (narrative.investment_paragraph, CITY, _V, ()),
    (narrative.rural_supply_paragraph, CITY, _V, ()),
    (narrative.flood_paragraph, CITY, _V, ()),
    (narrative.flood_season_paragraph, CITY, _FLOOD_SEASON, ()),
    (narrative.flood_season_paragraph, COUNTY, _FLOOD_SEASON, ()),
    (narrative.rivers_paragraph, CITY, _RIVERS, ()),
    (narrative.rivers_paragraph, COUNTY, _RIVERS_ALL_CLOSED, ()),
    (narrative.rivers_paragraph, CITY, _PATROLS_ALL_DONE, ()),
    (narrative.supervision_paragraph, CITY, _V, ()),
    (narrative.supervision_paragraph, COUNTY, _V, ()),
    (narrative.party_paragraph, CITY, _V, ()),
    (narrative.projects_paragraph, CITY, _V, ()),
    (narrative.plan_paragraph, CITY, _V, ()),
    (narrative.status_paragraph, CITY, _V, ()),
    (narrative.investment_plan_paragraph, CITY, _V, ()),
    (narrative.channels_paragraph, CITY, _V, ()),
    (narrative.construction_paragraph, CITY, _V, ()),
    (narrative.quantities_paragraph, CITY, _V, ()),
    (narrative.disasters_paragraph, CITY, _V, ()),
    (narrative.rural_coverage_paragraph, CITY, _V, ()),
    (narrative.loans_sentence, CITY, _V, ()),
    (narrative.reinforcement_paragraph, CITY, _V, ()),
    (narrative.enforcement_paragraph, CITY, _V, ()),
    (narrative.problems_paragraph, CITY, {**_V, "funding.arrival_rate": 87.9}, ()),
    (lambda v, s: narrative.party_section(v, s, has_notes=False), CITY, _V, ()),
]

#: The public functions of the narrative that write no catalogue value, and why.
NOT_INDICATOR_SENTENCES = {
    "SummaryText": "the analyst's own text, the title and the basis",
    "FULL_ARRIVAL": "a constant",
    "FEE_COLLECTION_FLOOR": "a constant",
    "storage_shortfall_sentence": "per-county shortfalls (storage table), tested below",
    "water_use_sentence": "a WaterEfficiency record, tested below",
    "storage_title": "a chart title",
    "flood_season_title": "a chart title",
    "construction_note": "a fixed footnote",
    "red_lines_paragraph": "the water-use ledgers of several years, tested in test_narrative",
    "trend_sentence": "a Theil–Sen slope, not a catalogue figure",
    "trend_note": "a p-value",
    "party_section": "rendered through a lambda above",
    "patrol_level_keys": "a list of keys, not a sentence",
    "targets_sentence": "a count of next year's targets (a table), tested by its doctest",
}


def test_every_paragraph_is_covered():
    covered = {getattr(f, "__name__", "") for f, *_ in SCENARIOS}
    missing = set(narrative.__all__) - covered - set(NOT_INDICATOR_SENTENCES)
    assert not missing


@pytest.mark.parametrize(
    "function, scope, values, allowed",
    SCENARIOS,
    ids=[f"{getattr(f, '__name__', 'party_section')}-{i}" for i, (f, *_) in enumerate(SCENARIOS)],
)
def test_each_figure_is_the_indicator_its_words_name(function, scope, values, allowed):
    text = function(values, scope)
    assert text, "the scenario writes the paragraph"
    figures = attributions(text, values)
    assert figures, text
    assert not wrongly_named(text, values, allowed), text


def test_water_use_sentence_names_its_figures():
    keys = ("resources.water_use", "resources.water_use_cap", "resources.water_use_per_gdp")
    w = SimpleNamespace(
        year=2022,
        total_use=_V[keys[0]],
        cap=_V[keys[1]],
        per_gdp=_V[keys[2]],
        price_basis="2020年可比价",
    )
    text = narrative.water_use_sentence(w)
    assert len(attributions(text, _V)) == 3
    assert not wrongly_named(text, {k: _V[k] for k in keys}), text


def test_a_number_after_the_words_of_another_indicator_fails():
    """The test's own check: a sentence writing one key's value after another's words."""
    v = _V
    right = f"巡查发现提交问题{units.format_count(v['rivers.issues_found'], '件')}"
    assert not wrongly_named(right, v)
    wrong = f"巡查发现提交问题{units.format_count(v['rivers.issues_open'], '件')}"
    assert wrongly_named(wrong, v)
    # a percentage after the words of another rate
    assert wrongly_named(f"销号率{units.format_percent(v['safety.rectification_rate'])}", v)
    # a figure computed in the sentence (no key holds it)
    assert wrongly_named(f"尚有{v['rivers.issues_found'] - 2:g}件问题未销号", v)


def test_a_planted_wrong_key_in_a_paragraph_fails():
    """Plant the wrong key in a real paragraph: the test must see it. 已销号N件 written from
    rivers.issues_open puts 未销号问题's number after 销号's words."""
    right = narrative.rivers_paragraph(_RIVERS, CITY)
    assert not wrongly_named(right, _RIVERS)
    shown = f"已销号{units.format_count(_RIVERS['rivers.issues_closed'], '件')}"
    assert shown in right
    planted = right.replace(
        shown, f"已销号{units.format_count(_RIVERS['rivers.issues_open'], '件')}"
    )
    assert wrongly_named(planted, _RIVERS)
