"""The independently written rumor sets (``--set fresh``, ``fresh2`` … ``fresh21``): each has its own
brands, claims and wordings, generates valid rumors of both kinds, and runs from the command line."""

from __future__ import annotations

import json
from dataclasses import fields, replace

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.config import Config
from monitor.demo import RUMOR_SETS, rumor_set
from monitor.demo.rumor_blind import BLIND
from monitor.demo.rumor_fresh import FRESH
from monitor.demo.rumor_fresh2 import FRESH2
from monitor.demo.rumor_fresh3 import FRESH3
from monitor.demo.rumor_fresh4 import FRESH4
from monitor.demo.rumor_fresh5 import FRESH5
from monitor.demo.rumor_fresh6 import FRESH6
from monitor.demo.rumor_fresh7 import FRESH7
from monitor.demo.rumor_fresh8 import FRESH8
from monitor.demo.rumor_fresh9 import FRESH9
from monitor.demo.rumor_fresh10 import FRESH10
from monitor.demo.rumor_fresh11 import FRESH11
from monitor.demo.rumor_fresh12 import FRESH12
from monitor.demo.rumor_fresh13 import FRESH13
from monitor.demo.rumor_fresh14 import FRESH14
from monitor.demo.rumor_fresh15 import FRESH15
from monitor.demo.rumor_fresh16 import FRESH16
from monitor.demo.rumor_fresh17 import FRESH17
from monitor.demo.rumor_fresh18 import FRESH18
from monitor.demo.rumor_fresh19 import FRESH19
from monitor.demo.rumor_fresh20 import FRESH20
from monitor.demo.rumor_fresh21 import FRESH21
from monitor.demo.rumor_holdout import HOLDOUT
from monitor.demo.rumor_scenarios import BrandSpec, TemplateSet, generate
from monitor.demo.rumor_tune import TUNE
from tests.conftest import CONFIG_DIR

ALL = (
    TUNE,
    HOLDOUT,
    BLIND,
    FRESH,
    FRESH2,
    FRESH3,
    FRESH4,
    FRESH5,
    FRESH6,
    FRESH7,
    FRESH8,
    FRESH9,
    FRESH10,
    FRESH11,
    FRESH12,
    FRESH13,
    FRESH14,
    FRESH15,
    FRESH16,
    FRESH17,
    FRESH18,
    FRESH19,
    FRESH20,
    FRESH21,
)
# the independently written sets: all but the tuning, held-out and first blind sets
INDEPENDENT = pytest.mark.parametrize("tset", ALL[3:], ids=lambda t: t.name)


def _brand_strings(b: BrandSpec) -> set[str]:
    c = b.known_claim
    out = {b.id, b.handle, *b.names, c.id, c.statement, c.correction, *c.examples}
    out |= set(b.known_wordings) | {w for story in b.new_rumors for w in story}
    return out | set(b.good_news) | set(b.true_news) | set(b.old_topics) | set(b.campaigns) | set(b.events)


def _frames(t: TemplateSet) -> set[str]:
    out: set[str] = set()
    for f in fields(TemplateSet):
        value = getattr(t, f.name)
        if f.name not in ("name", "brands", "decorations") and isinstance(value, tuple):
            out |= set(value)
    return out


@INDEPENDENT
def test_set_shares_no_brand_claim_or_wording_with_the_others(config: Config, tset: TemplateSet) -> None:
    others = [t for t in ALL if t is not tset]
    mine = {s for b in tset.brands for s in _brand_strings(b)}
    theirs = {s for t in others for b in t.brands for s in _brand_strings(b)}
    theirs |= {b.id for b in config.brands} | {n for b in config.brands for n in b.keywords}
    theirs |= {c.id for c in config.claims} | {c.statement for c in config.claims}
    assert not mine & theirs
    assert not _frames(tset) & {f for t in others for f in _frames(t)}
    assert tset.official_news not in {t.official_news for t in others}
    # no brand name of this set is part of another set's or the shipped config's names, or back
    my_names = {n for b in tset.brands for n in b.names}
    their_names = {n for t in others for b in t.brands for n in b.names}
    their_names |= {n for b in config.brands for n in b.keywords}
    assert not any(a in b or b in a for a in my_names for b in their_names)
    assert len({t.name for t in ALL}) == len(ALL)


@INDEPENDENT
def test_set_generates_valid_rumors_of_both_kinds(tset: TemplateSet) -> None:
    scenario = generate(tset, days=2, seed=2, background_per_day=50)
    assert {x.brand for x in scenario.posts} == {b.id for b in tset.brands}
    assert not any("{" in x.post.text or "}" in x.post.text for x in scenario.posts)
    big = [t for t in scenario.rumors if t.reached(20) is not None]
    assert big and any(t.claim_id for t in big) and any(t.claim_id is None for t in big)
    assert {t.claim_id for t in big if t.claim_id} <= {c.id for c in tset.claim_configs()}
    roles = {x.role for x in scenario.posts}
    assert {"background", "spreading", "enquiring", "correcting", "negative"} <= roles


def test_every_template_set_is_registered_under_its_own_name() -> None:
    assert [rumor_set(name) for name in RUMOR_SETS] == list(ALL)
    assert all(t.name == name for t, name in zip(ALL, RUMOR_SETS, strict=True))
    with pytest.raises(KeyError, match="fresh99"):
        rumor_set("fresh99")


def test_unannounced_event_floods_are_generated_only_for_sets_that_write_them() -> None:
    brands = tuple(replace(b, events=("アプリにログインできない障害",)) for b in FRESH5.brands)
    reacts = ("{b}の{e}、うちだけ？", "{e}やばい、{b}どうなってんの")
    tset = replace(FRESH5, brands=brands, event_react=reacts)
    scenario = generate(tset, days=1, seed=3, background_per_day=50, rumors_per_day=0, small_rumors_per_day=0)
    handles = {b.handle for b in tset.brands}
    for b in tset.brands:
        flood = [x for x in scenario.posts if x.scenario.startswith(f"negative:event:{b.id}:")]
        assert len(flood) >= 40 and all(x.role == "negative" and x.post.author not in handles for x in flood)
        texts = [x.post.text for x in flood if x.post.text]
        assert all("ログイン" in t or "障害" in t for t in texts)  # a copy may drop a character
        assert any(x.post.repost_of for x in flood)
        assert len(texts) > len(set(texts)) or any(t.startswith("【拡散】") for t in texts)  # copies
    plain = generate(FRESH5, days=1, seed=3, background_per_day=50)
    assert not any(x.scenario.startswith("negative:event:") for x in plain.posts)


@pytest.mark.parametrize("name", [n for n in RUMOR_SETS if n not in ("tune", "holdout")])
def test_eval_rumor_cli_runs_the_set(name: str) -> None:
    args = ["eval", "rumor", "--config", str(CONFIG_DIR), "--set", name, "--days", "1", "--json"]
    res = CliRunner().invoke(main, [*args, "--background", "100"])
    assert res.exit_code == 0, res.output
    first = json.loads(res.output)[0]
    assert first["set"] == name and first["rumors_reaching_20"] > 0
