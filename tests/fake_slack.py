"""A fake Slack on 127.0.0.1 speaking the real Web API and Socket Mode protocols (aiohttp).

It keeps channels, messages, threads and message metadata, answers conversations.history/replies
like Slack, can be told to fail (HTTP 500, 429 + Retry-After) and to hold a reply after storing
the message (so a client killed during the call leaves a message it never heard about).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
# A fault for one call: None (answer normally), ("500",), ("429", retry_after_seconds) or
# ("error", "invalid_blocks") for an HTTP 200 ok:false answer.
Fault = Callable[[str], tuple[str, int] | tuple[str] | tuple[str, str] | None]


@dataclass
class FakeSlack:
    """State and controls of the fake; ``base_url`` ends with ``/`` as AsyncWebClient needs."""

    clock: Callable[[], float]
    fault: Fault | None = None
    hold_seconds: float = 0.0
    hold_on: int = 0  # with hold_seconds: hold only the reply to this (1-based) chat.postMessage
    channels: dict[str, str] = field(default_factory=dict)  # name -> id
    messages: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    failures: int = 0
    acks: list[dict[str, Any]] = field(default_factory=list)
    envelopes: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    stored: asyncio.Event = field(default_factory=asyncio.Event)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    port: int = 0
    sockets_open: int = 0
    _seq: int = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def channel_id(self, channel: str) -> str:
        if not channel.startswith("#"):
            return channel
        return self.channels.setdefault(channel, f"C{len(self.channels) + 1:08d}")

    def _ts(self) -> str:
        self._seq += 1
        return f"{int(self.clock()):d}.{self._seq:06d}"

    def top_level(self) -> list[dict[str, Any]]:
        return [m for m in self.messages if not m.get("thread_ts")]

    def replies(self, ts: str) -> list[dict[str, Any]]:
        return [m for m in self.messages if m.get("thread_ts") == ts]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        self.calls.append(method)
        args: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.content_type == "application/json":
            args.update(await request.json())
        elif request.method == "POST":
            args.update(await request.post())
        expected = APP_TOKEN if method == "apps.connections.open" else TOKEN
        if request.headers.get("Authorization") != f"Bearer {expected}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        fault = self.fault(method) if self.fault else None
        if fault is not None:
            self.failures += 1
            if fault[0] == "429":
                retry = str(fault[1]) if len(fault) > 1 else "1"
                return web.json_response(
                    {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": retry}
                )
            if fault[0] == "error":
                return web.json_response({"ok": False, "error": str(fault[1])})
            return web.Response(
                status=500, text="<html>Internal Server Error</html>", content_type="text/html"
            )
        answer = self._answer(method, args, request)
        posts = sum(1 for m in self.calls if m == "chat.postMessage")
        if method == "chat.postMessage" and self.hold_seconds and self.hold_on in (0, posts):
            self.stored.set()  # the message exists in Slack; its sender has not heard back yet
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.release.wait(), self.hold_seconds)
        return web.json_response(answer)

    def _answer(self, method: str, args: dict[str, Any], request: web.Request) -> dict[str, Any]:
        if method == "chat.postMessage":
            cid = self.channel_id(str(args["channel"]))
            msg = {
                "channel": cid,
                "ts": self._ts(),
                "text": args.get("text", ""),
                "blocks": _json_arg(args.get("blocks")),
                "thread_ts": args.get("thread_ts"),
                "metadata": _json_arg(args.get("metadata")),
            }
            self.messages.append(msg)
            return {"ok": True, "channel": cid, "ts": msg["ts"], "message": msg}
        if method == "chat.update":
            for msg in self.messages:
                if msg["channel"] == args["channel"] and msg["ts"] == args["ts"]:
                    msg["text"], msg["blocks"] = args.get("text", ""), _json_arg(args.get("blocks"))
                    self.updates.append({"ts": args["ts"], "text": msg["text"], "blocks": msg["blocks"]})
                    return {"ok": True, "channel": msg["channel"], "ts": msg["ts"]}
            return {"ok": False, "error": "message_not_found"}
        if method == "conversations.list":
            chans = [{"id": cid, "name": name.lstrip("#")} for name, cid in self.channels.items()]
            return {"ok": True, "channels": chans, "response_metadata": {"next_cursor": ""}}
        if method == "conversations.history":
            oldest = float(args.get("oldest") or 0)
            found = [
                m for m in self.top_level() if m["channel"] == args["channel"] and float(m["ts"]) >= oldest
            ]
            return {"ok": True, "messages": found[::-1], "has_more": False}
        if method == "conversations.replies":
            parent = [m for m in self.messages if m["ts"] == args["ts"]]
            return {"ok": True, "messages": parent + self.replies(str(args["ts"]))}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/link"}
        if method == "auth.test":
            return {"ok": True, "user_id": "UBOT", "team_id": "T1"}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._ts()}
        return {"ok": False, "error": "unknown_method"}

    async def webhook(self, request: web.Request) -> web.StreamResponse:
        """An incoming webhook: answers ``ok``, or the fault's 500 / 429 + Retry-After."""
        self.calls.append("webhook")
        body = await request.json()
        fault = self.fault("webhook") if self.fault else None
        if fault is not None:
            self.failures += 1
            if fault[0] == "429":
                retry = str(fault[1]) if len(fault) > 1 else "1"
                return web.Response(status=429, text="rate_limited", headers={"Retry-After": retry})
            return web.Response(status=500, text="internal_error")
        if "text" not in body and "blocks" not in body:
            return web.Response(status=400, text="no_text")
        self.messages.append({"channel": "webhook", "ts": self._ts(), "webhook": True, **body})
        return web.Response(text="ok")

    async def socket(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets_open += 1
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}})

        async def pump() -> None:
            while True:
                envelope = await self.envelopes.get()
                await ws.send_json(envelope)

        task = asyncio.create_task(pump(), name="fake-slack-envelopes")
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    self.acks.append(json.loads(msg.data))
        finally:
            task.cancel()
            self.sockets_open -= 1
        return ws


def _json_arg(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


async def start(fake: FakeSlack) -> web.AppRunner:
    """Serve the fake on a pre-bound ephemeral port of 127.0.0.1."""
    app = web.Application()
    app.router.add_route("*", "/api/{method}", fake.handle)
    app.router.add_get("/link", fake.socket)
    app.router.add_post("/hooks/{hook:.+}", fake.webhook)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    fake.port = sock.getsockname()[1]
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    return runner
