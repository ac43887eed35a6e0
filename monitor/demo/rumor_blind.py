"""A blind template set: its own brands, claims and phrasing habits, written before it measured anything.

Neither the tuning set's nor the holdout set's wordings are reused: posts here lean on chain
messages pasted from LINE, kansai-ben and casual contractions (ほんま, マ?, 〜っす), English mixed
in (fyi, pls share), self-styled former staff and relatives, consumer-agency and professor
"authorities", longer multi-sentence posts and other emoji. Brands and claims live here (see
``TemplateSet.brand_configs`` / ``claim_configs``), not in the shipped ``config/``. It is for
measuring only: the detector's settings are never tuned on it.
"""

from __future__ import annotations

from monitor.config import ClaimConfig
from monitor.demo.rumor_scenarios import BrandSpec, TemplateSet

TSUMUGI = BrandSpec(
    id="tsumugi-pay",
    names=("つむぎペイ", "ツムギペイ", "TsumugiPay"),
    handle="tsumugi_pay",
    items=("チャージ", "ポイント還元", "送金", "QRコード決済", "アプリ", "残高", "本人確認"),
    new_rumors=(
        (
            "{b}が来月で決済サービスを終了する",
            "{b}もうすぐサービス終わるから残高は使い切った方がいい",
            "{b}、年度末で決済事業から撤退",
        ),
        (
            "{b}のアプリを入れるとスマホの連絡先が抜かれる",
            "{b}のアプリが電話帳のデータを勝手に外部に送ってる",
            "{b}アプリに連絡先を盗む仕組みが仕込まれてる",
        ),
    ),
    known_claim=ClaimConfig(
        id="tsumugi-balance-wipe",
        brand="tsumugi-pay",
        statement="つむぎペイが不正アクセスを受けて利用者の残高が消えた",
        examples=[
            "つむぎペイの残高が勝手にゼロになったらしい",
            "ツムギペイ、ハッキングされて残高消えたって本当？",
        ],
        correction="つむぎペイへの不正アクセスによりお客様の残高が消失したという事実はございません。"
        "残高は安全に保管されています。",
    ),
    known_wordings=(
        "{b}がハッキングされてみんなのチャージ残高が消えてる",
        "{b}のサーバーに不正アクセス、残高ゼロになった人続出",
        "{b}が hack されたっぽくて残高が全部消えた",
        "{b}の残高が一晩で消失した",
    ),
    good_news=("年末まで全店舗でポイント還元率を5%にします", "送金手数料を無料にしました"),
    true_news=(
        "システムメンテナンスのため明日未明にサービスを一時停止します",
        "一部の加盟店で決済できない不具合が起きていました",
    ),
    old_topics=("二重決済トラブル", "不正チャージ騒ぎ"),
    campaigns=("アカウントをフォローしてこの投稿をシェアすると1000円分のポイントが当たります",),
)

AKANE = BrandSpec(
    id="akane-dentetsu",
    names=("あかね電鉄", "あかね線", "アカネ電鉄"),
    handle="akane_railway",
    items=("快速", "定期券", "駅ナカ", "ダイヤ", "特急", "ICカード", "始発"),
    new_rumors=(
        (
            "{b}の鉄橋にひびが入ってて崩れかけてる",
            "{b}の鉄橋が老朽化でいつ落ちてもおかしくない",
            "{b}、鉄橋の亀裂を何年も放置してる",
        ),
        (
            "{b}の運転士が居眠りしながら運転してた",
            "{b}で運転士が寝たまま電車を走らせてた",
            "{b}の運転士、運転中に爆睡してた",
        ),
    ),
    known_claim=ClaimConfig(
        id="akane-line-abolish",
        brand="akane-dentetsu",
        statement="あかね電鉄が赤字で路線を廃止する",
        examples=["あかね線なくなるらしい", "あかね電鉄って廃線になるの？"],
        correction="あかね電鉄が路線を廃止するという情報は事実ではありません。今後も全線で運行を続けてまいります。",
    ),
    known_wordings=(
        "{b}、赤字続きで来年の春に廃線が決定",
        "{b}が路線ごと廃止される",
        "{b}の廃止の貼り紙が駅に出てた",
        "{b}の全線廃止が内定した",
    ),
    good_news=("来春から特急の本数を増やします", "定期券を10%値下げします"),
    true_news=("大雨のため本日は一部区間で運転を見合わせています", "来月からICカードの運賃を改定します"),
    old_topics=("架線トラブルで半日止まった件", "駅員の暴言騒動"),
    campaigns=("フォロー&シェアで1日乗車券をプレゼントしています",),
)

KOKONOE = BrandSpec(
    id="kokonoe-cosme",
    names=("ここのえコスメ", "ココノエ", "kokonoe"),
    handle="kokonoe_cosme",
    items=("化粧水", "日焼け止め", "美容液", "リップ", "限定コフレ", "クレンジング", "ファンデ"),
    new_rumors=(
        (
            "{b}の日焼け止めで火傷みたいにただれた人が何人も出てる",
            "{b}の日焼け止めを塗ったら顔が真っ赤に腫れた人続出",
            "{b}の日焼け止めで皮膚がただれる被害",
        ),
        (
            "{b}が海外の会社に買収されて成分が全部変わる",
            "{b}、外資に売却されて中身が別物になる",
            "{b}の製造が海外に移されて品質が落ちる",
        ),
    ),
    known_claim=ClaimConfig(
        id="kokonoe-steroid",
        brand="kokonoe-cosme",
        statement="ここのえコスメの化粧水にステロイドが入っている",
        examples=["ココノエの化粧水ってステロイド入りらしい", "ここのえコスメ、ステロイド配合って本当？"],
        correction="ここのえコスメの化粧水にステロイドは配合されておりません。全成分は公式サイトで公開しています。",
    ),
    known_wordings=(
        "{b}の化粧水に強いステロイドが混ぜられてる",
        "{b}の化粧水、ステロイド入りで使い続けると肌がボロボロになる",
        "{b}の化粧水に steroid が入ってる",
        "{b}の化粧水にこっそりステロイドを配合",
    ),
    good_news=("人気の美容液を増量してお値段据え置きで販売します", "限定コフレの再販が決まりました"),
    true_news=("原料価格の高騰により一部商品を値上げします", "リップの一部の色を販売終了します"),
    old_topics=("広告の表示が問題になった件", "ファンデの色ムラ騒動"),
    campaigns=("この投稿をシェアしてくれた方から抽選で限定コフレをプレゼント",),
)

BLIND = TemplateSet(
    name="blind",
    brands=(TSUMUGI, AKANE, KOKONOE),
    spread=(
        "LINEで回ってきた👇 {c}。このメッセージを知り合い10人に送ってください",
        "元{b}社員です。{c}。中にいた人間ならみんな知ってる話",
        "消費者庁から通達があったそうで、{c}とのことです",
        "{c}ってマジな話らしいです…家族にも教えました",
        "fyi: {c}. pls share 🙏",
        "うちのオカンがパート先で聞いてきたんやけど、{c}らしいで",
        "{c}!!一人でも多くの人に届いてほしい",
        "いとこの旦那が本社勤めで、{c}って言ってた",
        "【注意喚起】{c}。シェアお願いします",
        "{c}って噂、ほんとやばい",
        "まだどこも報道してないけど{c}。消される前に保存して",
        "大学の先生が講義で言ってたけど{c}",
        "{c}…らしいっす",
        "これは広まってほしい→{c}",
        "ちょっと長いけど読んで。{c}。{b}使ってる人は今すぐ確認した方がいい。知らないと損するので",
    ),
    enquiry=(
        "{c}って流れてきたんだけど、ほんまに?",
        "{b}のやつ、誰か裏取れた人いる?",
        "え、{c}って事実なん?",
        "{c}って見たけど出典どこ?",
        "{b}のあの噂、信じていいのかな",
        "is it true? {c}って",
        "{b}の件、公式は何か言ってる?",
    ),
    correction=(
        "{b}の件、公式がちゃんと否定してるよ。{c}ってのは嘘",
        "{c}とかいうのはデタラメです",
        "だから{b}のあれは根も葉もない噂だってば",
        "{b}のチェーンメール、完全にフェイク。回さないで",
        "{b}のやつはデマ確定。落ち着いて",
    ),
    official_denial=(
        "現在SNS等で「{c}」という投稿が広がっておりますが、当社としてそのような事実は一切ございません。",
        "「{c}」との噂について:事実ではありません。ご心配をおかけしております。",
    ),
    quote_spread=(
        "ひえっ",
        "これほんとだったらやばすぎ",
        "みんな見て👀",
        "うちも気をつけよ",
        "え、無理…",
        "RT",
    ),
    quote_enquiry=(
        "これマ?",
        "ソース出して",
        "ほんまかいな",
        "裏取れてる?",
        "これ事実?",
        "え、これ本当の話?",
    ),
    reply_correction=(
        "これ公式が否定してましたよ",
        "根拠ないやつですよこれ",
        "デタラメなので消した方がいいです",
    ),
    background=(
        "{b}の{i}使ってみた。普通に便利",
        "{b}の{i}、地味に助かってる",
        "{b}の{i}ってどこで見れるの",
        "今月も{b}の{i}にお世話になりました🙏",
        "{b}の{i}わかりにくすぎん?",
        "{b}の{i}のおかげで今日も生きてる",
        "{b}、{i}だけはいいんだよな",
        "{b}の{i}について質問です。みなさんどうしてますか",
        "{b}の{i}、ちょっと値上がりした?",
        "{b}の{i}、ずっと気になってたやつ",
        "友だちに{b}の{i}勧められた",
        "{b}の{i}でトラブった、サポートに電話する",
        "{b}の{i}リニューアルしたって聞いたけどどう?",
    ),
    joke=(
        "{b}の{i}が良すぎて嘘やろって声出た",
        "{b}の{i}の値段見間違えた?うそーんwww",
        "{b}の{i}に救われた話、盛ってないです(大嘘)",
        "{b}の{i}、俺より仕事できるの草",
    ),
    good_news_react=(
        "{b}が{n}!?ほんまに?嬉しい",
        "待って{b}{n}ってマ?",
        "{b}{n}だって〜ありがたい",
        "{b}公式見た、{n}らしい✨",
    ),
    true_news_react=(
        "{b}が{n}って本当なの…",
        "{b}{n}か、ニュースで見たわ",
        "公式サイトにも載ってた、{b}が{n}",
        "{b}、{n}ってマジか。しゃーない",
    ),
    old_news=(
        "{b}の{o}って{y}年くらい前の話じゃなかった?",
        "また{b}の{o}が掘り返されてて草",
        "{b}の{o}、あったなあ",
        "{y}年前のスクショ貼って{b}の{o}とか言ってる人いるけど古いよ",
    ),
    campaign_react=(
        "{b}の{n}、フォローとRTで応募完了!みんなもシェアしてね",
        "{b}{n}だって、シェアして応募するしかない",
        "{b}のキャンペーン、当たれー🙏",
        "{b}の{n}、拡散して一緒に当てよう",
    ),
    decorations=("", "", "", "🙏", "😨", "💦", "‼", "…", "。。", " ((((;゚Д゚))))"),
    official_news="{b}からのお知らせ📢 {n}!詳細はプロフィールのリンクから URL",
)
