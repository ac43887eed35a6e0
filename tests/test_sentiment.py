"""Sentiment: the hard cases of Japanese polarity, the online model, its state, and the eval commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.config import Config, load_config
from monitor.detectors.analyzer import Analyzer
from monitor.detectors.normalize import normalize, surface_cues
from monitor.detectors.sentiment_model import OnlineSentiment, distant_label, model_features
from monitor.detectors.tokenize import lemmas
from monitor.errors import ConfigError
from monitor.models import Sentiment
from monitor.pipeline import Pipeline
from tests.conftest import PostFactory

NEG, NEU, POS = Sentiment.NEG, Sentiment.NEU, Sentiment.POS


@pytest.fixture(scope="module")
def model() -> OnlineSentiment:
    return OnlineSentiment()


def label(model: OnlineSentiment, text: str) -> Sentiment:
    return model.predict_text(text).label


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # negation flips; a negated complaint is mild praise
        ("味は良くない", NEG),
        ("美味しくなかった", NEG),
        ("楽しくない", NEG),
        ("悪くないね", POS),
        ("思ったより悪くない", POS),
        ("全然つながらない", NEG),
        ("最高じゃない?", POS),  # rhetorical: isn't it great
        # a noun and its absence: no energy is sad (no misses, no complaints: see below)
        ("最近は元気がない", NEG),
        # contrast: the clause after 〜けど carries the post; 〜のに complains
        ("高いけど美味しい", POS),
        ("美味しいけど高すぎる", NEG),
        ("楽しみにしてたのに中止", NEG),
        # complaint endings and intensifiers
        ("また遅延かよ", NEG),
        ("最高かよ", POS),
        ("マジで最悪", NEG),
        # sarcasm markers turn praise into complaint
        ("さすがですね(棒)", NEG),
        ("神対応ありがとうございます(皮肉)", NEG),
        # joking negatives: the "negative" word intensifies the praise
        ("嘘でしょ最高", POS),
        ("やばい美味しい", POS),
        ("死ぬほど美味しい", POS),
        ("嘘でしょ…", NEG),
        # emoji and kaomoji only
        ("😭😭", NEG),
        ("🎉", POS),
        ("(´;ω;`)", NEG),
        ("(^o^)", POS),
        ("👀", NEU),
        ("", NEU),
        # mixed Japanese and English
        ("コハルモバイルの回線 so bad、最悪", NEG),
        ("新作 so good 最高!", POS),
        ("not good", NEG),
        # everyday emotion language
        ("疲れた…眠れない", NEG),
        ("明日から旅行、楽しみ!", POS),
        ("明日の10時に駅前で", NEU),
        # wondering to oneself is no complaint; a rough demand is
        ("機種変、他と比べてどうなんだろ", NEU),
        ("遅れたら一言あるのが普通だろ", NEG),
        ("てりやきとチキンで迷ってる", NEU),
    ],
)
def test_hard_cases(model: OnlineSentiment, text: str, expected: Sentiment) -> None:
    assert label(model, text) is expected


def test_the_absence_of_a_complaint_is_no_complaint(model: OnlineSentiment) -> None:
    for text in ("ここのバーガーはハズレがない", "乗り換えて1年、特に不満なし", "文句なしの神対応"):
        assert model.predict_text(text).score > 0, text
        assert label(model, text) is not NEG, text


def test_negation_reverses_the_score(model: OnlineSentiment) -> None:
    assert model.predict_text("良い").score > 0 > model.predict_text("良くない").score
    assert model.predict_text("悪い").score < 0 < model.predict_text("悪くない").score


def test_normalize_laughter_hashtags_long_vowels() -> None:
    assert normalize("#新作 うまいｗｗｗ") == "新作 うまい笑"
    assert normalize("すごーーーい") == "すごーい"
    assert normalize("see www.example.com") == "see URL"
    assert normalize("wow") == "wow"  # English w is no laughter


def test_surface_cues_classify_kaomoji_and_keep_emoji() -> None:
    assert surface_cues(normalize("(´・ω・`)")) == ("kao:sad",)
    assert surface_cues(normalize("＼(^o^)／ 🎉")) == ("kao:joy", "🎉")
    assert surface_cues(normalize("(怒)")) == ("kao:angry",)
    assert surface_cues(normalize("11/23(月)に開店")) == ("kao:other",)


def test_tokens_are_lemmas_without_gloss() -> None:
    assert lemmas("サービス良くなかった") == ("サービス", "良い", "無い", "た")
    assert lemmas("") == ()


def test_emoji_are_labels_not_features() -> None:
    toks = lemmas(normalize("また圏外😡"))
    assert "😡" not in model_features(toks)
    assert distant_label(surface_cues(normalize("また圏外😡"))) is NEG
    assert distant_label(["😭", "🎉"]) is None


def test_stream_learning_moves_unknown_words_and_excludes_the_emoji() -> None:
    m = OnlineSentiment(learning_rate=0.05)
    before = m.predict_text("ポイント改悪の件").score
    for _ in range(30):
        m.learn_stream(normalize("ポイント改悪の件😡"), lemmas(normalize("ポイント改悪の件😡")))
    assert m.predict_text("ポイント改悪の件").score < before
    assert m.learned["emoji"] == 30
    assert not any("😡" in k for k in m.state()["neg"])


def test_feedback_learn_changes_similar_posts() -> None:
    m = OnlineSentiment()
    assert label(m, "ほしぞらバーガーのチーズ増量") is NEU
    before = m.predict_text("チーズ増量きた").score
    steps = m.learn("ほしぞらバーガーのチーズ増量", "pos")
    assert label(m, "ほしぞらバーガーのチーズ増量") is POS
    assert m.predict_text("チーズ増量きた").score > before + 0.1
    assert m.learned["feedback"] == steps > 1


def test_state_round_trip_is_exact(tmp_path: Path) -> None:
    m = OnlineSentiment()
    m.learn("回線がまた細い", NEG)
    path = tmp_path / "s.json"
    m.save(path)
    restored = OnlineSentiment()
    assert restored.load(path)
    r = m.read(normalize("回線がまた細い"))
    assert restored.score_one(r) == m.score_one(r) != OnlineSentiment().score_one(r)
    restored.save(tmp_path / "t.json")
    assert (tmp_path / "t.json").read_bytes() == path.read_bytes()


def test_model_path_restores_and_broken_state_stops_startup(config_copy: Path) -> None:
    toml = config_copy / "monitor.toml"
    toml.write_text(
        toml.read_text("utf-8").replace('model_path = ""', 'model_path = "state/s.json"'), "utf-8"
    )
    analyzer = Analyzer(load_config(config_copy))
    analyzer.learn("回線がまた細い", "neg")
    assert analyzer.save_model()
    assert Analyzer(load_config(config_copy)).sentiment.state() == analyzer.sentiment.state()
    (config_copy / "state" / "s.json").write_text("{not json", "utf-8")
    with pytest.raises(ConfigError, match=r"detectors\.sentiment\.model_path"):
        Analyzer(load_config(config_copy))


def test_analyze_does_not_learn_and_pipeline_learning_is_deterministic(
    config: Config, make_post: PostFactory
) -> None:
    posts = [make_post(t) for t in ("回線死んでる😭", "新作うまい🎉", "最悪すぎる最悪", "普通の日")] * 5
    analyzer = Analyzer(config)
    for p in posts:
        analyzer.analyze(p)
    assert not analyzer.sentiment.learned
    states = []
    for _ in range(2):
        pipe = Pipeline(config)
        for p in posts:
            pipe.process(p)
        states.append(json.dumps(pipe.analyzer.sentiment.state(), sort_keys=True))
    assert states[0] == states[1]
    assert json.loads(states[0])["learned"] == {"emoji": 10, "lexicon": 5}


def test_eval_and_bench_commands(tmp_path: Path) -> None:
    data = tmp_path / "gold.jsonl"
    rows = [
        {"text": "最悪、全然つながらない", "label": "neg"},
        {"text": "最高に美味しい!", "label": "pos"},
        {"text": "明日は10時から", "label": "neu"},
        {"text": "疲れた", "label": "pos"},
    ]
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{broken\n", "utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["eval", "sentiment", str(data), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["n"] == 4 and figures["skipped"] == 1
    assert figures["accuracy"] == 0.75
    assert figures["neg_precision"] == 0.5 and figures["neg_recall"] == 1.0
    assert figures["texts_per_second"] > 0
    text = runner.invoke(main, ["eval", "sentiment", str(data)])
    assert "macro-F1" in text.output and "NEG precision" in text.output
    bench = runner.invoke(main, ["bench", "sentiment", str(data), "--passes", "1"])
    assert bench.exit_code == 0 and "posts/s on one core" in bench.output


def test_false_positive_surge_teaches_its_evidence_as_neutral(config: Config, make_post: PostFactory) -> None:
    from monitor.models import Action, Incident, Kind, Severity, Status

    pipe = Pipeline(config)
    post = make_post("ほしぞらバーガーの接客やばい")
    assert pipe.analyzer.analyze(post).sentiment is NEG
    at = post.created_at
    inc = Incident(
        id="i1",
        kind=Kind.NEGATIVE_SURGE,
        brand="hoshizora-burger",
        severity=Severity.WARNING,
        status=Status.FALSE_POSITIVE,
        opened_at=at,
        updated_at=at,
        evidence=[post],
    )
    for hook in pipe.incidents.feedback:
        hook(inc, Action.FALSE_POSITIVE)
    assert pipe.analyzer.analyze(post).sentiment is NEU
    assert pipe.analyzer.sentiment.learned["feedback"] >= 1


def test_no_lexicon_entry_is_only_function_words() -> None:
    from monitor.detectors.sentiment import NEGATORS, lexicon_index

    function_words = {
        "は",
        "が",
        "を",
        "に",
        "で",
        "と",
        "も",
        "の",
        "だ",
        "です",
        "ます",
        "た",
        "て",
        "か",
        "よ",
        "ね",
    }
    for entries in lexicon_index().values():
        for seq, weight, _factor, _ambiguous in entries:
            if weight:
                assert not set(seq) <= function_words | NEGATORS, seq


def test_scoring_view_matches_the_river_weights() -> None:
    m = OnlineSentiment(learning_rate=0.05)
    texts = ["回線また落ちた😡", "新作うまい🎉", "店員さん神対応😊", "アプリ重すぎ😭", "回線は速い🎉"]
    for i in range(40):
        m.learn_stream(normalize(texts[i % 5]), lemmas(normalize(texts[i % 5])))
    m.learn("アプリは快適", "neu")
    for text in [*texts, "回線とアプリ", "回線が繋がらない"]:
        r = m.read(normalize(text))
        x = dict.fromkeys(r.features, 1.0)
        river = (m.pos._raw_dot_one(x) - m.pos.intercept) - (m.neg._raw_dot_one(x) - m.neg.intercept)
        assert m.margin(r) == pytest.approx(river, abs=1e-12)


_SEED_SCRIPT = """
import json, sys
from monitor.config import load_config
from monitor.pipeline import Pipeline
from monitor.streams.replay import ReplaySource
pipe = Pipeline(load_config(sys.argv[1]))
scores = []
for post in ReplaySource(sys.argv[2]):
    a = pipe.analyzer.analyze(post)
    scores.append(a.sentiment_score.hex())
    pipe.process(post)
print(json.dumps([pipe.analyzer.sentiment.state(), scores]))
"""


def test_learning_and_scores_are_identical_across_hash_seeds(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import CONFIG_DIR, DEMO

    posts = tmp_path / "posts.jsonl"
    posts.write_text("".join(DEMO.read_text("utf-8").splitlines(keepends=True)[:800]), "utf-8")
    outputs = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", _SEED_SCRIPT, str(CONFIG_DIR), str(posts)],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
        )
        outputs.append(done.stdout)
    state, scores = json.loads(outputs[0])
    assert sum(state["learned"].values()) > 20 and len(scores) == 800
    assert outputs[0] == outputs[1]


def test_monitor_run_saves_the_learned_state_and_the_next_run_restores_it(
    config_copy: Path, tmp_path: Path
) -> None:
    from monitor.runner import run_monitor
    from tests.conftest import DEMO

    toml = config_copy / "monitor.toml"
    text = toml.read_text("utf-8").replace('model_path = ""', 'model_path = "state/sentiment.json"')
    toml.write_text(text.replace("console = true", "console = false"), "utf-8")
    posts = tmp_path / "posts.jsonl"
    posts.write_text("".join(DEMO.read_text("utf-8").splitlines(keepends=True)[:300]), "utf-8")
    run_monitor(load_config(config_copy), demo=posts)
    saved = json.loads((config_copy / "state" / "sentiment.json").read_text("utf-8"))
    assert sum(saved["learned"].values()) > 0
    run_monitor(load_config(config_copy), demo=posts)
    again = json.loads((config_copy / "state" / "sentiment.json").read_text("utf-8"))
    assert sum(again["learned"].values()) == 2 * sum(saved["learned"].values())
