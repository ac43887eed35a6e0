"""Suggested responses: template rules, and optional drafting by a (fake) OpenAI-compatible endpoint."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from monitor.alerts.responses import ResponseBuilder, fit_to_platform, fits_platform, is_polite
from monitor.alerts.slack_runtime import build_slack
from monitor.config import Config, load_config
from monitor.models import Kind, Post
from tests.conftest import T0
from tests.fake_slack import FakeSlack
from tests.slack_support import VirtualClock, opened
from tests.test_slack_delivery import ENV, clock, fake, slack_config  # noqa: F401  (fixtures)

GOOD = (
    "ほしぞらバーガーが年内に全店閉店するという情報は事実ではありません。"
    "全店舗で通常どおり営業しております。 https://hoshizora-burger.example/news/2026-11-20"
)


def test_every_template_is_polite_fits_and_corrections_link_the_source(config: Config) -> None:
    builder = ResponseBuilder(config.responses, config.brands, config.claims)
    post = Post(id="x:1", created_at=T0, text="…", platform="x")
    claims = {c.brand: c for c in config.claims}
    for brand in config.brands:
        for kind, claim in [
            (Kind.NEGATIVE_SURGE, None),
            (Kind.POSITIVE_SURGE, None),
            (Kind.RUMOR, None),
            (Kind.RUMOR, claims[brand.id].id),
        ]:
            resp = builder.build(kind, brand.id, claim, [post])
            assert is_polite(resp.text), resp.text
            assert fits_platform(resp.text, resp.platform)
            if claim:
                assert claims[brand.id].source_url in resp.text and resp.kind == "correction"
                assert resp.reply_to == "x:1"
            assert "削除" not in resp.text


def test_too_long_reply_drops_whole_sentences_and_stays_polite() -> None:
    text = "ご迷惑をおかけしております。" + "現在、原因を確認しております。" * 12 + " https://a.example/n"
    for platform in ("x", "bluesky", "tiktok"):
        out = fit_to_platform(text, platform)
        assert fits_platform(out, platform) and is_polite(out) and "https://a.example/n" in out


class FakeLLM:
    def __init__(self, answer: str | None) -> None:
        self.answer = answer
        self.requests: list[dict[str, Any]] = []
        self.port = 0

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(await request.json())
        if self.answer is None:
            return web.json_response({"error": "overloaded"}, status=500)
        return web.json_response({"choices": [{"message": {"role": "assistant", "content": self.answer}}]})


@pytest.fixture
async def llm() -> AsyncIterator[FakeLLM]:
    f = FakeLLM(GOOD)
    app = web.Application()
    app.router.add_post("/v1/chat/completions", f.handle)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    f.port = sock.getsockname()[1]
    runner = web.AppRunner(app)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    yield f
    await runner.cleanup()


def _enable_drafting(config_copy: Path, port: int) -> None:
    toml = config_copy / "monitor.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace("[drafting]\nenabled = false", "[drafting]\nenabled = true")
    text = re.sub(r"^base_url = .*$", f'base_url = "http://127.0.0.1:{port}/v1/"', text, flags=re.M)
    toml.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("answer", "drafted"),
    [
        (GOOD, True),
        ("それデマだよ。消してね。", False),  # casual, asks for deletion
        ("事実ではありません。", False),  # polite but without the official URL
        (None, False),  # the endpoint fails
    ],
)
async def test_drafting_replaces_the_template_only_with_an_acceptable_draft(
    config: Config,
    config_copy: Path,
    tmp_path: Path,
    fake: FakeSlack,  # noqa: F811
    clock: VirtualClock,  # noqa: F811
    llm: FakeLLM,
    answer: str | None,
    drafted: bool,
) -> None:
    llm.answer = answer
    slack_config(config_copy, fake.base_url, tmp_path / "state.sqlite")
    _enable_drafting(config_copy, llm.port)
    cfg = load_config(config_copy)
    fake.fault = lambda method: ("500",) if len(fake.calls) < 3 else None  # retries must not redraft
    _, events = opened(config, incidents=2)
    hoshizora = events[1]
    manager_event = hoshizora.incident
    assert manager_event["brand"] == "hoshizora-burger"
    notifier, worker = build_slack(cfg, environ=ENV, clock=clock)
    notifier.emit(hoshizora)
    await worker.run(until_drained=True)
    (parent,) = fake.top_level()
    card = json.dumps(parent["blocks"], ensure_ascii=False)
    assert len(llm.requests) == 1
    prompt = llm.requests[0]["messages"][1]["content"]
    assert "https://hoshizora-burger.example/news" in prompt  # the official URL is given
    if drafted:
        assert "下書き: 生成AI" in card and "通常どおり営業しております" in card
    else:
        assert "下書き" not in card
        assert manager_event["suggested_response"]["text"][:20] in card  # the template stays
