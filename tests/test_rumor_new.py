"""New rumors through the real analyzer and pipeline: clustering, the score, links and expiry."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import timedelta

from monitor.alerts.blocks import render_parent, render_reply
from monitor.config import ClaimConfig, Config
from monitor.detectors.claims import ngrams, stance
from monitor.detectors.cues import find_cues, strip_cues
from monitor.detectors.normalize import normalize
from monitor.detectors.rumor_cluster import ClusterIndex
from monitor.models import EventType, Kind, Post
from monitor.pipeline import Pipeline
from tests.conftest import T0

BRAND = "hoshizora-burger"
SPREAD = [
    "ほしぞらバーガーのパティに異物が混入してたらしい。拡散希望",
    "【拡散希望】ほしぞらバーガーのパティに異物混入とのこと。周りの人にも教えてあげて",
    "知り合いの店員が言ってたけど、ほしぞらバーガーのパティに異物が混入してたって",
    "ほしぞらバーガーのパティに異物混入って聞いた。怖い",
    "保健所からの情報によるとほしぞらバーガーのパティに異物が混入してたそうです",
    "ほしバガのパティに異物混入らしい、みんな気をつけて",
]


def _post(i: int, minute: float, text: str, **kw: str) -> Post:
    return Post(
        id=f"x:{i}",
        created_at=T0 + timedelta(minutes=minute),
        text=text,
        platform="x",
        author=kw.pop("author", f"user{i}"),
        **kw,  # type: ignore[arg-type]
    )


def _opened(events: list) -> list[dict]:  # type: ignore[type-arg]
    return [e.incident for e in events if e.event is EventType.OPENED and e.incident["kind"] == "rumor"]


def _with_claim(config: Config, claim_id: str, statement: str) -> tuple[Config, ClaimConfig]:
    """The config with one more claim of BRAND, and that claim."""
    claim = ClaimConfig(id=claim_id, brand=BRAND, statement=statement, correction="事実ではありません")
    return config.model_copy(update={"claims": [*config.claims, claim]}), claim


def _matched_and_plain(config: Config, matched: str, plain: str) -> list[dict]:  # type: ignore[type-arg]
    """The rumor incidents opened by three posts the claim matcher takes, each followed by a
    post of the same claim in words it misses."""
    pipe = Pipeline(config)
    assert pipe.analyzer.analyze(_post(0, 0, matched)).claims
    assert not pipe.analyzer.analyze(_post(0, 0, plain)).claims
    events = []
    for i in range(3):
        events += pipe.process(_post(2 * i, i, matched))
        events += pipe.process(_post(2 * i + 1, i + 0.5, plain))
    return _opened(events)


def _assert_cued(cases: Iterable[tuple[str, str]]) -> None:
    """Each text carries its cue category."""
    for text, cue in cases:
        assert cue in find_cues(normalize(text)), text


def test_new_rumor_opens_with_null_claim_counts_and_holding_statement(config: Config) -> None:
    pipe = Pipeline(config)
    events = []
    for i in range(12):
        events += pipe.process(_post(i, i * 0.5, SPREAD[i % len(SPREAD)]))
    events += pipe.process(_post(100, 7, "ほしぞらバーガーのパティに異物混入って本当?ソースは?"))
    events += pipe.process(_post(101, 7.5, "それデマだよ", reply_to="x:0"))
    events += pipe.process(_post(102, 8, "", repost_of="x:1"))
    for i in range(12, 16):
        events += pipe.process(_post(i, 8 + i * 0.1, SPREAD[i % len(SPREAD)]))
    opened = _opened(events)
    assert len(opened) == 1, "one rumor, one incident"
    inc = opened[0]
    assert inc["claim_id"] is None and inc["brand"] == BRAND
    assert inc["opened_at"] < (T0 + timedelta(minutes=6)).isoformat()
    assert inc["summary"].startswith("新しいうわさ") and "「" in inc["summary"]
    assert inc["suggested_response"]["text"].find("確認中") >= 0, "holding statement for an unknown rumor"
    assert inc["suggested_response"]["reply_to"] == inc["evidence"][0]["id"]
    incident = pipe.incidents.open[(BRAND, Kind.RUMOR, pipe.incidents.find(inc["id"]).key)].incident  # type: ignore[union-attr]
    m = incident.metrics
    assert m["spreading"] == 17 and m["enquiring"] == 1 and m["correcting"] == 1
    assert m["reposts_and_quotes"] == 1 and m["distinct_authors"] == 19
    assert sum(m["spread_curve"]) == 17
    assert incident.key.startswith("new-")


def test_cluster_id_is_stable_across_replays(config: Config) -> None:
    keys = []
    for _ in range(2):
        pipe = Pipeline(config)
        events = []
        for i in range(10):
            events += pipe.process(_post(i, i * 0.5, SPREAD[i % len(SPREAD)]))
        keys.append([inc["id"] for inc in _opened(events)])
    assert keys[0] == keys[1] and keys[0]


def test_rewording_of_known_claim_is_linked_to_its_id(config: Config) -> None:
    # None of these posts matches hoshizora-closing on its own words alone.
    texts = [
        "ほしぞらバーガーが12月で全部の店を閉めるらしい。拡散希望",
        "【拡散希望】ほしぞらバーガー、12月で全部の店閉めるって。周りの人にも教えてあげて",
        "知り合いの社員から聞いたんだけど、ほしぞらバーガー12月で全部の店を閉めるみたい",
        "ほしぞらバーガー12月で全部の店閉めるって聞いた。怖い",
    ]
    pipe = Pipeline(config)
    analyses = [pipe.analyzer.analyze(_post(0, 0, t)) for t in texts]
    assert all(not a.claims for a in analyses), "the per-post matcher misses these rewordings"
    events = []
    for i in range(10):
        events += pipe.process(_post(i, i * 0.5, texts[i % len(texts)]))
    opened = _opened(events)
    assert [inc["claim_id"] for inc in opened] == ["hoshizora-closing"]
    assert "事実ではありません" in opened[0]["suggested_response"]["text"], "the claim's correction"


def test_official_denial_and_corrections_do_not_spread(config: Config) -> None:
    pipe = Pipeline(config)
    denial = (
        "ほしぞらバーガーが年内で全店閉店するという情報が出回っておりますが、そのような事実はありません。"
    )
    a = pipe.analyzer.analyze(_post(0, 0, denial, author="hoshizora_burger"))
    assert a.claims and a.claims[0].stance == "correcting"
    events = []
    for i in range(10):
        events += pipe.process(_post(i, i * 0.5, "ほしぞらバーガーが年内で全店閉店するってデマだよ"))
    assert _opened(events) == []


def test_hard_negatives_do_not_open(config: Config) -> None:
    pipe = Pipeline(config)
    events = []
    jokes = [
        "ほしぞらバーガーのポテト美味しすぎて嘘でしょ笑",
        "ほしぞらバーガーのポテト美味しすぎて嘘みたい笑",
    ]
    old = [
        "懐かしい、3年前のほしぞらバーガー全店閉店騒動",
        "ほしぞらバーガー全店閉店の話、何年前だっけ懐かしい",
    ]
    official = _post(
        500,
        30,
        "【お知らせ】ほしぞらバーガーは明日からてりやきバーガーを半額で販売します",
        author="hoshizora_burger",
    )
    for i in range(20):
        events += pipe.process(_post(i, i * 0.5, jokes[i % 2]))
        events += pipe.process(_post(100 + i, 10 + i * 0.5, old[i % 2]))
    events += pipe.process(official)
    for i in range(30):
        if i % 3 == 0:
            events += pipe.process(_post(200 + i, 31 + i * 0.3, "", repost_of=official.id))
        else:
            text = (
                "ほしぞらバーガーのてりやきバーガー半額ってマジ?最高"
                if i % 2
                else "公式が発表してた!てりやきバーガー半額らしい"
            )
            events += pipe.process(
                _post(200 + i, 31 + i * 0.3, "ほしぞらバーガー " + text, quote_of=official.id)
            )
    assert _opened(events) == []


def test_quote_without_brand_is_linked_to_the_rumor(config: Config) -> None:
    pipe = Pipeline(config)
    for i in range(3):
        pipe.process(_post(i, i * 0.5, SPREAD[i]))
    key = pipe.rumor._post_track["x:0"]
    pipe.process(_post(50, 2, "これ本当?", quote_of="x:0"))
    pipe.process(_post(51, 2.5, "拡散", quote_of="x:1"))
    track = pipe.rumor.tracks[key]
    assert track.stances["enquiring"] == 1 and track.reposts_and_quotes == 2


def test_clusters_expire_and_memory_is_released(config: Config) -> None:
    pipe = Pipeline(config)
    words = ["朝食", "駐車場", "店員", "値段", "雨宿", "行列", "新曲", "音楽", "照明", "椅子", "窓際", "旅行"]
    for i in range(40):  # unrelated everyday posts: each its own cluster
        a, b = words[i % 12], words[(i * 5 + 1) % 12]
        pipe.process(_post(i, i * 0.1, f"ほしぞらバーガー{a}{i}番{b}{i * 37}"))
    assert len(pipe.rumor.tracks) > 10 and pipe.rumor.index.postings > 0
    idle = config.settings.detectors.rumor.cluster_idle_minutes
    pipe.process(_post(999, idle + 10, "ほしぞらバーガー"))  # moves the watermark only
    assert len(pipe.rumor.tracks) == 0
    assert pipe.rumor.index.postings == 0 and pipe.rumor.linked_posts == 0 and len(pipe.rumor.index) == 0


def test_cluster_index_bounds_lookups_by_max_df() -> None:
    idx = ClusterIndex(threshold=0.5, min_shared=1, max_df=3)
    for i in range(5):
        idx.add(f"c{i}", "b", {"共通", f"固有{i}"})
    # "共通" is held by 5 > max_df clusters: it is not looked up, and weighs less.
    assert idx.weight("b", "共通") < idx.weight("b", "固有1")
    assert idx.nearest("b", {"共通"}) == (None, 0.0)
    assert idx.nearest("b", {"共通", "固有2"})[0] == "c2"
    idx.remove("c2")
    assert "c2" not in idx and idx.nearest("b", {"固有2"}) == (None, 0.0)


def test_cues_enquiry_is_not_correction_and_stances() -> None:
    assert stance(find_cues("これってデマ?")) == "enquiring"
    assert stance(find_cues("それデマだよ")) == "correcting"
    assert stance(find_cues("閉店するって本当?拡散希望")) == "spreading"
    assert stance(find_cues("3年前の閉店騒動、懐かしい")) == "other"
    assert stance(find_cues("ポテトうますぎて嘘でしょ笑")) == "other"
    assert stance(find_cues("デマなので拡散しないで")) == "correcting"
    assert "本当" not in strip_cues("閉店って本当?")


def test_second_wording_of_an_open_rumor_joins_it(config: Config) -> None:
    pipe = Pipeline(config)
    other = [
        "ほしぞらバーガーのハンバーガーのパティから異物が見つかったって。拡散希望",
        "【拡散希望】ほしぞらバーガーのハンバーガーのパティから異物が見つかったとのこと",
        "ほしぞらバーガーのハンバーガーのパティから異物が見つかったらしい。怖い",
    ]
    events = []
    for i in range(8):
        events += pipe.process(_post(i, i * 0.5, SPREAD[i % len(SPREAD)]))
    first = pipe.rumor._post_track["x:0"]
    for i in range(8):
        events += pipe.process(_post(100 + i, 5 + i * 0.5, other[i % 3]))
    assert len(_opened(events)) == 1, "one story, one incident"
    assert pipe.rumor._post_track["x:107"] == first
    assert pipe.rumor.tracks[first].stances["spreading"] == 16


def test_campaign_repeating_the_brand_announcement_does_not_open(config: Config) -> None:
    # A real campaign asks to be shared; people repeat its wording with their own 拡散希望 and
    # other words, without quoting the official post. Repeating the brand's own news is no rumor.
    pipe = Pipeline(config)
    news = "フォロー&リポストで無料券が当たるキャンペーンを実施中です"
    official = _post(
        900, 0, f"【お知らせ】ほしぞらバーガーで{news}。応募は今月末まで", author="hoshizora_burger"
    )
    events = pipe.process(official)
    tails = [
        "みんなも応募しよう!拡散希望",
        "当たったら家族で行きたい。シェアしてね",
        "拡散して一緒に当てよう",
    ]
    for i in range(24):
        text = f"ほしぞらバーガーの{news}、{tails[i % 3]}"
        events += pipe.process(_post(i, 1 + i * 0.4, text))
    assert _opened(events) == []
    # An announcement that names its campaign in 「」 announces it all the same: the quote is the
    # brand's own words, not a rumor it reports
    quoting = Pipeline(config)
    titled = f"【ほしぞらバーガー公式】「{news}」についてのお知らせです。詳しくはプロフィールのリンクから"
    events = quoting.process(_post(900, 0, titled, author="hoshizora_burger"))
    for i in range(24):
        events += quoting.process(_post(i, 1 + i * 0.4, f"ほしぞらバーガーの{news}、{tails[i % 3]}"))
    assert _opened(events) == []
    # The same spread without the announcement would open: the damping is what holds it back.
    fresh = Pipeline(config)
    events = []
    for i in range(24):
        text = f"ほしぞらバーガーの{news}、{tails[i % 3]}"
        events += fresh.process(_post(i, 1 + i * 0.4, text))
    assert len(_opened(events)) == 1


def test_words_of_one_story_weigh_fully_between_its_own_clusters() -> None:
    idx = ClusterIndex(threshold=0.5)
    for cid in ("w1", "w2", "w3"):
        idx.add(cid, "b", {"監督", "解任"})
    idx.add("bg", "b", {"監督", "試合"})
    assert idx.weight("b", "解任", besides=("w1", "w2")) > idx.weight("b", "解任")
    # a word other clusters use still weighs less than one only the compared clusters hold
    assert idx.weight("b", "監督", besides=("w1", "w2")) < idx.weight("b", "解任", besides=("w1", "w2"))


def test_same_story_in_another_frame_joins_the_spreading_cluster(config: Config) -> None:
    # The second wording's boilerplate (who told whom, please pass it on) outweighs its story words,
    # so it is no near-duplicate of the first; it shares the story, and joins the spreading one.
    frame = (
        "いとこの旦那が本社勤めで聞いた話なんだけど、ほしぞらバーガーの{}。"
        "まだ新聞もテレビも報道してないけど家族や親戚にも教えました。一人でも多くの人に届いてほしい"
    )
    stories = (("パティに異物が混入してた", True), ("ポテトの油が使い回しで体調を崩す人が続出", False))
    for story, joins in stories:
        pipe = Pipeline(config)
        for i in range(6):
            pipe.process(_post(i, i * 0.5, SPREAD[i % len(SPREAD)]))
        first = pipe.rumor._post_track["x:0"]
        pipe.process(_post(50, 3.5, frame.format(story)))
        assert (pipe.rumor._post_track["x:50"] == first) is joins, story


def test_quote_adding_no_cue_passes_the_original_on(config: Config) -> None:
    pipe = Pipeline(config)
    for i in range(4):
        pipe.process(_post(i, i * 0.5, SPREAD[i]))
    track = pipe.rumor.tracks[pipe.rumor._post_track["x:0"]]
    share = track.w_cued / len(track.window)
    pipe.process(_post(50, 2.2, "ひえっ", quote_of="x:0"))  # alarm, no cue: it spreads the rumor
    assert track.w_cued / len(track.window) >= share * 0.99
    pipe.process(_post(51, 2.4, "これ本当?", quote_of="x:1"))  # a question weighs as a question
    assert track.w_cued / len(track.window) < share


def test_story_join_takes_young_rumor_clusters_not_everyday_ones(config: Config) -> None:
    # Three cued posts in a minute and a half are a story starting; the same three over 45 minutes
    # are everyday talk (older than the score window), which a rumor must not join: it would stay
    # open as long as that talk goes on.
    frame = (
        "いとこの旦那が本社勤めで聞いた話なんだけど、ほしぞらバーガーの{}。"
        "まだ新聞もテレビも報道してないけど家族や親戚にも教えました。一人でも多くの人に届いてほしい"
    )
    texts = [
        "ほしぞらバーガーのパティに異物が混入してたらしい",
        "ほしぞらバーガーのパティに異物混入って聞いた",
    ]
    for minutes, joins in (((0, 0.5, 1), True), ((0, 30, 45), False)):
        pipe = Pipeline(config)
        for i, minute in enumerate(minutes):
            pipe.process(_post(i, minute, texts[i % 2]))
        pipe.process(_post(50, minutes[-1] + 0.5, frame.format("パティに異物が混入してた")))
        assert (pipe.rumor._post_track["x:50"] == pipe.rumor._post_track["x:0"]) is joins, minutes


def test_posts_split_off_a_claim_cluster_cluster_with_each_other(config: Config) -> None:
    # Close to the claim's posts (they share ポテト, 値上げ, 全店) but not saying the claim: such
    # posts leave the claim's track, and the second one joins the first instead of starting
    # a cluster of its own each time (a story split off a claim could never grow).
    pipe = Pipeline(config)
    for i in range(5):
        pipe.process(_post(i, i * 0.5, "ほしぞらバーガーが年内で全店閉店するらしい。ポテトも値上げ"))
    claim_key = pipe.rumor._post_track["x:0"]
    assert claim_key[1] == "hoshizora-closing"
    for i in (10, 11, 12):
        pipe.process(_post(i, 3 + i * 0.1, "ほしぞらバーガーのポテトも値上げするらしい、全店で"))
    keys = {pipe.rumor._post_track[f"x:{i}"] for i in (10, 11, 12)}
    assert claim_key not in keys
    assert len(keys) == 1


def test_time_words_of_a_claim_do_not_link_a_cluster_to_it(config: Config) -> None:
    from monitor.detectors.rumor import RumorTracker

    _, claim = _with_claim(config, "price", "ほしぞらバーガーの料金が来月から3倍になる")
    tracker = RumorTracker(config.settings.detectors.rumor, brands=config.brands, claims=[claim])
    grams = tracker._grams_of_claim["price"]
    assert "料金" in grams and "3倍" in grams
    assert "来月" not in grams, "来月 says when, not what the claim is"


def test_corporate_denial_phrasing_is_an_official_denial() -> None:
    text = "一部SNSで「ほしぞらバーガーが年内で全店閉店する」との情報が出回っておりますが、誤りです。"
    cues = find_cues(text)
    assert "official_denial" in cues
    assert stance(cues) == "correcting"


def test_a_post_marked_as_untrue_is_a_joke() -> None:
    for text in (
        "速報:ほしぞらバーガーのポテト、良すぎて国宝に指定(嘘)",
        "ほしぞらバーガーのポテトが月まで届くらしい。もちろん嘘だけど",
    ):
        assert "joke" in find_cues(text), text
        assert stance(find_cues(text)) == "other"


def test_a_wide_spread_opens_with_weaker_cues(config: Config) -> None:
    # A quarter of the cue weight (half the posts say らしい) is not enough from six authors, and
    # is from twelve within the score window: wide spread needs weaker cues (new_max_breadth).
    texts = (
        "ほしぞらバーガー渋谷店の客が食中毒で運ばれた",
        "ほしぞらバーガー渋谷店の客が食中毒で運ばれたらしい",
    )
    for authors, opens in ((6, False), (12, True)):
        pipe = Pipeline(config)
        events = []
        for i in range(authors):
            events += pipe.process(_post(i, i * 0.8, texts[i % 2]))
        assert bool(_opened(events)) is opens, authors


def test_an_open_rumor_resolves_when_its_cluster_goes_calm_though_posts_go_on(config: Config) -> None:
    # After the burst, the cluster keeps taking a steady trickle of posts. Plain talk (no cue,
    # no rise over the cluster's own rate) lets the incident resolve: before, any post kept it
    # open for days. A trickle that still reads as a rumor (らしい, 拡散希望) keeps it open.
    burst = "ほしぞらバーガーのパティに異物が混入してたらしい。拡散希望"
    for trickle, resolves in (("ほしぞらバーガーのパティに異物が混入してた", True), (burst, False)):
        pipe = Pipeline(config)
        events = []
        for i in range(12):
            events += pipe.process(_post(i, i * 0.5, burst))
        assert len(_opened(events)) == 1
        for i in range(12, 12 + 120):
            events += pipe.process(_post(i, 6 + (i - 12) * 2.0, trickle))
        done = [e for e in events if e.event is EventType.RESOLVED and e.incident["kind"] == "rumor"]
        assert bool(done) is resolves, trickle


def test_more_general_rumor_phrasing_is_cued() -> None:
    cases = {
        "ほしぞらバーガーが撤退するってよ": "hearsay",
        "ほしぞらバーガーの店長が辞めたんやって": "hearsay",
        "ほしぞらバーガーのポテトが危ないという情報を見かけました": "hearsay",
        "ほしぞらバーガーのポテトは揚げ油が使い回しって知ってた?": "hearsay",
        "しばらくほしぞらバーガーは避けたほうがいい": "fear",
        "ほしぞらバーガーはまだ何も発表してない": "urgent",
    }
    for text, cue in cases.items():
        assert cue in find_cues(text), text


def test_unnamed_sources_dialect_hearsay_and_insisting_are_cued() -> None:
    cases = {
        "例の掲示板のスレで見た。ほしぞらバーガー閉店": "hearsay",
        "ほしぞらバーガー閉店ってネットで見た": "hearsay",
        "ほしぞらバーガー閉店するて、ご近所さんが言うてはった": "hearsay",
        "ほしぞらバーガー閉店するって兄貴が言うとった": "hearsay",
        "ほしぞらバーガーは年内で閉店。これ事実です": "urgent",
        "本当の話です。ほしぞらバーガーは年内で閉店する": "urgent",
    }
    _assert_cued(cases.items())
    # seen on TV is an event people saw, not hearsay; asking whether it is true is an enquiry
    assert not find_cues(normalize("ほしぞらバーガーのCMテレビで見た!"))
    assert not find_cues(normalize("マジな話、ほしぞらバーガーのポテト最高"))  # emphasis, not insisting
    assert find_cues(normalize("ほしぞらバーガー閉店って事実ですか?")) == {"enquiry"}


def test_a_cluster_learns_its_words_from_its_first_posts_only(config: Config) -> None:
    # A cluster that added every member's words became a catch-all of a brand's everyday talk
    # (thousands of posts), and a rumor about any product landed in it and drowned in its rate.
    from monitor.detectors.rumor import GROW_POSTS, _join

    pipe = Pipeline(config)
    base = "ほしぞらバーガーの新作バーガー、ソースが濃厚でおいしい"
    for i in range(GROW_POSTS + 5):
        pipe.process(_post(i, i * 0.5, base))
    key = pipe.rumor._post_track["x:0"]
    pipe.process(_post(999, 60, base + "。店員さんも親切"))
    assert pipe.rumor._post_track["x:999"] == key, "still joins the cluster it is close to"
    assert "親切" not in pipe.rumor.index.features(_join(key)), "but adds no new words to it"


def test_a_relative_in_everyday_talk_is_weak_hearsay_not_an_insider() -> None:
    assert find_cues("姉がおすすめしてたので試してみる予定") == frozenset({"hearsay"})
    assert "insider" in find_cues("うちの義弟がほしぞらバーガー勤務なんだけど")


def test_an_open_new_rumor_becomes_the_known_claim_it_turns_out_to_word(config: Config) -> None:
    # It opens as a new rumor (nothing in its first posts names the claim); quotes then spell
    # the claim out. The new-rumor incident resolves and the claim's incident, with the claim's
    # correction, takes its posts: the manager gets the published correction, not a holding line.
    pipe = Pipeline(config)
    events = []
    for i in range(8):
        events += pipe.process(_post(i, i * 0.5, "ほしぞらバーガーの店が全部なくなるらしい。拡散希望"))
    first = _opened(events)
    assert [inc["claim_id"] for inc in first] == [None]
    for i in range(8, 12):
        events += pipe.process(
            _post(i, 5 + i * 0.2, "ほしぞらバーガー全店って年内？周りにも教えて", quote_of="x:0")
        )
    opened = _opened(events)
    assert [inc["claim_id"] for inc in opened] == [None, "hoshizora-closing"]
    resolved = {e.incident["id"]: e.incident for e in events if e.event is EventType.RESOLVED}
    assert first[0]["id"] in resolved
    assert opened[1]["metrics"]["spreading"] >= 8, "the claim's incident takes the rumor's posts"
    # the new rumor's incident ends saying where it goes on, not as if it were over
    handed = resolved[first[0]["id"]]
    assert handed["metrics"]["merged_into"] == "hoshizora-closing"
    assert handed["summary"].startswith("否定済みの主張 hoshizora-closing と判明")
    reply = render_reply("resolved", handed, brand_name="ほしぞらバーガー").text
    assert reply.startswith("➡️ 引き継ぎ") and "解決" not in reply
    card = json.dumps(render_parent(handed, brand_name="b", route=None).to_dict(), ensure_ascii=False)
    assert "引き継ぎ" in card and "解決" not in card
    # an incident that ends on its own is still 解決
    assert render_reply("resolved", {**handed, "metrics": {}}, brand_name="b").text.startswith("✅ 解決")


def test_laughter_is_a_mood_not_a_joke_about_the_claim() -> None:
    # 笑, w and 草 end serious posts as often as funny ones: a rumor passed on with "www" still
    # spreads. A post that says it is a joke (ネタ, 冗談, 嘘でしょ) is one.
    assert "joke" not in find_cues("ほしぞらバーガーの工場、衛生検査ごまかしてるって市役所の人も認めてるwww")
    assert "joke" not in find_cues("ほしぞらバーガーもう終わりで草")
    assert "joke" in find_cues("ほしぞらバーガーが月に出店するってネタ")


def test_fragments_of_one_story_open_together(config: Config) -> None:
    # One story in two frames that cluster apart (a short Japanese post, a long English one):
    # neither cluster's cues open it alone, the two together do, as one incident.
    short = "ほしぞらバーガーはフライヤーの油を三ヶ月も交換してないらしい"
    english = (
        "A note for everyone in town: ほしぞらバーガー hasn't changed "
        "フライヤーの油 in 三ヶ月{}. Please stay safe"
    )
    pipe = Pipeline(config)
    events = []
    for k in range(4):
        events += pipe.process(_post(2 * k, 0.8 * k, short))
        events += pipe.process(_post(2 * k + 1, 0.8 * k + 0.4, english.format("" if k == 0 else "らしい")))
    opened = _opened(events)
    assert len(opened) == 1 and opened[0]["claim_id"] is None
    tracks = {pipe.rumor._post_track[f"x:{i}"] for i in range(8)}
    assert len(tracks) == 1, "the story's clusters are folded into one"
    # the same frames of two unrelated stories stay apart and do not open
    pipe = Pipeline(config)
    events = []
    for k in range(4):
        events += pipe.process(_post(2 * k, 0.8 * k, short))
        other = english.replace("フライヤーの油", "レジの釣り銭").replace("三ヶ月", "先週から")
        events += pipe.process(_post(2 * k + 1, 0.8 * k + 0.4, other.format("" if k == 0 else "らしい")))
    assert not _opened(events)
    # the short frame told an hour earlier, then quiet: no fragment of the story told now, though
    # its last window, not looked at since, still holds all its posts
    pipe = Pipeline(config)
    events = []
    for k in range(4):
        events += pipe.process(_post(2 * k, 0.8 * k, short))
        events += pipe.process(_post(2 * k + 1, 60 + 0.8 * k, english.format("" if k == 0 else "らしい")))
    assert pipe.rumor._post_track["x:0"] != pipe.rumor._post_track["x:1"]
    assert not _opened(events)


def test_a_young_cluster_rewording_a_spreading_claim_grows_the_claim(config: Config) -> None:
    # Three posts match hoshizora-closing, too few to open it; three more word it their own way,
    # plainly, and cluster apart. Together they are the claim spreading: it opens with its id.
    matched = "ほしぞらバーガー年内に全店閉店するって聞いた"
    plain = "ほしぞらバーガー、12月で全部の店を閉める"
    opened = _matched_and_plain(config, matched, plain)
    assert [inc["claim_id"] for inc in opened] == ["hoshizora-closing"]
    assert opened[0]["metrics"]["spreading"] == 5, "opens at min_posts, two of them plain"


def test_a_poster_informing_followers_is_not_citing_an_announcement() -> None:
    # お知らせ the noun is an announcement someone cites; お知らせいたします the verb is the poster
    # passing the claim on to their followers, which must not damp it as a cited source.
    assert "sourced" not in find_cues(
        normalize("フォロワーの皆さま、念のためお知らせいたします。店が閉まるとのことです")
    )
    assert "sourced" not in find_cues(normalize("【注意喚起】もうすぐ閉店。周りの方にもお知らせを"))
    for cited in (
        "公式のお知らせ見たら本当だった",
        "お知らせが出てる",
        "【お知らせ】新メニュー",
        "お知らせを読みました",
    ):
        assert "sourced" in find_cues(normalize(cited)), cited


def test_a_formal_denial_in_the_brand_own_words_is_an_official_denial() -> None:
    text = "「ほしぞらバーガーが夜逃げした」との投稿につきまして、当社として正式に否定いたします。"
    assert stance(find_cues(normalize(text))) == "correcting"


def test_posts_repeating_a_rumor_the_brand_quoted_do_not_echo_the_brand(config: Config) -> None:
    # The brand's holding post quotes the rumor in 「」 (no denial yet): what it announces is its
    # own words, so a later wave of the quoted rumor is not "the brand's news passed on".
    claim = "ほしぞらバーガーの社長が夜逃げして、前払いの予約金が戻らない人が続出してる"
    holding = f"「{claim}」という投稿について、ただいま事実関係を確認しております。"
    tails = ["拡散希望", "知り合いから聞いた。みんな気をつけて", "らしいよ、周りにも教えてあげて"]
    events = []
    pipe = Pipeline(config)
    events += pipe.process(_post(900, 0, holding, author="hoshizora_burger"))
    for i in range(15):
        events += pipe.process(_post(i, 60 + i * 0.5, f"{claim}。{tails[i % 3]}"))
    assert len(_opened(events)) == 1


def test_someone_named_saying_so_is_hearsay_and_no_joke_is_no_joke() -> None:
    assert "hearsay" in find_cues(normalize("美容院で担当さんが話してた。あの店もう潰れる"))
    assert "hearsay" in find_cues(normalize("娘の塾の先生が授業の合間に話してたって"))
    assert "hearsay" not in find_cues(normalize("友達と話してた"))
    insisting = find_cues(normalize("重要:これは冗談ではありません。あの店は倒産寸前"))
    assert "joke" not in insisting and "urgent" in insisting
    assert "joke" in find_cues(normalize("家賃払うから住ませて(冗談)"))
    assert "joke" in find_cues(normalize("改名しようか迷ってる。冗談です"))
    # according to someone, someone saw it, you should know (colloquial)
    assert "hearsay" in find_cues(normalize("弁護士やってる同級生いわく、あそこの雪は毒"))
    assert "hearsay" in find_cues(normalize("店長曰く来月で閉店"))
    assert "hearsay" in find_cues(normalize("パートに入ってる母が見たって。"))
    assert "hearsay" not in find_cues(normalize("昨日の花火、母と見た"))
    assert "fear" in find_cues(normalize("こなゆき高原の件、これは知っとくべき"))
    # told by someone, read somewhere, a quote closing the sentence; passing it on as one does it
    for told in (
        "うちに来る郵便屋さんが教えてくれた。あそこの花火は海を汚してる",
        "タクシーの運ちゃんが言うには、成分表はよその温泉のコピー",
        "元記者って人のブログに書いてあった。洗ってない説",
        "働いてた人が、毎朝白い粉をお湯に溶かしてたって。",
    ):
        assert "hearsay" in find_cues(normalize(told)), told
    for passing in ("でらやばいがや、回しとくわ", "オープンチャットのやつ貼っとく", "PSA、みんなこれ読んで"):
        assert "spread_request" in find_cues(normalize(passing)), passing
    assert "urgent" in find_cues(normalize("FYI 🚨🚨"))
    assert "joke" in find_cues(normalize("ここの露天風呂、良すぎて国が買い取るらしい。知らんけど"))
    assert not find_cues(normalize("今日のお昼はほしぞらバーガー、おいしかった"))


def test_a_reply_that_only_asks_is_an_enquiry_in_any_dialect(config: Config) -> None:
    pipe = Pipeline(config)
    pipe.process(_post(0, 0, SPREAD[0]))
    for i, ask in enumerate(["ほんなこつ？", "まっことかえ？", "え、ガチ？😳"], start=1):
        pipe.process(_post(i, i, ask, reply_to="x:0"))
    track = pipe.rumor.tracks[pipe.rumor._post_track["x:0"]]
    assert track.stances["enquiring"] == 3
    # a longer question, or a reply that asks nothing, is talk, not an enquiry
    pipe.process(_post(10, 5, "明日のライブって何時からだっけ？", reply_to="x:0"))
    pipe.process(_post(11, 6, "おっかねぇなや", reply_to="x:0"))
    assert track.stances["enquiring"] == 3 and track.stances["other"] == 2


def test_posts_sharing_only_a_face_share_no_words() -> None:
    # kaomoji, emoji and box drawing are decoration: two stories told with the same face are not
    # one cluster (an event flood once took in a rumor through (；´Д｀) alone)
    whale = ngrams(normalize("(；´Д｀) デッキから見えたクジラの群れｷﾀ━━(ﾟ∀ﾟ)━━!! ⚠"), 2)
    rumor = ngrams(normalize("(；´Д｀) 整備士がまとめて辞めたｷﾀ━━(ﾟ∀ﾟ)━━!! ⚠"), 2)
    assert whale & rumor == {"キタ"}
    assert {"クジ", "ジラ", "群れ"} <= whale and {"整備", "備士"} <= rumor


def test_an_allegation_pasted_on_by_many_opens_though_no_one_says_it_is_a_rumor(config: Config) -> None:
    # コピペ of a bare-fact claim of misconduct: no らしい, no 拡散希望, just the same words from
    # one person after another
    claim = "ほしぞらバーガーのパティは賞味期限切れの肉を使い回して、ラベルを貼り替えて偽装してる"
    pipe = Pipeline(config)
    events = []
    for i in range(14):
        events += pipe.process(_post(i, i * 0.6, claim + ("。" if i % 2 else "")))
    assert len(_opened(events)) == 1
    # the same copies without an allegation (a celebration, everyone pasting the same cheer)
    cheer = "ほしぞらバーガーの新作バーガーが発売されたよ、期間限定のてりやきチーズ"
    pipe = Pipeline(config)
    events = []
    for i in range(14):
        events += pipe.process(_post(i, i * 0.6, cheer + ("。" if i % 2 else "")))
    assert _opened(events) == []
    # and one person pasting the allegation over and over is not a chain
    pipe = Pipeline(config)
    events = []
    for i in range(14):
        events += pipe.process(_post(i, i * 0.6, claim + ("。" if i % 2 else ""), author="same"))
    assert _opened(events) == []


# One story told by eight people, each in words of their own: no two posts share a story word.
WAVE = [
    "ほしぞらバーガーのパティ、実は大豆でかさ増ししてるらしい",
    "知り合いが言ってたけど、ほしぞらバーガーのお肉は半分以上つなぎなんだって",
    "ほしぞらバーガーのハンバーグ、牛はほとんど入ってないって聞いた",
    "ほしぞらバーガーって植物性の代用品を混ぜてるとの噂",
    "友達の話だとほしぞらバーガーの牛100%は表示だけらしい",
    "ほしぞらバーガーのビーフ、輸入の安いくず肉を固めたものだそうです",
    "ほしぞらバーガー、原材料をごまかしてるって話",
    "ほしぞらバーガーの挽肉は水増し品という噂を聞きました",
]
EVERYDAY = [
    "ほしぞらバーガーのポテトおいしい",
    "今日のお昼はほしぞらバーガー",
    "ほしぞらバーガーの新作気になる",
]


def _everyday_hours(pipe: Pipeline, hours: float) -> list:  # type: ignore[type-arg]
    events = []
    for k in range(int(hours * 12)):
        events += pipe.process(_post(1000 + k, 5 * k, EVERYDAY[k % 3] + "!" * (k % 4)))
    return events


def test_a_story_told_by_many_in_their_own_words_opens_as_one_wave(config: Config) -> None:
    pipe = Pipeline(config)
    texts = [pipe.analyzer.analyze(_post(i, 0, t)) for i, t in enumerate(WAVE)]
    assert all(a.cues for a in texts), "every telling reads like a rumor"
    events = _everyday_hours(pipe, 7)
    for i, text in enumerate(WAVE):
        events += pipe.process(_post(i, 7 * 60 + i, text))
    opened = _opened(events)
    assert len(opened) == 1 and opened[0]["claim_id"] is None
    assert opened[0]["opened_at"] <= (T0 + timedelta(minutes=7 * 60 + 7)).isoformat()
    (key,) = {pipe.rumor._post_track[f"x:{i}"] for i in range(8)}
    assert pipe.rumor.tracks[key].active and len(pipe.rumor.tracks[key].authors) == 8, "all tellings"
    # the same tellings over three hours are no wave, nor is a burst before the brand's usual
    # rate of rumor-like posts is known
    for start, gap in ((7 * 60, 25), (0, 1)):
        pipe = Pipeline(config)
        events = _everyday_hours(pipe, 7) if start else []
        for i, text in enumerate(WAVE):
            events += pipe.process(_post(i, start + gap * i, text))
        assert _opened(events) == [], (start, gap)


def test_waves_can_be_turned_off(config: Config) -> None:
    det = config.settings.detectors
    rumor = det.rumor.model_copy(update={"waves": False})
    settings = config.settings.model_copy(update={"detectors": det.model_copy(update={"rumor": rumor})})
    pipe = Pipeline(config.model_copy(update={"settings": settings}))
    events = _everyday_hours(pipe, 7)
    for i, text in enumerate(WAVE):
        events += pipe.process(_post(i, 7 * 60 + i, text))
    assert _opened(events) == [], "each telling is a cluster of its own, none opens"


def test_waves_with_no_warm_up_wait_for_any_rate_at_all(config: Config) -> None:
    # wave_warmup_hours = 0 is a valid setting: the brand's first rumor-like post, seen at the
    # instant the brand was, has no usual rate yet (it divided by zero hours)
    det = config.settings.detectors
    rumor = det.rumor.model_copy(update={"wave_warmup_hours": 0.0})
    settings = config.settings.model_copy(update={"detectors": det.model_copy(update={"rumor": rumor})})
    cfg = config.model_copy(update={"settings": settings})
    pipe = Pipeline(cfg)
    for i, text in enumerate(WAVE):
        pipe.process(_post(i, i, text))
    pipe = Pipeline(cfg)
    events = _everyday_hours(pipe, 1)
    for i, text in enumerate(WAVE):
        events += pipe.process(_post(i, 60 + i, text))
    assert len(_opened(events)) == 1, "after an hour the brand's rate is known: the wave opens"


def test_a_wave_must_stand_out_from_the_brands_usual_rumor_talk(config: Config) -> None:
    # A brand whose people pass on hearsay all day (about menus and opening hours, a couple of
    # rumor-like posts every ten minutes) has a usual rate: eight tellings in eight minutes are
    # within it.
    items = ["ポテト", "シェイク", "店舗の営業時間", "アプリ", "クーポン", "駐車場"]
    pipe = Pipeline(config)
    events = []
    for k in range(7 * 6 * 2):
        text = f"ほしぞらバーガーの{items[k % 6]}、{'来月' if k % 12 < 6 else '年明け'}から変わるらしい"
        events += pipe.process(_post(2000 + k, 5 * k, text))
    assert _opened(events) == []
    for i, text in enumerate(WAVE):
        events += pipe.process(_post(i, 7 * 60 + i, text))
    assert _opened(events) == []


def test_witnesses_of_an_event_happening_now_are_no_rumor(config: Config) -> None:
    # An outage nobody announced: people on the spot post what they see, some with 【拡散】.
    event = "ほしぞらバーガー天神店の停電で店内が真っ暗"
    live = ["いま現場にいる", "なう。びっくり", "今まさに遭遇中", "目の前で起きてる"]
    assert all("witness" in find_cues(normalize(f"{event}、{w}")) for w in live)
    assert "witness" not in find_cues(normalize("実況スレで見たけど閉店するらしい"))

    def flood(tails: list[str]) -> list[dict]:  # type: ignore[type-arg]
        pipe = Pipeline(config)
        events = []
        for i in range(16):
            tail = tails[i % len(tails)]
            text = f"【拡散】{event}、{tail}" if i % 2 else f"{event}、{tail}"
            events += pipe.process(_post(i, i * 0.4, text))
        return _opened(events)

    assert flood(live) == []
    # the same flood told as something heard, not seen, reads as a rumor
    assert len(flood(["って聞いた", "らしい", "だそうです", "って噂"])) == 1
    # hit by it along with everyone else, as it happens (an outage, a jammed phone line)
    along = [
        "自分だけかと思ってたら全員だった",
        "いま自分もそれ",
        "家族LINEで実況してる",
        "right now lol",
        "初めて遭遇した",
    ]
    assert all("witness" in find_cues(normalize(f"{event}、{w}")) for w in along)
    assert flood(along) == []


def test_alarms_secrets_and_telling_everyone_are_rumor_cues_a_recommendation_is_not() -> None:
    _assert_cued(
        (
            ("🚨ほしぞらバーガーの工場で食中毒が出たのを会社ぐるみで隠した🚨", "urgent"),
            ("ほしぞらバーガー使ってる人、悪いこと言わないからやめときな", "urgent"),
            ("⚠️ほしぞらバーガー⚠️ 👉みんなに周知👈", "spread_request"),
            ("おっかない、みんなに教えとく", "spread_request"),
            ("バイト仲間にも回す", "spread_request"),
            ("もう隠せないから書く。ほしぞらバーガーは年内で撤退", "insider"),
            ("ほしぞらバーガーの閉店、社員にはもう伝えられてる", "insider"),
            ("友達のお母さんが言ってた", "insider"),
            ("取扱注意のハンコが押された紙の写真、内容は「来月で閉店」", "insider"),
            ("テレビは報じないからこっちで広めるしかない", "urgent"),
            ("ほしぞらバーガーは来月で撤退ち聞いたけん", "hearsay"),
            ("えらいこっちゃ、広めとくばい", "spread_request"),
        )
    )
    # a friend's recommendation is no insider; asking whether the brand said anything cites nothing
    assert not find_cues(normalize("ほしぞらバーガーの深夜割、友達のおすすめで"))
    asking = find_cues(normalize("パティが偽装だって、ほしぞらバーガーからなにか発表あった？"))
    assert "sourced" not in asking and "enquiry" in asking
    assert "sourced" in find_cues(normalize("ほしぞらバーガーから発表あったよ、来月から値下げ"))
    # a boast taken back in the same breath, only dreamt or made up, is a joke
    for joke in (
        "ほしぞらバーガーのアンバサダーに就任（してない）",
        "ほしぞらバーガーのポテトがうますぎて表彰されました（されてない）",
        "ほしぞらバーガーの店長は元宇宙飛行士らしい。ソースは私の妄想",
        "ポテト無料になった。という夢を見た",
    ):
        assert "joke" in find_cues(normalize(joke)), joke


def test_a_rumor_raised_in_emoji_alarms_and_passed_on_opens(config: Config) -> None:
    # no らしい and no 拡散希望: sirens, 周知, passing it on in a word of dialect
    claim = "ほしぞらバーガーの店で客が倒れて意識不明になったのを、店ぐるみで隠した"
    texts = [
        f"🚨🚨🚨{claim}🚨🚨🚨",
        f"⚠️ほしぞらバーガー⚠️\n{claim}😨😨\n👉みんなに周知👈",
        f"ほしぞらバーガー使ってる人、悪いこと言わないからやめときな。{claim}",
        f"🚨🚨🚨{claim}🚨🚨🚨…。",
    ]
    pipe = Pipeline(config)
    events = []
    for i in range(12):
        events += pipe.process(_post(i, i * 0.5, texts[i % len(texts)]))
    assert len(_opened(events)) == 1


def test_an_open_rumor_gone_quiet_is_not_taken_up_by_another_story_in_its_frame(config: Config) -> None:
    # Two stories told in one chain frame (ばあちゃんから電話 … 老人会で持ちきりらしい), an hour
    # apart: the first incident, open but quiet, must not swallow the second story.
    frame = "ばあちゃんから電話。ほしぞらバーガーは{}って老人会で持ちきりらしい。拡散希望"
    pipe = Pipeline(config)
    events = []
    for i in range(10):
        events += pipe.process(_post(i, i * 0.5, frame.format("パティに異物混入")))
    first = _opened(events)
    assert len(first) == 1
    later = []
    for i in range(10, 20):
        later += pipe.process(_post(i, 70 + (i - 10) * 0.5, frame.format("社長が夜逃げ")))
    opened = _opened(later)
    assert len(opened) == 1 and opened[0]["id"] != first[0]["id"], "the second story opens its own incident"
    assert opened[0]["opened_at"] < (T0 + timedelta(minutes=76)).isoformat()
    # a copy of the first story's posts, quiet as it is, still joins the first incident
    assert not _opened(pipe.process(_post(30, 80, frame.format("パティに異物混入"))))
    assert pipe.rumor._post_track["x:30"] == pipe.rumor._post_track["x:0"]
    assert pipe.rumor._post_track["x:10"] != pipe.rumor._post_track["x:0"]


def test_is_it_true_in_any_dialect_asks_and_a_shouted_banner_cites_nothing() -> None:
    for text in ("全員合格って、本当ずら?", "ほんまじゃろか?", "それほんとだべか？", "値上げ、ホント?"):
        assert "enquiry" in find_cues(normalize(text)), text
    for text in ("ほんとにやるの?", "この味、本当だよね?", "障害まじで勘弁して!?"):
        assert "enquiry" not in find_cues(normalize(text)), text
    banner = normalize("＿人人人＿\n＞　ほしぞらバーガー終了のお知らせ　＜\n￣Y^Y^Y￣\n社長が逃げたらしい")
    assert find_cues(banner) == {"hearsay"}
    assert "sourced" in find_cues(normalize("ほしぞらバーガー公式の営業終了のお知らせ見た"))


def test_watching_an_event_live_is_a_witness_and_a_tale_in_ones_own_mind_a_joke() -> None:
    for text in ("ＴＬがこれ一色", "うちだけかと思ったら近所みんなだった", "実況します", "現地です"):
        assert "witness" in find_cues(normalize(text)), text
    assert "joke" in find_cues(normalize("新作、ノーベル賞取るらしいよ。私の中で"))
    expected = {
        "ＲＴ推奨": "spread_request",
        "つれもて広めよら": "spread_request",
        "誰情報？": "enquiry",
        "これ本物？": "enquiry",
        "悪いことは言わないからやめとき": "urgent",
        "【ＷＡＲＮＩＮＧ】": "urgent",
        "クマを見たって人が何人もいる": "hearsay",
    }
    _assert_cued(expected.items())


def test_people_caught_up_in_an_event_are_witnesses_and_passed_on_text_is_hearsay() -> None:
    _assert_cued(
        [
            ("ストーリーが全部これ", "witness"),
            ("朝からこの話しかない", "witness"),
            ("一部始終を動画に撮った", "witness"),
            ("友達と巻き込まれてる", "witness"),
            ("【悲報ではない】新作が良すぎて予定が全部消える", "joke"),
            ("この動画の固定コメントに「マイクを使い回してる」って書いてあった", "hearsay"),
            ("雑談チャンネルから転載", "hearsay"),
            ("(画像の文字起こし) 年内で全店閉店", "hearsay"),
            ("ワンチャン本当なやつ。閉店セールは夜逃げ前の在庫処分", "hearsay"),
            ("ガチならｵﾜﾀ", "hearsay"),
            ("#random に共有しといた", "spread_request"),
            ("誰も言わないから言う。柵が外れる事故が何件もある", "insider"),
        ]
    )
    # a mock bad-news header is a joke, not a warning: its copies pass nothing on
    assert stance(find_cues(normalize("【悲報ではない】新作が良すぎて予定が全部消える"))) == "other"


def test_a_word_in_kanji_links_a_cluster_to_its_claim_however_spelled(config: Config) -> None:
    # Each claim has a word in kanji its rewordings spell in kana: 熊 (くま), which between
    # particles makes no bigram of content at all, and 無垢 (むく), whose bigram the kana spelling
    # lacks. Besides it the posts share one word with the claim (店舗, 椅子), too little to link.
    # UniDic's lemma (熊 for くま, 無垢 for むく) links them; the same posts about a raccoon dog
    # (たぬき) or cypress (ひのき) open as a new rumor.

    cases = [
        (
            "ほしぞらバーガーの山の上の店舗に熊が出るのを会社が隠している",
            "ほしぞらバーガーの峠の店舗で{}を見た人がいるらしい",
            ("くま", "たぬき"),
        ),
        (
            "ほしぞらバーガーの店の椅子は無垢材ではなく合板だ",
            "ほしぞらバーガーの新しい椅子、{}の木じゃなくてベニヤらしい",
            ("むく", "ひのき"),
        ),
    ]
    tails = ["拡散希望", "知り合いから聞いた。みんな気をつけて", "らしいよ、周りにも教えてあげて"]
    for statement, frame, (word, other) in cases:
        cfg, _ = _with_claim(config, "c", statement)
        for said, linked in ((word, "c"), (other, None)):
            text = frame.format(said)
            pipe = Pipeline(cfg)
            assert not pipe.analyzer.analyze(_post(0, 0, text)).claims, "the per-post matcher misses it"
            events = []
            for i in range(12):
                events += pipe.process(_post(i, i * 0.5, f"{text}。{tails[i % 3]}"))
            assert [inc["claim_id"] for inc in _opened(events)] == [linked], said


def test_a_wave_that_turned_out_to_be_a_known_claim_takes_in_no_other_story(config: Config) -> None:
    # The brand's wave opened as the closing claim (its tellings reworded it). Minutes later
    # another story is told by many in their own words: it is no part of the claim's incident.
    claim = (BRAND, "hoshizora-closing")
    pipe = Pipeline(config)
    _everyday_hours(pipe, 7)
    for i in range(6):
        pipe.process(_post(900 + i, 7 * 60 + i * 0.5, "ほしぞらバーガーが年内で全店閉店するらしい"))
    assert pipe.rumor.tracks[claim].active
    pipe.rumor._open_waves[BRAND] = claim
    events = []
    for i, text in enumerate(WAVE):
        events += pipe.process(_post(i, 7 * 60 + 4 + i, text))
    assert all(pipe.rumor._post_track[f"x:{i}"] != claim for i in range(len(WAVE)))
    assert [inc["claim_id"] for inc in _opened(events)] == [None], "the other story opens on its own"


def test_posts_sharing_only_a_word_in_kanji_grow_the_spreading_claim(config: Config) -> None:
    # Three posts match the claim, too few to open it; three more say くま and share no n-gram
    # with it. While the claim spreads, its word in kanji is enough to fold them in: it opens with
    # its id, on the posts of both wordings.
    cfg, _ = _with_claim(config, "bear", "ほしぞらバーガーの山の上の店舗に熊が出るのを会社が隠している")
    matched = "ほしぞらバーガーの山の上の店舗に熊が出るのを会社が隠しているらしい"
    plain = "ほしぞらバーガー、峠の近くでくまを見た人が何人もいるって"
    assert [inc["claim_id"] for inc in _matched_and_plain(cfg, matched, plain)] == ["bear"]


def test_a_fragment_wording_the_open_claim_is_no_part_of_another_story(config: Config) -> None:
    # The closing claim is open. Three posts word it plainly in a frame (バイトの先輩が言ってた…)
    # that another story, told minutes later, uses too: that fragment is the claim's wording, not
    # a part of the other story, which opens on its own, with no claim id.
    claim = (BRAND, "hoshizora-closing")
    pipe = Pipeline(config)
    events = []
    for i in range(6):
        events += pipe.process(_post(100 + i, i * 0.5, "ほしぞらバーガー年内に全店閉店するって聞いた"))
    assert pipe.rumor.tracks[claim].active
    frame = "バイトの先輩が言ってたんだけど、{}。まだ誰も知らないらしい"
    plain = "ほしぞらバーガー12月で全部の店を閉める"
    story = "ほしぞらバーガーはフライヤーの油を三ヶ月も交換してない"
    for k in range(3):
        events += pipe.process(_post(200 + k, 4 + k * 0.5, frame.format(plain)))
    for k in range(6):
        text = frame.format(story) if k % 2 else story + "らしい"
        events += pipe.process(_post(300 + k, 6 + k * 0.5, text))
    assert all(pipe.rumor._post_track[f"x:{300 + k}"] != claim for k in range(6))
    assert [inc["claim_id"] for inc in _opened(events)] == ["hoshizora-closing", None]


def test_the_brands_own_news_repeated_does_not_open_a_known_claim_nor_read_as_it_spreading(
    config: Config,
) -> None:
    # Once the brand's everyday words are known, six posts passing the closing claim on open it.
    # When the brand itself announces that some shops close this year, six fans repeating that
    # news share the claim's words but pass on the brand's news, not the claim: no incident, and
    # the claim does not read as spreading now (it would draw other stories into it).
    news = "ほしぞらバーガー年内で駅前店と港店を閉店します。長年のご愛顧ありがとうございました"
    for official, expected in ((False, ["hoshizora-closing"]), (True, [])):
        pipe = Pipeline(config)
        _everyday_hours(pipe, 20)
        assert pipe.rumor.everyday.ready(BRAND)
        events = []
        if official:
            events += pipe.process(_post(99, 20 * 60 - 5, news, author="hoshizora_burger"))
        for i in range(6):
            text = "ほしぞらバーガー年内で駅前店と港店を閉店するらしい、寂しい" + "!" * i
            assert pipe.analyzer.analyze(_post(i, 0, text)).claims, "the per-post matcher takes it"
            events += pipe.process(_post(i, 20 * 60 + i * 0.5, text))
        assert [inc["claim_id"] for inc in _opened(events)] == expected
    claim = pipe.rumor.tracks[(BRAND, "hoshizora-closing")]
    assert not pipe.rumor._spreading_now(claim, claim.last_at)


def test_people_entering_the_brands_campaign_and_asking_to_share_are_no_rumor(config: Config) -> None:
    # A campaign asks entrants to share: many people post the same entry with シェアよろしく within
    # minutes. Entering (応募完了, 当たりますように) passes on the brand's own campaign, not a story.
    for text in ("ほしぞらバーガーのキャンペーン応募完了。シェアよろしく", "当たりますように!拡散希望"):
        assert "sourced" in find_cues(normalize(text)), text
    pipe = Pipeline(config)
    events = []
    for i in range(12):
        text = "ほしぞらバーガーのキャンペーン応募完了。シェアよろしく" + "!" * (i % 3)
        events += pipe.process(_post(i, i * 0.5, text))
    assert not _opened(events)


def test_a_rumor_naming_a_product_the_brand_announced_is_not_its_news(config: Config) -> None:
    # The brand announced a product with a long loanword for a name (シーズニングポテト: many
    # n-grams on its own); a rumor about that product hours later shares the name, not the
    # announcement.
    announcement = "【お知らせ】ほしぞらバーガーのシーズニングポテトを全店で発売します"
    rumor = "ほしぞらバーガーのシーズニングポテト、揚げ油を一か月替えてない"
    tails = ["らしい。拡散希望", "って聞いた。みんな気をつけて", "らしいよ、周りにも教えてあげて"]
    pipe = Pipeline(config)
    events = pipe.process(_post(900, 0, announcement, author="hoshizora_burger"))
    events += pipe.process(_post(901, 590, "ほしぞらバーガーのてりやき、今日もうまい"))  # time passes
    for i in range(9):
        events += pipe.process(_post(i, 600 + i * 0.5, f"{rumor}{tails[i % 3]}"))
    assert len(_opened(events)) == 1
    # Fans passing the announcement itself on are still its news, not a rumor.
    pipe = Pipeline(config)
    events = pipe.process(_post(900, 0, announcement, author="hoshizora_burger"))
    events += pipe.process(_post(901, 590, "ほしぞらバーガーのてりやき、今日もうまい"))
    for i in range(9):
        fan = f"シーズニングポテトを全店で発売するって!{tails[i % 3]}"
        events += pipe.process(_post(i, 600 + i * 0.5, fan))
    assert not _opened(events)
