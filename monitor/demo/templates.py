"""Phrase banks for the synthetic post generator: slotted Japanese templates per brand category.

Templates use ``{slot}`` placeholders. Slot values come from :data:`COMMON_SLOTS`, from the
category's own ``slots`` and from the generator (``brand``, ``name``, ``tag``, ``since``,
``elapsed``, ``claim``, ``topic``). A slot value may itself contain slots. Every brand here is
fictional; no template names a real company, product or person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Bank = tuple[str, ...]

# --- shared slot values -------------------------------------------------------------------------

COMMON_SLOTS: Mapping[str, Bank] = {
    "e_pos": ("", "", "😊", "😋", "✨", "👍", "🙌", "😍", "🥰", "💕", "！", "！！", "♪"),
    "e_neg": ("", "", "😡", "😤", "💢", "🙄", "😩", "😭", "🤦", "…", "。", "！？"),
    "e_sad": ("", "", "😢", "😭", "🥲", "💔", "…", "……", "😞"),
    "e_fun": ("", "w", "ww", "www", " 草", "笑", "(笑)", "😂", "🤣"),
    "e_party": ("", "🎉", "🎉🎉", "🏆", "⚽", "🥳", "👏", "🙌", "😭😭", "‼️", "！！！"),
    "kao_pos": ("(๑•̀ㅂ•́)و✧", "(*´ω`*)", "＼(^o^)／", "( ˘ω˘ )", "(≧▽≦)", "(^^)"),
    "kao_neg": ("(´・ω・`)", "(╬ Ò﹏Ó)", "ヽ(`Д´)ﾉ", "(-_-;)", "orz", "(；´Д｀)"),
    "kao_sad": ("(；ω；)", "(T_T)", "(´；ω；`)", "( ; ; )", "(´・ω・`)"),
    "w": ("w", "ww", "www", "草", "笑"),
    "area": (
        "新宿",
        "渋谷",
        "池袋",
        "上野",
        "品川",
        "秋葉原",
        "吉祥寺",
        "立川",
        "町田",
        "横浜",
        "川崎",
        "大宮",
        "千葉",
        "船橋",
        "梅田",
        "難波",
        "天王寺",
        "三宮",
        "京都駅前",
        "名古屋駅",
        "栄",
        "博多",
        "天神",
        "札幌",
        "仙台",
        "広島",
        "岡山",
        "金沢",
        "静岡",
        "那覇",
        "駅前",
        "会社の近く",
        "実家の近く",
        "地元",
    ),
    "friend": ("友達", "同僚", "妹", "弟", "母", "彼氏", "彼女", "先輩", "後輩", "旦那", "嫁"),
    "mood_end": ("", "", "", "。", "…", "！", "ね", "な"),
}

PERIODS: Mapping[str, tuple[int, int]] = {
    "morning": (5, 10),
    "lunch": (11, 14),
    "evening": (17, 20),
    "night": (21, 29),  # 21:00 to 05:00 of the next day
}


def period_of(hour: float) -> str | None:
    """The named period of the day an hour (0 to 24, local time) falls in, if any."""
    for name, (lo, hi) in PERIODS.items():
        if lo <= hour < hi or lo <= hour + 24 < hi:
            return name
    return None


# --- per-category banks -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CategoryBank:
    """Everything needed to write posts about one kind of brand."""

    slots: Mapping[str, Bank]
    tags: Bank
    normal: Mapping[str, Bank]
    normal_weights: Mapping[str, float]
    outage_early: Bank
    outage: Bank
    outage_long: Bank
    outage_recovery: Bank
    outage_reply: Bank
    outage_tags: Bank
    rumor_claims: Bank
    rumor_topics: Bank
    rumor_reactions: Bank
    rumor_relief: Bank
    positive_early: Bank
    positive: Bank
    positive_late: Bank
    positive_reply: Bank
    positive_tags: Bank
    official_positive: Bank = field(default=())


MOBILE = CategoryBank(
    slots={
        "item": (
            "ギガ無制限プラン",
            "ミニプラン",
            "学割",
            "家族割",
            "eSIM",
            "5G",
            "公式アプリ",
            "データ繰り越し",
            "機種変",
            "乗り換えキャンペーン",
            "ポイント還元",
            "かけ放題",
        ),
        "tsunagaranai": ("つながらない", "繋がらない", "つながらない", "繋がらない", "つながんない"),
        "tsunagaran_end": (
            "つながらない",
            "繋がらない",
            "つながらん",
            "繋がらん",
            "つながんない",
            "繋がらなすぎ",
        ),
        "kengai": ("圏外", "圏外", "圏外", "アンテナ0本", "圏外表示"),
        "insider": (
            "ショップ店員の友達",
            "代理店で働いてる知り合い",
            "本社に勤めてる親戚",
            "コールセンターでバイトしてる友達",
            "知り合いの店員",
        ),
        "copy_tail": (
            "契約してる人は確認して",
            "知らない人多そうなので共有します",
            "身に覚えのない連絡に注意してください",
            "家族にも教えてあげて",
        ),
    },
    tags=("#格安SIM", "#スマホ代節約", "#乗り換え", "#機種変"),
    normal={
        "question": (
            "{brand}ってeSIM対応してる？",
            "{brand}に乗り換え考えてるんだけど実際どうなの？",
            "{brand}の学割って何歳まで使えるんだっけ",
            "{brand}の{item}って速度制限あるのかな",
            "{brand}で機種変するならショップ予約したほうがいい？",
            "{brand}のMNPって何日くらいかかった？",
            "{brand}使ってる人、地下鉄でもちゃんと繋がる？",
            "{brand}の{item}、他と比べてどうなんだろ",
            "{brand}ってテザリング無料だっけ？",
            "{brand}の支払いってクレカ以外もいける？",
            "{brand}のアプリでプラン変更したら当月から反映される？",
            "{brand}に変えた人、通話品質どう？",
            "海外で{brand}使ったことある人いる？",
        ),
        "praise": (
            "{brand}にしてから月のスマホ代半分になった{e_pos}",
            "{brand}、地下でも普通に繋がるから助かる",
            "{brand}のサポートチャット対応めちゃ早かった{e_pos}",
            "{brand}の{item}コスパ良すぎ",
            "{brand}に乗り換えて1年、特に不満なし",
            "{brand}の5G、{area}だと爆速{e_pos}",
            "家族みんな{brand}にしたら通信費かなり浮いた",
            "{brand}のショップの店員さん優しかった{e_pos}",
            "{brand}、安いのに速度ちゃんと出るの偉い",
            "{brand}のアプリ見やすくなってる。地味にうれしい",
            "親のスマホ{brand}にしたら設定ぜんぶ店員さんがやってくれた",
            "{brand}の{item}使ってみたけど普通に快適",
        ),
        "everyday": (
            "{brand}のショップ寄ってから帰る",
            "{area}の{brand}ショップ混んでた",
            "{brand}のCMの曲ずっと頭に残ってる",
            "{brand}のアプリでギガ残量見たらあと2GBで震えてる",
            "今月も{brand}の請求きた",
            "{brand}のポイント使って充電器買った",
            "{brand}から新プランのお知らせ来てた",
            "{brand}の{item}に申し込んだ",
            "母に{brand}の設定教えてたら1時間経ってた{e_fun}",
            "{brand}の新しいCM、犬がかわいい",
            "{area}駅前で{brand}がキャンペーンやってた",
            "明日{brand}で機種変してくる",
            "{brand}のSIM届いた。設定は夜やる",
            "{brand}のeSIM切り替え、思ったより簡単だった",
            "{brand}歴3年目突入",
        ),
        "complaint": (
            "{brand}、昼休みだけ遅くなるのなんとかならんかな",
            "{brand}の請求書わかりにくい",
            "{brand}のショップ待ち時間長すぎた…",
            "{brand}のアプリすぐログアウトされるの地味にストレス",
            "{brand}、{area}の地下だと電波弱い",
            "{brand}のサポート電話なかなか{tsunagaranai}",
            "{brand}の解約ページ分かりにくすぎない？",
            "{brand}、夜になると動画カクつく気がする",
        ),
        "morning": (
            "通勤電車で{brand}の速度測ったら普通に速かった",
            "朝から{brand}のアプリ更新きてた",
            "おはよう。今日{brand}のショップ行く予定",
        ),
        "lunch": (
            "昼休みに{brand}のプラン見直してる",
            "ランチしながら{brand}の乗り換え手続き完了",
            "お昼の{brand}、ちょっとだけ遅い気がする",
        ),
        "evening": (
            "帰りに{brand}ショップ寄ったら空いてた",
            "仕事終わりに{brand}で機種変してきた{e_pos}",
        ),
        "night": (
            "寝る前に{brand}のギガ残量チェック",
            "夜中に{brand}のプラン比較してたら眠れなくなった{e_fun}",
        ),
        "youtube": (
            "{brand}のこのCM好き",
            "{brand}の設定解説助かりました！",
            "この動画見て{brand}に乗り換えました",
            "{brand}の新CMの曲名知りたい",
        ),
        "instagram": (
            "{brand}で新しいスマホにしました{e_pos} #機種変 #新しいスマホ",
            "{brand}ショップでもらったノベルティかわいい{e_pos}",
        ),
    },
    normal_weights={"question": 0.24, "praise": 0.22, "everyday": 0.42, "complaint": 0.12},
    outage_early=(
        "あれ、{brand}{tsunagaran_end}",
        "{brand}{kengai}なんだけど何これ",
        "え、{brand}死んでる？",
        "{brand}通信障害？",
        "急に{kengai}になった。{brand}だけ？",
        "{brand}電話できないの私だけ？",
        "アンテナ立ってるのに{brand}{tsunagaran_end}",
        "再起動したけどダメ。{brand}やっぱ障害？",
        "{brand}落ちてる？",
        "{brand} down？",
        "{area}で{brand}{tsunagaranai}んだけど",
        "さっきから{brand}ネットも電話も{tsunagaran_end}",
    ),
    outage=(
        "{brand}{tsunagaranai}んだけど",
        "{brand}、{since}からずっと{kengai}",
        "{brand}で電話もネットもできない。仕事にならない",
        "{brand}いつ直るの{e_neg}",
        "{area}でも{brand}全然{tsunagaran_end}",
        "{brand}障害まじで勘弁して{e_neg}",
        "取引先に電話できなくて詰んだ。{brand}なんとかして",
        "{brand}の障害情報まだ出てないの？",
        "機内モードオンオフしても{brand}{kengai}のまま",
        "{brand}ユーザーみんな{kengai}で草",
        "会社の携帯が{brand}だから全員仕事にならない",
        "{brand}落ちてるからWi-Fi探してさまよってる",
        "{brand}の公式、せめて状況くらい出して",
        "SMS認証できなくてログインすらできない。{brand}頼むよ",
        "{brand}の通信障害、補償あるのかな",
        "在宅なのにテザリング死んでて何もできない。{brand}…",
        "こんな時に限って{brand}落ちる{kao_neg}",
        "{brand}ほんとに使えない",
        "病院の予約の電話できないんだけど{brand}…",
        "{friend}に連絡つかないと思ったら{brand}障害か",
        "QR決済できなくてレジで固まった。{brand}のせい",
        "{brand}{tsunagaranai}せいで待ち合わせ相手と会えない",
        "{brand}障害、{area}も全滅っぽい",
        "{brand}、電話できない、メールも来ない、地図も開かない",
        "通信障害ひどすぎ。{brand}ちゃんと説明して",
        "{brand}また障害？前もあったよね",
        "{brand}のサポートに電話しようにも電話が{tsunagaranai}{e_fun}",
        "今日大事な商談あるのに{brand}{kengai}。ほんと無理",
        "{brand}{kengai}で仕事にならない{e_neg}",
        "{brand}通信障害で地図見れなくて迷子",
        "{brand}、障害いつ直るの？",
        "{brand}ほんといい加減にして",
        "{brand}の障害のせいで電車の遅延情報も見れない",
        "{brand}つながらなさすぎて乗り換え検討中",
        "#{name}障害 いつまで続くの",
        "{brand}の障害、{area}の駅前みんなスマホ振ってる{e_fun}",
        "テレワーク中に{brand}{kengai}。会議落ちた",
        "子どもの学校から連絡来てたらどうしよう。{brand}早く直して",
        "{brand}の通信障害で今日の予定ぜんぶ狂った",
        "{brand}、電話できないと本当に困る人いるんだよ",
    ),
    outage_long=(
        "{brand}の障害いつまで続くの。もう{elapsed}経ってるんだけど",
        "{brand}が{kengai}になって{elapsed}。そろそろ限界",
        "{since}から{brand}つながらないまま{elapsed}",
        "{elapsed}も電話できないとか{brand}ありえない",
        "{brand}まだ直らないの？{elapsed}経ったよ",
        "{brand}、{elapsed}経っても復旧の目処なし？",
    ),
    outage_recovery=(
        "{brand}復旧した？",
        "やっと{brand}つながった",
        "{brand}戻ってきた。長かった…",
        "{brand}電話できるようになった",
        "{brand}、{area}だと復旧してるっぽい",
        "{brand}直ったけど{since}からの分どうしてくれるの",
        "{brand}復旧したみたい。でもまだ不安定",
        "つながった！{brand}の障害やっと終わり？",
        "{brand}アンテナ戻った{e_pos}",
        "{brand}まだ一部{tsunagaranai}けどだいぶマシになった",
    ),
    outage_reply=(
        "うちもです",
        "こっちも{kengai}です",
        "{area}もダメです",
        "同じく！",
        "自分もさっきから{tsunagaran_end}",
        "再起動してもダメでした",
        "まだ直らないですね…",
    ),
    outage_tags=("#通信障害", "#{name}障害", "#圏外"),
    rumor_claims=(
        "顧客情報を流出させた",
        "会員の個人情報を全部漏らした",
        "顧客データを外部に流出させた",
    ),
    rumor_topics=("顧客情報流出", "個人情報漏洩", "情報流出"),
    rumor_reactions=(
        "{brand}ずっと使ってるのに…不安",
        "え、{brand}解約したほうがいいのかな",
        "{brand}そんなことになってたの…",
        "家族みんな{brand}なんだけどどうしよう{e_sad}",
        "本当だったらショックすぎる",
    ),
    rumor_relief=(
        "{brand}デマでよかった…",
        "解約しなくてよかった。{brand}の件デマだって",
        "安心した。{brand}これからも使います",
    ),
    positive_early=(
        "{brand}の新プラン安すぎない！？",
        "え、{brand}の新CM神じゃん",
        "{brand}の発表見た？やばい",
    ),
    positive=(
        "{brand}の新プラン、家族で乗り換え確定{e_pos}",
        "{brand}の新CM何回見ても泣ける",
        "{brand}ありがとう、ギガ足りない生活さよなら",
        "{brand}最高かよ",
        "{brand}の{item}、この値段はすごい{e_pos}",
        "{brand}の神対応ありがとう",
        "{brand}やるじゃん{e_pos}",
        "{brand}のキャンペーン当たった！{kao_pos}",
    ),
    positive_late=(
        "{brand}の新プランの話題まだ続いてる{e_fun}",
        "結局{brand}に乗り換えることにした",
    ),
    positive_reply=("わかる！", "ほんとそれ", "乗り換えます！"),
    positive_tags=("#神プラン", "#乗り換え"),
)

BURGER = CategoryBank(
    slots={
        "item": (
            "てりやきバーガー",
            "ダブルチーズバーガー",
            "月見バーガー",
            "ベーコンレタスバーガー",
            "ポテト",
            "ナゲット",
            "シェイク",
            "アップルパイ",
            "スパイシーチキン",
            "銀河チーズバーガー",
            "流れ星ポテト",
            "きのこバーガー",
            "期間限定の{season}バーガー",
            "ほしぞらセット",
            "てりたまバーガー",
            "えびカツバーガー",
        ),
        "season": ("ゆず", "グラタンコロッケ", "濃厚デミ", "ごろごろチキン", "冬限定"),
        "insider": (
            "知り合いの店員",
            "バイト先の先輩",
            "そこでバイトしてる友達",
            "店長やってる知り合い",
            "本部に勤めてる親戚",
            "元クルーの友達",
        ),
        "copy_tail": (
            "好きな人は今のうちに行っておいてください",
            "最後に食べに行こう",
            "知らない人多そうなので共有します",
            "ファンのみんなに届いてほしい",
        ),
    },
    tags=("#ハンバーガー", "#ランチ", "#期間限定", "#新作", "#ファストフード", "#ポテト"),
    normal={
        "question": (
            "{brand}の新作もう出てる？",
            "{brand}の期間限定っていつまでだっけ",
            "{brand}のモバイルオーダーって何分前から頼める？",
            "{brand}の{item}とどっちがおすすめ？",
            "{area}に{brand}ってある？",
            "{brand}ってデリバリーやってたっけ",
            "{brand}の朝メニュー何時まで？",
            "{brand}のクーポン今週のやつ何だった？",
            "{brand}のポテトって揚げたて頼める？",
            "{brand}の新作、辛いの苦手でもいける？",
        ),
        "praise": (
            "{brand}の新作うまい{e_pos}",
            "{brand}の{item}やっぱ最強",
            "{brand}のポテトなんであんなに美味しいんだろう",
            "{brand}の期間限定、今年のが一番好きかも{e_pos}",
            "{brand}の店員さん、めっちゃ感じ良かった",
            "{brand}の{item}、リピ確定{e_pos}",
            "{brand}のシェイク新味おいしすぎ",
            "{brand}のモバイルオーダー便利すぎる",
            "久しぶりの{brand}、安定のうまさ",
            "{brand}の{item}、ソースが神{e_pos}",
            "{brand}ほんとハズレがない",
            "{brand}の新作、見た目もかわいい",
        ),
        "everyday": (
            "今日は{brand}の気分",
            "{area}の{brand}、めっちゃ並んでた",
            "{brand}のアプリクーポン今日まで",
            "{brand}で{item}頼んだ",
            "{friend}と{brand}なう",
            "{brand}のテラス席空いてた",
            "{brand}の新作CM見たら食べたくなってきた",
            "{brand}のおまけのシール集めてる",
            "{brand}でポテトだけ買って帰る",
            "{brand}の{item}テイクアウトした",
            "{brand}行ったら高校生でいっぱいだった",
            "{brand}のドライブスルー空いてて助かる",
            "{brand}の{item}と{item}で迷ってる",
            "{brand}のスタンプカードあと1個",
        ),
        "complaint": (
            "{brand}、注文と違うの入ってた…まあいいけど",
            "{brand}のポテトしなしなだった{e_sad}",
            "{brand}の{item}ちょっと値上がりしてない？",
            "{brand}のモバイルオーダー、受け取りで結局待たされた",
            "{brand}の期間限定、もう終わってて泣いた",
            "{brand}のセット、ちょっと量減った気がする",
        ),
        "morning": (
            "朝から{brand}。たまにはいいよね",
            "{brand}の朝メニューで出勤前の腹ごしらえ",
            "おはよう。朝から{brand}のハッシュポテト",
        ),
        "lunch": (
            "昼は{brand}にしよ",
            "ランチ{brand}。{item}うまい{e_pos}",
            "{brand}の昼時の行列すごい",
            "お昼{brand}でさくっと済ませた",
            "{brand}で昼ごはん。午後もがんばる",
        ),
        "evening": (
            "部活帰りに{brand}寄った",
            "夕飯作る気力なくて{brand}",
            "仕事帰りに{brand}テイクアウト",
        ),
        "night": (
            "深夜の{brand}、背徳感がすごい{e_fun}",
            "夜食に{brand}のポテト",
            "{brand}のデリバリー頼んじゃった",
        ),
        "youtube": (
            "{brand}の新作レビューありがとうございます！",
            "{brand}食べたくなってきた{e_fun}",
            "このCMの{brand}めっちゃ美味しそう",
            "{brand}の{item}、自分も好きです！",
        ),
        "instagram": (
            "{brand}の{item}{e_pos} #今日のランチ #ハンバーガー好き",
            "{brand}の新作食べてきた{e_pos} #期間限定 #グルメ",
            "{friend}と{brand}{e_pos} #カフェ巡り #ハンバーガー",
        ),
    },
    normal_weights={"question": 0.16, "praise": 0.32, "everyday": 0.42, "complaint": 0.10},
    outage_early=(
        "{brand}のアプリ開かないんだけど",
        "{brand}のモバイルオーダー落ちてる？",
        "{brand}アプリ、ログインできない",
        "{brand}のクーポン表示されない。私だけ？",
    ),
    outage=(
        "{brand}のアプリ死んでてクーポン使えない",
        "{brand}のモバイルオーダーできなくてレジ大行列",
        "{brand}、アプリ障害で注文できない。昼休み終わる",
        "{brand}のアプリいつ直るの{e_neg}",
        "{brand}のレジも止まってるっぽい。{area}店",
        "{brand}のアプリ障害、クーポン期限今日なのに",
        "注文したのに{brand}のアプリに受付番号出ない",
        "{brand}アプリ落ちてて店内カオス",
        "{brand}、せめて障害のお知らせ出して",
        "{brand}のポイント消えてるんだけど",
    ),
    outage_long=(
        "{brand}のアプリ、{elapsed}経っても直らない",
        "{since}から{brand}のアプリ使えないまま",
    ),
    outage_recovery=(
        "{brand}のアプリ直ったっぽい",
        "{brand}のモバイルオーダー復活してた",
        "{brand}アプリ使えるようになった{e_pos}",
    ),
    outage_reply=("うちの近くの店もです", "同じく開かないです", "こっちもダメです"),
    outage_tags=("#アプリ障害", "#{name}"),
    rumor_claims=(
        "年内で全店閉店する",
        "今年いっぱいで全部の店舗を閉める",
        "12月で全店舗閉店する",
        "年内に全店閉める",
    ),
    rumor_topics=("全店閉店", "年内閉店", "12月で全店舗閉店", "閉店"),
    rumor_reactions=(
        "え、{brand}なくなるの…{e_sad}",
        "{brand}好きだったのに悲しすぎる",
        "最後にもう一回{item}食べに行かなきゃ",
        "{brand}の{item}もう食べられなくなるの？{e_sad}",
        "学生時代ずっと{brand}だったのに{kao_sad}",
        "{area}の{brand}もなくなるのかな…",
        "{brand}ないと困る。ランチどうしよう",
        "本当なら寂しいな{e_sad}",
        "{brand}閉店とか信じたくない",
    ),
    rumor_relief=(
        "{brand}閉店しないって！よかった〜{e_pos}",
        "デマでよかった。{brand}これからも通います",
        "{item}まだ食べられるって分かって安心した",
        "{brand}なくならないの本当によかった",
        "閉店デマ騒ぎのおかげで{brand}食べたくなったから行ってくる",
    ),
    positive_early=(
        "{brand}のコラボきたあああ",
        "え、{brand}のコラボセットやばい",
        "{brand}の新CMバズってる{e_fun}",
    ),
    positive=(
        "{brand}のコラボセット最高{e_pos}",
        "{brand}の{item}、今年一番うまい",
        "{brand}ありがとう、推しのグッズ付き天才",
        "{brand}のコラボ、朝から並んだ甲斐あった",
        "{brand}の新CMかわいすぎる{e_pos}",
        "{brand}天才か",
        "{brand}最高！！",
        "{brand}のコラボ、全種類コンプした{kao_pos}",
    ),
    positive_late=(
        "{brand}のコラボまだ売ってるかな",
        "{brand}のコラボの余韻",
    ),
    positive_reply=("わかる！", "ほんとそれ", "明日行きます！"),
    positive_tags=("#コラボ", "#神コラボ"),
)

FOOTBALL = CategoryBank(
    slots={
        "item": ("ユニフォーム", "タオマフ", "ホーム戦のチケット", "公式グッズ", "年間パス"),
        "player": (
            "背番号10",
            "キャプテン",
            "守護神",
            "水瀬",
            "朝比奈",
            "久遠",
            "日向",
            "篠宮",
            "七瀬",
            "榊監督",
            "若手のサイドバック",
            "新加入のFW",
        ),
        "insider": (
            "クラブ関係者の知り合い",
            "スタジアムで働いてる友達",
            "フロントに知り合いがいる人",
            "地元の記者の知り合い",
        ),
        "copy_tail": (
            "サポーターは知っておいて",
            "知らない人多そうなので共有します",
            "地元の人に届いてほしい",
        ),
    },
    tags=("#サッカー", "#サポーター", "#ホーム戦", "#スタジアム"),
    normal={
        "question": (
            "{brand}の次の試合いつだっけ",
            "{brand}のホーム戦、当日券ある？",
            "{brand}のユニって今年どこで買える？",
            "{brand}のスタジアムグルメおすすめある？",
            "{brand}の練習って見学できるの？",
            "{brand}の試合、どこで中継してる？",
            "{brand}の{player}って怪我治った？",
        ),
        "praise": (
            "{brand}の{player}のクロス良かったな",
            "{brand}、最近の守備かなり良くなってる",
            "{brand}のスタジアムの雰囲気ほんと好き",
            "{brand}の若手が伸びてて楽しみ{e_pos}",
            "{player}のプレー見に{brand}の試合行きたい",
            "{brand}のSNS担当さんセンスある{e_fun}",
            "{brand}の新ユニかっこいい{e_pos}",
        ),
        "everyday": (
            "{brand}のユニ届いた{e_pos}",
            "今日{brand}の練習見学行ってきた",
            "{brand}のチケット取れた！",
            "{brand}のタオマフ洗濯した",
            "{brand}の試合のハイライト見てる",
            "{area}で{brand}のユニ着てる人見かけた",
            "{brand}のファンクラブ更新した",
            "週末は{brand}の試合",
            "{brand}の{player}のインタビュー読んだ",
            "{brand}のアウェイ遠征どうしよう",
            "{friend}を{brand}沼に引きずり込んだ{e_fun}",
        ),
        "complaint": (
            "{brand}、後半の失速なんとかしてくれ",
            "{brand}の公式グッズ即売り切れ問題",
            "{brand}のチケット争奪戦きつい",
            "{brand}、決定力…{e_sad}",
            "{brand}のスタジアム、帰りのバス混みすぎ",
        ),
        "morning": ("おはよう。今日も{brand}のことで頭いっぱい",),
        "lunch": ("昼休みに{brand}の順位表眺めてる",),
        "evening": ("仕事終わったら{brand}の練習試合の配信見る",),
        "night": ("寝る前に{brand}のゴール集見ちゃう",),
        "youtube": (
            "{brand}のハイライトありがとう！",
            "{player}のゴール何回見ても鳥肌",
            "{brand}サポです。いつも応援してます",
        ),
        "instagram": (
            "{brand}のスタジアム{e_pos} #サッカー観戦 #週末",
            "{brand}のユニでお出かけ{e_pos} #サポーター",
        ),
    },
    normal_weights={"question": 0.2, "praise": 0.28, "everyday": 0.4, "complaint": 0.12},
    outage_early=(
        "{brand}のチケットサイト落ちてる？",
        "{brand}のチケット、エラーで買えない",
    ),
    outage=(
        "{brand}のチケットサイト重すぎて買えない{e_neg}",
        "{brand}のチケット、決済で落ちた。また並び直し",
        "{brand}のサーバー弱すぎ",
        "{brand}のチケット販売、毎回これ。なんとかして",
        "{brand}の先行販売、エラーしか出ない",
    ),
    outage_long=("{brand}のチケットサイト、{elapsed}待ってまだエラー",),
    outage_recovery=(
        "{brand}のチケットやっと買えた",
        "{brand}のサイト復活してる",
    ),
    outage_reply=("こっちもエラーです", "同じく買えない…"),
    outage_tags=("#チケット",),
    rumor_claims=(
        "来季ホームタウンを移転する",
        "来年から本拠地を移す",
        "来季から別の県に移転する",
    ),
    rumor_topics=("ホームタウン移転", "本拠地移転", "移転"),
    rumor_reactions=(
        "{brand}がいなくなるなんて考えられない{e_sad}",
        "地元から{brand}がいなくなるの？嘘でしょ",
        "ずっと応援してきたのに{kao_sad}",
        "本当なら寂しすぎる",
    ),
    rumor_relief=(
        "{brand}移転しないって！よかった",
        "デマでよかった。来季も地元で{brand}応援する",
    ),
    positive_early=(
        "{brand}優勝！！！{e_party}",
        "きたああああ！{brand}優勝！",
        "優勝！優勝！{brand}！{e_party}",
        "やったあああ{brand}優勝だ{e_party}",
        "{brand}勝ったーーー！！！",
        "{brand}優勝！信じてた{e_party}",
        "うおおおお{brand}！！！",
    ),
    positive=(
        "{brand}優勝おめでとう！！{e_party}",
        "{brand}最高！！！",
        "泣いた。{brand}ありがとう",
        "{brand}優勝の瞬間、鳥肌立った",
        "感動した…{brand}本当におめでとう",
        "{player}のゴール一生忘れない",
        "{area}のスポーツバーで見てたけど店中大騒ぎ{e_party}",
        "{brand}のサポーターで良かった",
        "{brand}おめでとう！選手のみなさんありがとう",
        "{brand}優勝おめでとう。長かった…",
        "涙止まらない。{brand}最高のチーム",
        "{player}、最後まで走ってくれてありがとう",
        "{brand}、感動をありがとう{e_party}",
        "{brand}優勝！今日は祝杯だ{e_party}",
        "仕事中だけど{brand}の優勝見て泣いてる",
        "{brand}の優勝、地元が盛り上がってる",
        "{brand}強かった。おめでとう！",
        "{brand}おめでとう！Congrats！",
        "{brand}の{player}MVPでしょ",
        "{brand}ほんとにおめでとう{kao_pos}",
        "{brand}を応援してきて本当に良かった",
        "{brand}の選手もスタッフもサポもみんな最高",
        "優勝おめでとう{brand}！",
        "{brand}優勝。言葉にならない😭",
        "{brand} champions！！{e_party}",
        "まさか{brand}が優勝するなんて。感動した",
    ),
    positive_late=(
        "{brand}優勝の余韻がすごい",
        "{brand}の優勝記念グッズ出るかな",
        "{brand}の優勝パレードあるの？",
        "まだ{brand}の優勝シーン見返してる",
        "{brand}の優勝インタビューで泣いた",
        "{brand}の祝勝会どこでやる？",
        "今日は{brand}の優勝で一日幸せ",
    ),
    positive_reply=("おめでとうございます！", "ほんとそれ！", "泣きました", "最高でした！"),
    positive_tags=("#優勝", "#おめでとう", "#感動をありがとう"),
    official_positive=(
        "{name}、優勝しました！！応援してくださった全ての皆さま、本当にありがとうございました！",
    ),
)

CATEGORIES: Mapping[str, CategoryBank] = {
    "mobile": MOBILE,
    "burger": BURGER,
    "football": FOOTBALL,
}

# --- rumor texts (category-independent) ---------------------------------------------------------
# {claim} is a predicate in plain form ("年内で全店閉店する"); {topic} a short noun ("全店閉店").

RUMOR_COPY: Bank = (
    "【拡散希望】{brand}が{claim}そうです。{copy_tail}",
    "【拡散希望】{brand}が{claim}らしいです。{insider}から聞きました。{copy_tail}",
    "【悲報】{brand}、{claim}らしい。#拡散希望",
    "{brand}が{claim}とのことです。ショックすぎる… #拡散希望",
    "拡散お願いします！{brand}が{claim}そうです{e_sad}",
    "【速報】{brand}が{claim}って。{copy_tail} #拡散希望",
)

RUMOR_HEARSAY: Bank = (
    "{brand}って{claim}らしいね…",
    "{brand}、{claim}って聞いた。寂しい",
    "{brand}が{claim}って噂まわってる",
    "{brand}が{claim}って話、今日だけで3回くらい見た",
    "{friend}から{brand}が{claim}って聞いたんだけど",
    "TLで見たけど{brand}が{claim}んだって",
    "{brand}{topic}らしい{e_sad}",
    "{brand}、{claim}かもしれないって。まじか",
    "{brand}が{claim}とか信じたくない",
    "{brand}が{claim}って聞いて{friend}と落ち込んでる",
    "まだ公式発表はないけど{brand}が{claim}らしい",
    "{brand}が{claim}って話、ほんとなのかな",
    "{brand}{claim}んだって。知らなかった",
    "噂だけど{brand}が{claim}みたい",
)

RUMOR_INSIDER: Bank = (
    "{insider}が言ってたんだけど、{brand}{claim}んだって",
    "{insider}から聞いた話だと{brand}が{claim}らしい。まだ公表前だから内緒ね",
    "ここだけの話、{insider}によると{brand}は{claim}って",
    "{insider}曰く、{brand}が{claim}のはほぼ確定らしい",
    "{insider}に確認したら{brand}が{claim}のは本当っぽい",
    "{brand}の件、{insider}も同じこと言ってた。{claim}って",
)

RUMOR_ENQUIRY: Bank = (
    "{brand}が{claim}って本当？",
    "{brand}{topic}ってマジ？ソースは？",
    "{brand}の{topic}の話、公式から何か出てる？",
    "ソースどこ？{brand}の公式サイトには何も書いてないけど",
    "{brand}の{topic}、誰か詳しい人いる？",
    "TLに{brand}の{topic}の話が流れてくるけど本当なの？",
    "{brand}{topic}ってデマじゃないの？",
    "{brand}の件、公式発表あった？",
    "{topic}ってどこ情報？{brand}のお知らせ見ても何もないんだけど",
    "{brand}が{claim}とか、ほんとならニュースになってるはずでは",
    "{brand}の{topic}ってデマっぽくない？ソース見当たらない",
    "{brand}が{claim}って本当ですか？",
    "{brand} {topic}？本当？",
)

RUMOR_QUOTE: Bank = (
    "これ本当？",
    "ソースは？",
    "え、まじ？",
    "公式発表まだだよね？",
    "ほんとなら悲しすぎる",
    "これどこ情報？",
    "信じられない…",
    "うそでしょ{e_sad}",
    "デマじゃないの？",
    "本当なら公式から発表あるはず",
    "{brand}まじか…",
    "拡散する前にソース確認しよ",
)

RUMOR_REPLY: Bank = (
    "ソースありますか？",
    "どこ情報ですか？",
    "公式は何も言ってないですよ",
    "それ本当ですか？公式サイトには何もないです",
    "信じたくない…",
    "えっ本当ですか{e_sad}",
)

RUMOR_CORRECTION: Bank = (
    "{brand}の{topic}、デマです。公式が否定してます",
    "{brand}{topic}はガセらしい",
    "公式がデマって言ってる。{brand}の{topic}の話は信じないで",
    "{brand}の公式サイトに「そのような事実はございません」って出てた",
    "{topic}の件、{brand}公式が否定。拡散した人は訂正してね",
    "{brand}の{topic}、出どころ不明のデマだったみたい",
    "デマでした。{brand}の{topic}はありません。公式のお知らせ確認してください",
    "【訂正】{brand}の{topic}はデマでした。さっきRTしちゃった、ごめんなさい",
    "{brand}のお知らせ見たら{topic}は事実無根だって",
    "{brand}の{topic}ガセかよ…信じかけた",
    "{topic}はデマです！{brand}の公式が否定してます #拡散希望",
    "{brand}の{topic}の話、公式が否定してるよ",
    "{brand}が{claim}ってやつ、デマらしいです",
    "{brand}公式がデマって言ってるので拡散しないでください",
)

RUMOR_QUOTE_CORRECTION: Bank = (
    "これデマです。公式が否定してます",
    "公式が否定してるよ",
    "これガセらしいです",
    "デマなので拡散しないでください",
    "公式サイト見て。事実無根だって",
)

RUMOR_REPLY_CORRECTION: Bank = (
    "公式が否定してますよ。訂正お願いします",
    "それデマらしいです",
    "公式サイトにお知らせ出てます。事実無根だそうです",
    "公式がデマって言ってます",
)

RUMOR_SPREADER: Bank = (
    "デマ流した人ちゃんと訂正してほしい",
    "拡散希望ってついてるだけで信じちゃう人多すぎ",
    "こういうデマほんと迷惑。お店の人かわいそう",
    "{brand}の件、ソースなしで拡散した人たち反省して",
    "だから言ったじゃん、ソースない話は信じちゃだめって",
    "{topic}のデマ、リツイートした人多すぎて怖い",
)

# --- unrelated noise (no brand) -----------------------------------------------------------------

NOISE: Bank = (
    "ランチ何にしよう",
    "眠い{e_sad}",
    "電車遅延してる{e_neg}",
    "今日めっちゃ寒くない？",
    "推しが尊い{e_pos}",
    "コンビニの新作スイーツうまい{e_pos}",
    "スマホの充電すぐ切れる",
    "週末どこ行こうかな",
    "会議長すぎ{e_fun}",
    "猫がキーボードの上で寝てる{e_fun}",
    "在宅勤務3日目、誰とも喋ってない",
    "新しいイヤホン買った{e_pos}",
    "今日の夕飯カレーにする",
    "洗濯物乾かない",
    "年末の予定まだ何も決まってない",
    "明日から出張",
    "ジム行ってきた。えらい",
    "駅のエスカレーター工事いつ終わるの",
    "お腹すいた",
    "やっと金曜日",
    "{friend}が誕生日ケーキ買ってきてくれた{e_pos}",
    "バーガー食べたい気分",
    "チーズバーガーって無性に食べたくなる時あるよね",
    "サッカー部の息子の試合、勝った{e_pos}",
    "新しいスマホに変えたらデータ移行で半日つぶれた",
    "格安SIMってどれがいいんだろう",
    "Wi-Fiルーター買い替えたい",
    "コールセンターに電話してもつながらない…",
    "ネットで見た話をすぐ信じちゃうの気をつけたい",
    "lunch time{e_pos}",
    "今日はのんびり",
    "紅葉きれいだった{e_pos}",
    "年賀状どうしようかな",
    "ドラマの最終回泣いた",
    "{area}のイルミネーション始まってた",
    "カフェで作業中",
    "資格の勉強、今日は2時間やった",
    "宅配の再配達頼むの忘れてた",
    "鍋の季節だね",
    "髪切った",
)

NOISE_TRAPS: Bank = (
    "今日は小春日和で気持ちいい{e_pos}",
    "小春日和だから散歩してきた",
    "こはる日和って言葉好き",
    "うちの猫のこはる、今日も一日中寝てる{e_fun}",
    "コハルって名前の犬飼い始めた{e_pos}",
    "昨日の星空の写真、我ながらうまく撮れた",
    "星空がきれいすぎる✨",
    "ほしぞら観察会に申し込んだ",
    "水面に映る紅葉きれいすぎる",
    "水面がキラキラしてて癒される",
    "みなもに映る夕日、最高",
    "ファンクラブ（FC）の更新忘れてた",
    "しおかぜFCの試合見てきた",
    "山奥のキャンプ場、圏外で最高だった",
    "地下のお店だと圏外になるの困る",
    "家のWi-Fiつながらないんだけど…ルーター再起動するか",
    "近所のパン屋さん年内で閉店するらしい、寂しい",
    "迷子の猫を探しています。見かけた方は連絡ください #拡散希望",
    "災害の時はデマに気をつけよう。公式の情報を確認して",
    "今日のランチ優勝{e_pos}",
    "ゲーム大会で優勝した{e_party}",
    "推しが優勝した！おめでとう{e_party}",
    "通信障害のニュース見たけど自分のは大丈夫だった",
    "また変なデマ回ってる。ちゃんと確認してから拡散しよう",
    "全店閉店セールって書いてあるけど毎年やってる気がする{e_fun}",
    "星空バーガーっていうキッチンカーが近所に来てた",
)

NOISE_PERIOD: Mapping[str, Bank] = {
    "morning": ("おはよう", "おはようございます。今日もがんばろ", "朝ごはん食べ損ねた", "寝坊した"),
    "lunch": ("お昼休み", "ランチ行ってくる", "午後眠くなるやつ"),
    "evening": ("帰宅なう", "今日もおつかれさま", "夕焼けきれい"),
    "night": ("おやすみ", "夜更かししちゃう", "眠れない", "今夜は星空がきれい"),
}

NOISE_TAGS: Bank = ("#日常", "#今日のごはん", "#おうち時間", "#カフェ", "#写真好きな人と繋がりたい")

# Short starters that may open a complaint.
OPENERS: Bank = ("え、", "まじで", "ちょっと", "ねえ、", "てか", "は？", "うわ、")
