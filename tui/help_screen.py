"""The help screen: every key and what the mouse does."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = (
    ("↑ ↓", "インシデント一覧を移動"),
    ("enter / クリック", "インシデントの詳細を開く"),
    ("a", "選んだインシデントを確認済みにする"),
    ("s", "スヌーズする ([slack] snooze_minutes、既定 60 分。その間は更新の通知なし)"),
    ("r", "解決にする"),
    ("f", "誤検知にする (検知ルールの見直しに使われます)"),
    ("y", "返信案を承認する (詳細画面で)"),
    ("b / タイルをクリック", "投稿欄: 次のブランド (全て → 各ブランド → 全て)"),
    ("p", "投稿欄: 次の媒体"),
    ("n", "投稿欄: ネガティブな投稿だけ"),
    ("c", "投稿欄: デマの兆候 (拡散希望, 本当？, デマ...) がある投稿だけ"),
    ("0", "投稿欄: 絞り込みを解除"),
    ("escape", "戻る"),
    ("?", "このヘルプ"),
    ("q", "終了"),
)


class HelpScreen(ModalScreen[None]):
    """Keys and mouse; actions are recorded with your user name at the stream time."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "app.pop_screen", "閉じる")]

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, what in KEYS:
            table.add_row(Text(key), Text(what))  # plain text: "[slack]" is no markup tag
        with Vertical(id="help"):
            yield Static("ウォールーム: キーとマウス", classes="h")
            yield Static(table)
            yield Static(
                "操作は Slack のボタンと同じで、同じように記録されます: "
                "インシデントの対応履歴に残り、インシデントの更新としてすべての出力先に送られます。",
                classes="note",
            )
