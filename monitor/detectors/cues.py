"""Rumor cues: spread requests, enquiries, corrections, hearsay and their hard negatives, per post.

Started from ../shared/data/rumor_cues.tsv (documented cues) and extended for this project. Besides
the cues that signal a rumor (spread requests, enquiries, corrections, official denials, hearsay,
insider and false-authority sources, fear), three categories damp it: ``joke`` (ネタ, 冗談,
嘘でしょ; not laughter: 笑, w and 草 end serious posts too), ``old_news`` (懐かしい, 年前) and
``sourced`` (公式発表, ニュースで, プレスリリース), because joking 嘘, quoted old news and true news
that draws 本当？ look like rumors on the surface.
Enquiry forms of correction words (デマ？, ガセでは) are enquiries, not corrections: they are
matched first and masked before corrections are searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# Phrases saying the news has NOT reported something (ニュースではやらない, ニュースにならない):
# urgency of the hidden, and no source, so the ``sourced`` phrase they begin with (ニュースで,
# ニュースになって) is masked where they occur.
UNSOURCED = (
    "ニュースではやらない",
    "ニュースでは やらない",
    "ニュースでやらない",
    "ニュースでやってない",
    "ニュースでは言わない",
    "ニュースでは言ってない",
    "ニュースで言わない",
    "ニュースで言ってない",
    "ニュースでは流れない",
    "ニュースで流れない",
    "ニュースになってない",
    "ニュースになってません",
    "ニュースにならない",
    "ニュースは出ない",
    "ニュースに出ない",
    "ニュースは出てない",
    "ニュースにも出てない",
)

CUES: dict[str, tuple[str, ...]] = {
    "spread_request": (
        "拡散希望",
        "拡散して",
        "拡散お願い",
        "拡散おねがい",
        "拡散よろしく",
        "拡散願い",
        "拡散を",
        "拡散求む",
        "#拡散",
        "rt希望",
        "rt推奨",
        "拡散推奨",
        "リポスト希望",
        "シェア希望",
        "シェアして",
        "みんなに知らせて",
        "皆さんに知らせて",
        "知らせてください",
        "伝えてください",
        "伝えて下さい",
        "回してください",
        "回して下さい",
        "広めて",
        "コピペして",
        "教えてあげて",
        "周りの人にも",
        "周りにも",
        "家族にも教え",
        "家族にも伝え",
        "友達にも教え",
        "多くの人に",
        "多くの方に",
        "人に送って",
        "シェアお願い",
        "シェアよろしく",
        "rtお願い",
        "pls share",
        "please share",
        "pls rt",
        "please rt",
        "広まってほしい",
        "広まって欲しい",
        # passing it on, said as one does it (回しとくわ, 貼っとく, これ読んで)
        "回しとく",
        "回しておく",
        "回しときます",
        "貼っとく",
        "貼っておきます",
        "貼っといた",
        "共有しとく",
        "共有しといた",
        "共有しときます",
        "これ読んで",
        "絶対読んで",
        "拡散",
        "に言っといて",
        "に言っておいて",
        "広めないと",
        "広めなきゃ",
        # telling others, or telling them to (みんなに周知, 仲間にも回す, みんなに教えとく)
        "に周知",
        "周知して",
        "周知お願い",
        "周知します",
        "周知しと",
        "にも回す",
        "に回す",
        "みんなに教え",
        "広めとく",
        "広めよ",  # 広めよう, つれもて広めよら
        "広めておく",
        "取り急ぎ共有",
        # passing it on, as done (家族のグループに転送済み, 親に送っといた, こちらでもシェアさせて
        # いただきます); a chain letter's 転送歓迎
        "転送した",
        "転送済み",
        "転送しと",
        "転送しま",
        "転送歓迎",
        "送っといた",
        "でもシェア",
        "シェアさせて",
        "シェアをお願い",
        "シェアをおねがい",
        "みんなにも教え",
        "みんなさ教え",  # Tohoku: さ for に
        "みんなさも教え",
        "教えといた",
        "教えておいた",
        "共有しました",
        "流しとく",
        "流しといた",
        "流しておく",
        "送っときました",
        "送っときます",
        "片っ端から送",
        "回さねば",
        "回しといて",
        "で回して",
        "【転送】",
        "申し伝えます",
        "sharing.",  # this is scary. sharing. (not: sharing my new favourite drink)
        "sharing this.",
        # it should spread, and the poster passes it on (もっと広まるべき, 見てしまった以上は回す,
        # うちの母にも読ませた); a telegram's シラセル (知らせる)
        "広まるべき",
        "広めるべき",
        "以上は回す",
        "けぇ回す",
        "にも読ませた",
        "シラセル",
        # shown, forwarded or phoned on (町内会の役員にも見せる, 姉にも転送, おばあちゃんにも電話で伝えた)
        "にも見せる",
        "にも見せた",
        "にも転送",
        "にも電話で",
        "知られるべき",  # この件、もっと知られるべき
        "でも話題にする",  # 保護者会でも話題にする
        # shared at work, told to the dog-walking friends, pinned up, posted to the family group
        "で共有する",
        "にも教えておく",
        "にも貼って",
        "グループに流す",
    ),
    "enquiry": (
        "本当?",
        # asking for the announcement or the reports, not citing them (公式発表は?, 報道は出てる?),
        # and if it were true (これが本当なら大ごとだよね?)
        "発表は?",
        "報道は?",
        "報道は出てる",
        "これが本当なら",
        "本当だったら",
        "ほんとうだったら",
        "ほんとうですか",
        "ほんとうなの",
        "に載ってたの",  # 回覧板のどこに載ってたの?
        # asking for the evidence, the source, the place or the brand's word (写真ある?, 日付入ってる?,
        # 本人が見たの?, どこの病院の話?, 何年の話?, 公式は何か出してる?, 自分の目で見た人いる?)
        "source?",
        "legit?",
        "写真ある?",
        "日付入ってる",
        "元の投稿はどこ",
        "本人が見たの",
        "の話?",
        "何年の話",
        "何て言ってるの",
        "何か出してる",
        "見た人いる",
        "報じられてますか",
        "信じがたい",
        "本当に?",
        "ほんと?",
        "ほんとに?",
        "ほんとう?",
        "マジ?",
        "まじ?",
        "まじで?",
        "マジで?",
        "ガチ?",
        "ガチで?",
        "事実?",
        "事実ですか",
        "本当なの",
        "ほんとなの",
        "本当かな",
        "ほんとかな",
        "本当なのか",
        "本当ですか",
        "本当でしょうか",
        "って本当",
        "ってほんと",
        "ってマジ",
        "ってまじ",
        "ってガチ",
        "ソースは",
        "誰情報",  # whose information is this?
        "転送元",
        "本物?",
        "ソースある",
        "ソースどこ",
        "ソース元",
        "情報源",
        "情報元",
        "どこ情報",
        "誰か知って",
        "確認した人",
        "信じていい",
        "真偽",
        "デマ?",
        "デマでは",
        "デマじゃない?",
        "デマじゃないの",
        "デマなの?",
        "デマかな",
        "デマか?",
        "ガセ?",
        "ガセでは",
        "ガセじゃない?",
        "ガセなの?",
        "嘘?",
        "嘘でしょ?",
        "うそ?",
        "うそでしょ?",
        "ほんま?",
        "ほんまに?",
        "ほんまかいな",
        "ほんまなん",
        "ってマ?",
        "これマ?",
        "それマ?",
        "本当の話?",
        "ほんとの話?",
        "事実なの",
        "事実なん",
        "出典は",
        "出典どこ",
        "出典元",
        "裏取れ",
        "裏は取れ",
        "ソース?",
        "ソース出",
        "is it true",
        "is this true",
        "ほんとですか",
        "ほんとなん?",
        "ほんとなの?",
        "本当なん?",
        "本当なの?",
        "ホントですか",
        "ホントなの?",
        "ホントに?",
        "マジですか",
        "まじですか",
        "マジなん?",
        "まじなん?",
        "ガチで言って",
        "マジで言って",
        "ガチなの?",
        "ガチなん?",
        "ソース求む",
        "一次ソース",
        # asking whether the brand said anything: not a cited source (発表あった?)
        "発表あった?",
        "発表あったの?",
    ),
    "correction": (
        "デマ",
        "ガセ",
        "誤情報",
        "誤報",
        "フェイク",
        "嘘らしい",
        "嘘情報",
        "嘘の情報",
        "嘘です",
        "嘘だよ",
        "間違った情報",
        "間違いです",
        "信じないで",
        "拡散しないで",
        "広めないで",
        "回さないで",
        "騙されないで",
        "だまされないで",
        "公式が否定",
        "否定して",
        "否定され",
        "訂正",
        "事実じゃない",
        "事実ではない",
        "デタラメ",
        "でたらめ",
        "根も葉もない",
        "根拠ない",
        "のは嘘",
        # a denial passed on (〜なんて事実はないって), advice not to believe it (信じないほうがいい)
        "なんて事実はない",
        "という事実はない",
        "ような事実はない",
        "信じないほうがいい",
        "信じない方がいい",
        "そんなことなかった",  # 実際に行ってきたけど、そんなことなかったです
        # in English, in a Japanese post (「…」 is not true, 完全にfakeだった)
        "is not true",
        "isn't true",
        "isn’t true",
        "fake news",
        "fakeだった",
    ),
    "official_denial": (
        "事実ではありません",
        "事実ではございません",
        "事実はありません",
        "事実はございません",
        "そのような事実",
        "事実無根",
        "根拠のない",
        "誤った情報",
        "誤りです",
        "誤りでございます",
        "事実と異なります",
        "事実とは異なります",
        "出回っておりますが",
        "ご注意ください",
        "否定いたします",
        "否定いたしました",
        "否定させていただ",
        "正式に否定",
    ),
    "hearsay": (
        "見たって人",  # 見たって人が何人もいる: seen by someone, said by someone else
        "らしい",
        "って聞いた",
        "と聞いた",
        "ち聞いた",  # Kyushu: 〜ち聞いたけん
        "から聞いた",
        "聞いたんだけど",
        "って言ってた",
        "と言ってた",
        "とのこと",
        "みたいだよ",
        "みたい。",
        "だそう",
        "そうです",
        "って噂",
        "という噂",
        "の噂",
        "噂で",
        "って話",
        "んだって",
        "だってさ",
        "みたいよ",
        "から情報",
        "からの情報",
        "情報によると",
        "回ってきた",
        "回ってきて",
        "流れてきた",
        "言ってた",
        "言ってました",
        "言っていた",
        "聞きました",
        "聞いてきた",
        "聞いた話",
        "噂",
        "未確認",
        "流言",
        "だってよ",
        "んやって",
        "るってよ",
        "たってよ",
        "情報を見かけ",
        "って知ってた",
        "って書き込み",
        "って喋って",
        # talk overheard or brought up among people (話してるのが聞こえた, 集まりで出た話, 気になる話を
        # 聞いてしまった), told by everyone met (会う人会う人, 同じことを言ってる, ずっとこの話をしてた),
        # a note of what is said (との話あり), classical hearsay (〜の由、 〜とぞ聞く), a source kept
        # unnamed (名前は伏せてたけど)
        "話してるのが聞こえ",
        "話してたのが聞こえ",
        "話しているのが聞こえ",
        "で出た話",
        "話を聞いてしまった",
        "会う人会う人",
        "同じことを言って",
        "同じ話をする",
        "同じ話をしてる",
        "この話をしてた",
        "この話をしてる",
        "みんなで話してた",
        "この話で持ちきり",
        "その話で持ちきり",
        "との話あり",
        "の由、",
        "の由。",
        "とぞ聞く",
        "名前は伏せ",
        # heard in one more place, or brought up there too (釣具屋でも聞いた, 家族会でも出た, 物販列で
        # 聞いたの), what everyone asked says (聞く人みんな同じこと言う), whispered (ひそひそ, ぼそっと),
        # summed up (三十分の内容を要約すると), read between the lines (行間を読めばわかる), written by
        # someone (誰かが書いてた), learned in talk (話してて知った), told in Iyo (言いよんなった)
        "でも聞いた",
        "で聞いたの",
        "でも出た",
        "聞く人みんな",
        "ひそひそ",
        "ぼそっと",
        "要約すると",
        "行間を読",
        "が書いてた",
        "の話と一緒",
        "話してて知った",
        "言いよん",
        # the talk here too, matching another's account (うちの地区でもこの話, 板前さんの話と一致)
        "でもこの話",
        "話と一致",
        "同じことを言った",
        # sent on by someone (職場の先輩から届いたのが), known to all but the few (知らずにいるの、うちの
        # 親くらい)
        "から届いたの",
        "知らずにいる",
        # told the same again, made to hear it, read out on the radio, the dots joined (薬局でも同じこと
        # を言われた, 山頂で聞かされたのと同じ, ラジオで読まれたやつ, 点と点がつながった, 薄々気づいてた)
        "同じことを言われた",
        "まったく同じ話",
        "聞かされた",
        "で読まれた",
        "点と点が",
        "薄々気づいて",
        # brought up, caught, written even in a pupil's contact book (という話が出た, 同じ話を耳にする,
        # 連絡帳にまで書かれてた); not とかで alone (雨とかで遅れた)
        "という話が出",
        "耳にする",
        "を耳に",
        "にまで書かれ",
        # someone named was saying so (美容院で担当さんが話してた); not talking with someone
        # (友達と話してた)
        "が話してた",
        "が話していた",
        "が話してました",
        "って話してた",
        "も話してた",
        "話してたって",
        # according to someone (同級生いわく, 店長曰く), someone saw it (母が見たって)
        "いわく",
        "曰く",
        "が見たって",
        # told, or read, by someone (郵便屋さんが教えてくれた, 〜が言うには, ブログに書いてあった);
        # not a question answered (使い方を聞いたら丁寧に教えてくれた, おすすめを教えてもらった)
        "が教えてくれた",
        "って教えてくれた",
        "と教えてくれた",
        "こっそり教えてくれた",
        "小声で教えてくれた",
        "ついでに教えてくれた",
        "に言われた",
        "って教えてもらった",
        "と教えてもらった",
        "こっそり教えてもらった",
        "聞いちゃった",
        "が言うには",
        "に書いてあった",
        "に書いてた",
        "って書いてあった",
        "って書いてある",
        "から転載",
        "より転載",
        "転載します",
        "転載させて",
        "転載です",
        "言われてる",
        # the text of a screenshot passed on (画像の文字起こし, 画像内テキスト)
        "画像の文字起こし",
        "画像内テキスト",
        "スクショの文字",
        # passed on as maybe true (ワンチャン本当, ガチならオワタ)
        "ワンチャン本当",
        "ガチなら",
        "マジなら",
        "で回ってた",
        "で回ってる",
        # a quote closing the sentence: someone said so (〜溶かしてたって。)
        "って。",
        "って…",
        "って!",
        # read somewhere unnamed (not on TV or in the news: those are events people saw)
        "スレで見た",
        "掲示板で見た",
        "ネットで見た",
        "まとめで見た",
        "tlで見た",
        "タイムラインで見た",
        "コメ欄で見た",
        "snsで見た",
        "facebookで見た",
        "インスタで見た",
        "youtubeで見た",
        "tiktokで見た",
        "lineで見た",
        "で見た話",
        "で見たお話",
        # read in one more unnamed place (ウィキにも書いてあった), heard in talk (立ち話で聞いた。)
        "にも書いてあった",
        "にも書いてた",
        "にも書いてある",
        "で聞いた。",
        "で聞いた話",
        "って聞いで",  # Tohoku: 聞いで for 聞いて
        "見た人がいる",
        # passed on not knowing whether it is true (どこまで本当かは分かりませんが), the urban legend's
        # 信じるか信じないかは…, a chain letter's 同じ文面
        "どこまで本当か",
        "本当かどうか分から",
        "本当かどうかわから",
        "信じるか信じないか",
        "同じ文面",
        # passed round here too, heard from one more person (ゼミでも回ってる, 配達員さんからも
        # 聞いた), common knowledge in a trade (業界では有名な話), half remembered (うろ覚えなんだけど)
        "でも回ってた",
        "からも聞いた",
        "有名な話",
        "うろ覚え",
        "word is:",
        # the same story met elsewhere (美容師さんの話と一致してる, 配信のチャットで見たのと同じ,
        # トピでも同じ話してた, threadsでもこれ回ってる, fw:で来たやつと一字一句同じ)
        "と一致してる",
        "と一致する",
        "で見たのと同じ",
        "で来たのと同じ",
        "で来たやつと",
        "同じ話して",
        "一字一句同じ",
        "も回ってる",
        "もこれ回ってる",
        "話が入ってくる",
        "コメント欄で",
        "で見たやつ",
        "で聞いたやつ",
        # taken as confirming what was suspected (やっぱりそうだったか, 前から怪しいと思ってた, 信じて
        # たのに, 見損なった): the story believed as it passes; not やっぱり alone (やっぱり好き)
        "やっぱりそうだった",
        "やっぱりね、",
        "やっぱりね。",
        "やっぱりか、",
        "やっぱりか。",
        "やっぱりか..",
        "前から怪しい",
        "信じてたのに",
        "信用してたのに",
        "見損な",
        # said so, in dialect (言うてはった, 言うとった)
        "言うてはった",
        "言うてた",
        "言うとった",
        "言っとった",
        "言いよった",
        "ゆうとった",
        "ゆうてた",
        "ゆうてはった",
        "ゆうて聞い",
        "ちゅう話",
        # Kyushu and Chugoku げな, "so they say", closing a sentence after a verb or だ (動かしてるげな。
        # 出たげな、); not before a noun (言いたげな顔, 怪しげな店: "seeming")
        "るげな。",
        "るげな、",
        "たげな。",
        "たげな、",
        "だげな。",
        "だげな、",
        "げなよ",
        "げなばい",
        "げなけん",
        # a relative as the source: weak, as family come up in everyday talk (姉がおすすめしてた)
        "お父さん",
        "お母さん",
        "兄が",
        "姉が",
        "旦那が",
        "嫁が",
        "彼氏が",
        "彼女が",
        "家族が",
        # believe it or not; a story that happened to someone near, told as proof
        "信じる信じない",
        "信じるも信じないも",
        "信じない人は",
        "身に起きた",
        "身に起こった",
    ),
    "insider": (
        # knowing more than can be said (あとは察して, 誰とは言わないけど, 氷山の一角), a line of
        # work that shows the inside, vouching in person (私が証人, 見たままを書いてる)
        "察して",
        "誰とは言わない",
        "氷山の一角",
        "仕事柄いろいろ",
        "仕事柄知",
        "仕事柄わか",
        "仕事柄、裏",
        "私が証人",
        "見たままを書",
        "業界の人間なら",
        "業界人なら",
        "知ってる人は知ってる",
        "当事者なので",
        "誰も口にしない",
        "みんなわかってる",
        "皆わかってる",
        # holding back the rest (これ以上は書かない, 今は詳しく書けない, …とだけ言っておく)
        "これ以上は書かない",
        "詳しく書けない",
        "とだけ言っておく",
        # once worked there, or it is common knowledge here (関係で働いてた者です, うちの地区ではもう常識)
        "で働いてた",
        "働いてた者",
        "もう常識",
        "ここだけの話",
        "知ってることを置いて",  # 以上、知ってることを置いておく
        # what the trade knows, said as far as one may (業界にいれば常識の範囲, 言える範囲で言うと,
        # これ以上は身バレするので書けない)
        "業界にいれば",
        "常識の範囲",
        "身バレ",
        "言える範囲",
        "知り合いが",
        "知り合いの",
        "友達が言って",
        "友達のお母さん",
        "友達のお父さん",
        "友達のお兄",
        "友達のお姉",
        "友達のおじ",
        "友達のおば",
        "友人の",
        "義弟",
        "親戚",
        "関係者",
        "内部の人",
        "内部情報",
        "中の人",
        "社員の",
        "社員が",
        "店員が言って",
        "店員さんが言って",
        "で働いてる",
        "で働いている",
        "でバイトしてる",
        "勤務の",
        "に勤めて",
        "勤めてる",
        "勤めの",
        "勤めで",
        "勤務して",
        "本社の人",
        "元社員",
        "社員です",
        "社員だけど",
        "中にいた人",  # 中にいた人間ならみんな知ってる; not 私もその中にいた (a queue, an outage)
        "詳しくは書けない",
        "詳しくは言えない",
        "詳しくは書けません",
        "詳しくは言えません",
        # a secret someone inside can no longer keep (もう隠せないから書く, 社員にはもう伝えられてる)
        "もう隠せない",
        "社員には",
        "誰も言わないから",
        # a paper marked for inside eyes only (社外秘, 取扱注意)
        "社外秘",
        "取扱注意",
        "内部資料",
        "内部文書",
    ),
    "urgent": (
        "速報",
        "冗談ではありません",  # insisting it is true
        "冗談ではない",
        "緊急",
        "悲報",
        "至急",
        "まだ報道されてない",
        "注意喚起",
        "breaking",
        "消される前に",
        "削除される前に",
        "報道してない",
        "何も発表してない",
        "注意を呼びかけ",
        "報道しない",
        "報道されない",
        "知らないと損",
        "【重要】",
        # insisting an unsourced claim is true (chain messages: これ事実です; not マジな話, which
        # is everyday emphasis: マジな話、ここのラーメン最高)
        "これ事実",
        "本当の話です",
        "信じない人は信じなくて",
        "psa:",
        "psa、",
        "psa,",
        "psa ",
        "fyi",
        # an alarm raised in emoji, or a warning without a source (悪いこと言わないから)
        "🚨",
        "悪いこと言わないから",
        "悪いことは言わないから",
        "【warning】",
        "heads up",
        "報じない",
        "報じられない",
        # cannot keep it to oneself (黙ってられない, 見なかったことにはできない)
        "黙ってられない",
        "黙っていられない",
        "黙ってらんない",
        "黙ってらんねえ",
        "黙っとれん",
        "見なかったことにはできない",
        "これは書く",  # 確かめたことしか書かない主義だけど、これは書く
        # it will be silenced, it cannot stay hidden, see for yourself, no doubt about it
        "消されないか",
        "隠しきれな",
        "隠し通せな",
        "確かめたければ",
        "自分の目で確かめ",
        "断言できる",
        "断言します",
        # the news has not reported it (ニュースではやらない, まだニュースになってない): the hidden,
        # no cited source (see ``UNSOURCED``)
        *UNSOURCED,
    ),
    "authority": (
        "省より",
        "省から",
        "省によると",
        "保健所",
        "警察によると",
        "警察から",
        "役所から",
        "自治体から",
        "医者の",
        "専門家によると",
        "消防から",
        "庁から",
        "庁より",
        "庁によると",
        "から通達",
        "通達が",
        "教授が言って",
        "教授によると",
        "大学の先生",
        "医師によると",
        "お医者さん",
    ),
    "fear": (
        "怖い",
        "こわい",
        "怖すぎ",
        "危ない",
        "危険",
        "気をつけて",
        "気を付けて",
        "注意して",
        "行かないで",
        "食べないで",
        "使わないで",
        "買わないで",
        "今のうちに",
        "やばくない?",
        "ヤバくない?",
        "今すぐ確認",
        "確認した方が",
        "ない方がいい",
        "やめた方が",
        "気をつけよ",
        "気をつけ",
        "きをつけて",
        "きおつけて",
        "覚えておいたほうが",
        "覚えておいた方が",
        "覚えといたほうが",
        "覚えといた方が",
        "気おつけて",
        "気ぃつけ",
        "避けたほうがいい",
        "避けた方がいい",
        "知っておくべき",
        "知っとくべき",
        "知っといて",
        "身を守",
        "おっかない",
        "おっかねえ",
        "ガクブル",
        # a warning headline, advice to act or stay away (今月中に動いたほうがいい, 行かねえほうがいい)
        "【要注意】",
        "御用心",
        "ご用心",
        "動いたほうがいい",
        "動いた方がいい",
        "ないほうがいい",
        "ねえほうがいい",
        "ねえ方がいい",
        # stay away, in Chikugo and Iyo (近づかんがよか, 使わんようにしなはい)
        "近づかんが",
        "使わんように",
    ),
    "joke": (
        "ネタ",
        "(jk)",
        "わけない)",  # 火星支店オープン(するわけない)
        "妄想)",  # 【速報(妄想)】
        "私調べ",  # 【速報・ただし私調べ】
        # a mock bad-news header (【悲報ではない】美味しすぎて予定が消える)
        "悲報ではない",
        "悲報じゃない",
        # a joke, not "this is no joke" (冗談ではありません, 冗談じゃない, 冗談抜きで)
        "冗談です",
        "冗談だよ",
        "冗談だけど",
        "冗談だから",
        "冗談でした",
        "冗談でしょ",
        "冗談よ",
        "冗談やけど",
        "嘘やけど",
        "うそだけど",
        "ウソだけど",
        "冗談やで",
        "(冗談)",
        "冗談w",
        "冗談笑",
        "エイプリルフール",
        "嘘みたい",
        "嘘だろ",
        "うそだろ",
        "嘘でしょ",
        "嘘じゃん",
        "嘘かと思",
        "嘘やろ",
        "うそやろ",
        "嘘やん",
        "うそーん",
        "大嘘",
        "(嘘)",
        "(うそ)",
        "嘘だけど",
        # "don't quote me" tacked on to a tall tale (良すぎて国が買い取るらしい。知らんけど)
        "知らんけど",
        # taken back in the same breath, or only dreamt (就任(してない), という夢を見た)
        "(してない)",
        "(されてない)",
        "(してません)",
        "(されてません)",
        "という夢を見た",
        "って夢を見た",
        # true only in the poster's own mind (ノーベル賞取るらしいよ。私の中で; ソースは私の妄想)
        "私の中で",
        "私の妄想",
        "俺の妄想",
        "僕の妄想",
        "俺の中で",
        "僕の中で",
        "自分の中で",
    ),
    "old_news": (
        "年前",
        "去年の",
        "昨年の",
        "昔の",
        "昔あった",
        "懐かしい",
        "なつかしい",
        "当時",
        "前にもあった",
        "前にもこんな",
        "蒸し返",
        "古い情報",
        "古い話",
        "古いニュース",
        "今さら",
        "今更",
        "年くらい前",
        "年ぐらい前",
        "前の話",
        "掘り返",
        "掘り起こ",
        "古いよ",
        "昔話",
    ),
    "sourced": (
        "公式発表",
        "公式サイト",
        "公式ページ",
        "公式が発表",
        "公式から発表",
        "公式アカウント",
        "公式で発表",
        "公式の発表だ",
        "公式の発表が出",
        "公式の発表で",
        "正式発表",
        "正式に発表",
        "プレスリリース",
        "ニュースで",
        "ニュースになって",
        "記事出て",
        "記事になって",
        "発表された",
        "発表あった",
        "発表してた",
        # an announcement (公式のお知らせ, お知らせが出てる), not a poster informing followers
        # (念のためお知らせいたします, 皆様にお知らせせねば): the noun, not the verb
        "【お知らせ】",
        "のお知らせ",
        "お知らせが出",
        "お知らせ出",
        "お知らせに",
        "お知らせで",
        "お知らせ見",
        "お知らせを見",
        "お知らせ読",
        "お知らせを読",
        "お知らせページ",
        "公式見た",
        "公式で見た",
        "公式に載って",
        "公式にも載って",
        "新聞に載って",
        "記事で見",
        # entering the brand's own campaign (応募完了、シェアよろしく): its share request is the
        # campaign's, passed on by someone who took part in it
        "応募完了",
        "応募しました",
        "当たりますように",
    ),
    # a witness of something happening now, where the poster is (いま現場におる, 遭遇中, なう):
    # first-hand news of an event, not a story passed on
    "witness": (
        "なう。",
        "なう!",
        "なう ",
        "遭遇中",
        "絶賛遭遇",
        "今まさに",
        "いままさに",
        "目の前で起きて",
        "現地から",
        "いま現地",
        "今現地",
        "現場にいる",
        "現場におる",
        "現場に居る",
        "その場にいる",
        "その場にいます",
        "居合わせて",
        "居合わせた",
        "リアルタイムで見てる",
        "実況中",
        "いまここにいる",
        # first-hand, as it happens, along with everyone else (うちだけかと思ったら, いま自分も)
        "だけかと思ったら",
        "だけかと思ってたら",
        "自分だけじゃなかった",
        "いま自分も",
        "今自分も",
        "right now",
        "いまここにおる",
        "遭遇した",
        # watching it live, on the spot, with the timeline full of it
        "実況します",
        "実況して",
        "目の前で見て",
        "現地です",
        "現地にいる",
        "これ一色",
        "この話一色",
        "この話しかない",
        "この話題しかない",
        "が全部これ",
        # filming it, caught up in it
        "一部始終",
        "動画撮った",
        "動画に撮った",
        "巻き込まれてる",
        "巻き込まれてます",
        "巻き込まれ中",
        # there now, watching it, or wondering what is going on (現地なう, いま目の前, 何ごとかと思った),
        # with others reporting it live (鯖でも実況されてる, 友達から実況が次々届く)
        "現地なう",
        "いま目の前",
        "今目の前",
        "何ごとかと",
        "何事かと",
        "実況され",
        "実況が",
        # was there a moment ago, saw it on the spot (さっきまでいた, わたしもそこにいました, 現地で見た)
        "その場にいた",
        "そこにいた",
        "そこにいました",
        "さっきまでいた",
        "現地で見た",
        "現場で見た",
        # in the middle of it, for a while now (さっきからずっとこの状態, いま…の真っ只中, もう一時間
        # このまま), or just through it (さっき終わった)
        "さっきからずっと",
        "真っ只中",
        "もう一時間",
        "さっき終わった",
        # there now, with everyone else, waiting for it to pass (わたくしも今その場におります, うちも
        # 今それ, スマホを握りしめて待機中, いつ落ち着くんだろう, みんな同じで笑う)
        "今その場",
        "その場におり",
        "も今それ",
        "待機中",
        "いつ落ち着く",
        "みんな同じで",
        # one of the crowd, or the only one? (私もその中にいた, そっちも? うちだけ?, 友達も同じだって),
        # still going or just over (まだ続いてる, やっと終わった, さっきようやく解放された), here now (今ここ)
        "その中にいた",
        "うちだけ?",
        "も同じだって",
        "まだ続いてる",
        "やっと終わった",
        "ようやく解放",
        "今ここ",  # also 今ここにいる, 今ここにおる
        "体験中",
        "進行形",
        "ゆうべからずっと",
        # living through it with the rest (ひどすぎて逆に笑える, 同じ人がこんなにいるなら, きのうに続いて
        # 今日も, 写真じゃ伝わらない)
        "逆に笑える",
        "同じ人がこんなに",
        "に続いて今日も",
        "じゃ伝わらない",
        "けど伝わらない",
        # in the thick of it, not over yet, everyone hit the same (さっきまでその渦中にいた, まさに目の前
        # で進行中, まだ解消しない, 朝からずっと続いてる, みんな同じ目にあってる)
        "渦中にいた",
        "目の前で進行中",
        "まだ解消しない",
        "朝からずっと続いて",
        "同じ目にあって",
    ),
}

# Cues that make a post a carrier or a sign of a rumor; the damping ones speak against it.
RUMOR_CUES = frozenset(
    {
        "spread_request",
        "enquiry",
        "correction",
        "official_denial",
        "hearsay",
        "insider",
        "authority",
        "fear",
        "urgent",
    }
)
DAMPING_CUES = frozenset({"joke", "old_news", "sourced", "witness"})

_QUESTION = re.compile(r"[!?]*\?[!?]*")
# The 突然の死 banner (＿人人人＿ ＞ …終了のお知らせ ＜ ￣Y^Y^Y￣), as ``normalize`` leaves it: a
# shout, so an announcement it names (のお知らせ) is no cited source.
_BANNER = re.compile(r"_人+_ ?>[^<]*<")
# "Is it true?" in any dialect: a word for true, then at most a short ending in kana, then a
# question mark (本当ずら? ほんまじゃろか? ほんとだべか? ほんなこつね? ホント?). Not ほんとに or
# マジで + what follows (マジで勘弁して?, ほんとにやるの?: the adverb "really"), nor a tag
# seeking agreement (本当だよね?).
_TRUE_QUESTION = re.compile(
    r"(?:本当|ほんとう|ほんと|ホント|ほんま|ホンマ|マジ|まじ|ガチ|ほんなこつ)(?!に|で(?!す))"
    r"[\u3041-\u3096\u30a1-\u30fa\u30fc]{0,5}(?<!よね)\?"
)


def _asks_if_true(text: str) -> bool:
    return "?" in text and _TRUE_QUESTION.search(text) is not None


# A quote closing the post (〜処分してるって, 〜留守電だって 🕯️): someone said so, as the phrase
# "って。" says where the poster types the full stop. After a plain predicate (る, た, い, だ): not
# a request in the て-form (ちょっと待って, 今日に限って), nor a question (閉店するって?).
_QUOTE_AT_END = re.compile(r"[るたいだ]って[^\w?]*$")
# An event told as the time the poster lived through it (サーバーが落ちた夜、まじで草; 店の前に長い
# 列ができた朝、寒かった): first-hand, a witness's account, not a story passed on.
_THE_DAY_IT_HAPPENED = re.compile(r"た(?:夜|朝|日|晩|夕方|午後)[、,]")


# Someone said it, in reported speech: a quote, と or って and a verb of telling, maybe with who said
# it or whom it was told to (つぶれると子どもに話してて, 売られてるって言い出して, 倍になると演説してた,
# 夜逃げの準備をしてるって世間話, 〜だと講師がこぼしてた, 『…』と投下されて, ラジオで〜と読まれてた,
# 預かり金ぜんぶ没収と発言); a plain predicate and と with the verb left out (〜来月で撤退すると。);
# someone's words quoted and left there. Before 話す and 世間話 the quote must end in a plain predicate
# or a bracket: after a noun it is talking with someone (友達と話してた).
_REPORTED_SPEECH = re.compile(
    r"[るたいだ」』](?:と|って)(?:[^、。!?\s]{1,8}に)?(?:話して|話しと|世間話)"
    r"|(?:と|って)(?:[^、。!?\s]{1,8}[がに])?"
    r"(?:言い出|演説|こぼし|吹聴|触れ回|書き込|投下|読まれ|発言|添え書き|投稿され|漏らし|もらし|ぼやい"
    r"|つぶやい|口をすべら|口走)"
    # the verb of telling left out, the quote closing a sentence or the post (〜来月で撤退と。,
    # 師範が〜においと, 回収もしてないと): not もっと, こと, ごと, あと, ひと, しないと (must), 〜なと /
    # 〜かと, 〜なあ、と (I think)
    r"|(?<![っもあえこごひそおさなか、])(?<![^てで]ない)と(?:[。…!]|[^\w?]*$)"
    # someone's words quoted and left there, closing the sentence (牌を切りながらおじさんが
    # 『…』。, 組合長が『…』と): what they said, passed on
    r"|が[^。『「」』]{0,40}[『「][^』」]{6,}[』」]と?(?:[。!…、]|[^\w?]*$)"
)


def _by_rule(text: str, found: set[str]) -> frozenset[str]:
    """``found`` with the cues three rules find where no phrase says them: a quote closing the post
    or reported speech is hearsay, an event told as the time it happened a witness's."""
    if "hearsay" not in found and (
        _QUOTE_AT_END.search(text) is not None or _REPORTED_SPEECH.search(text) is not None
    ):
        found.add("hearsay")
    if "witness" not in found and _THE_DAY_IT_HAPPENED.search(text) is not None:
        found.add("witness")
    return frozenset(found)


def _trie_pattern(phrases: Iterable[str]) -> str:
    """A regex matching exactly the given phrases, as a character trie.

    Python's ``re`` tries the alternatives of ``a|b|...`` one by one at each position; sharing the
    prefixes makes one pass over a post about as cheap as two of the per-category patterns. The
    path through the trie is unique and each optional tail is greedy, so at each position the
    longest phrase matches, as with the alternatives sorted longest first.

    >>> _trie_pattern(["デマ", "デマだ", "拡散"])
    '(?:デマ(?:だ)?|拡散)'
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


_PHRASES = frozenset(c for v in CUES.values() for c in v)  # every cue phrase, of any category
# Every cue phrase, longest first at each position: what is left of a claim without them, and
# where a post's cues begin.
_ALL = re.compile(_trie_pattern(_PHRASES))


def _split_by_script(phrases: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    """Two tries, for the phrases that begin with hiragana and for the rest: whether a post has
    any cue at all (most have none).

    ``re`` tries each alternative of a trie's first level wherever a post has one of their first
    characters. Hiragana are most of a post's characters but begin few phrases: apart, the common
    characters meet a short alternation, and the long one is tried only at the rarer kanji and
    katakana: two scans cost less than one through a trie of all.
    """
    hiragana = {p for p in phrases if "\u3040" <= p[0] <= "\u309f"}
    groups = [g for g in (hiragana, set(phrases) - hiragana) if g]
    return tuple(re.compile(_trie_pattern(g)) for g in groups)


_ANY = _split_by_script(_PHRASES)


def _begun_by(
    cues: dict[str, tuple[str, ...]],
) -> tuple[dict[str, int], dict[str, tuple[tuple[int, str], ...]]]:
    """For each phrase ``_ALL`` can match: the length of the longest enquiry phrase it begins
    with (0 for none), and the length and category of every other cue phrase it begins with.

    At a position where ``_ALL`` matches phrase P, the phrases that begin there are exactly the
    cue phrases that P begins with (all are prefixes of the text there, and P is the longest).
    """
    by_phrase: dict[str, set[str]] = {}
    for name, phrases in cues.items():
        for phrase in phrases:
            by_phrase.setdefault(phrase, set()).add(name)
    enquiry: dict[str, int] = {}
    others: dict[str, tuple[tuple[int, str], ...]] = {}
    for phrase in by_phrase:
        heads = [phrase[:k] for k in range(1, len(phrase) + 1) if phrase[:k] in by_phrase]
        enquiry[phrase] = max((len(h) for h in heads if "enquiry" in by_phrase[h]), default=0)
        others[phrase] = tuple(
            (len(h), name) for h in heads for name in sorted(by_phrase[h]) if name != "enquiry"
        )
    return enquiry, others


_ENQUIRY_HEAD, _OTHER_HEADS = _begun_by(CUES)
# For each phrase ``_ALL`` can match: the length of the longest ``UNSOURCED`` phrase it begins with.
_UNSOURCED_HEAD = {
    phrase: max((len(u) for u in UNSOURCED if phrase.startswith(u)), default=0) for phrase in _PHRASES
}


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the text from ``start`` to ``end`` overlaps one of the masked ``spans``."""
    return any(a < end and start < b for a, b in spans)


def _prepare(normalized: str) -> str:
    """Fold ``!?``, ``?!`` and ``??`` to one ``?`` so that マジ!? meets マジ?."""
    return _QUESTION.sub("?", normalized)


# Words that allege harm or misconduct by a company: what a false rumor about a brand says when it
# is stated as bare fact (not a cue by itself: true complaints say them too).
ALLEGATIONS = (
    "隠蔽",
    "隠して",
    "隠してる",
    "揉み消",
    "もみ消",
    "偽装",
    "改ざん",
    "改竄",
    "捏造",
    "不正",
    "違法",
    "脱税",
    "横領",
    "詐欺",
    "ぼったくり",
    "ボッタクリ",
    "ふっかけ",
    "吹っかけ",
    "水増し",
    "使い回し",
    "手抜き",
    "欠陥",
    "異物",
    "混入",
    "食中毒",
    "集団感染",
    "発がん",
    "有害",
    "倒産",
    "破綻",
    "夜逃げ",
    "潰れ",
    "つぶれ",
    "身売り",
    "流出",
    "漏洩",
    "漏えい",
    "盗撮",
    "盗ん",
    "盗ま",
    "くすね",
    "逮捕",
    "摘発",
    "書類送検",
    "死亡",
    "死者",
    "爆発",
    "虐待",
    "パワハラ",
    "セクハラ",
    "見せかけ",
    "ケチって",
    "横流し",
    "売られて",
    "売ってる",
    # a culprit, stolen goods, fakes, food past its date, hush money, a rule broken
    "犯人",
    "窃盗",
    "盗品",
    "ニセモノ",
    "期限切れ",
    "ごまかし",
    "誤魔化",
    "口止め",
    "違反",
    "偽って",
    "偽り",
)
_ALLEGATION = re.compile("|".join(map(re.escape, ALLEGATIONS)))


def has_allegation(text: str) -> bool:
    """Whether a text alleges harm or misconduct (倒産, 混入, 隠蔽, ふっかけ...).

    >>> has_allegation("見積もりは見せかけで、最後に倍の金額をふっかけてくる"), has_allegation("新作おいしい")
    (True, False)
    """
    return _ALLEGATION.search(text) is not None


def find_cues(normalized: str) -> frozenset[str]:
    """The cue categories present in normalized text.

    A category is present when one of its phrases occurs; enquiry forms of correction words
    (デマ?) are enquiries: the enquiry phrases, leftmost and longest first and not overlapping,
    are masked before the other categories are looked for. One scan finds where cue phrases
    begin, and which phrases begin there, instead of one scan per category. Rules besides the
    phrases: with no enquiry phrase, "is it true?" in any dialect (本当ずら?) is an enquiry;
    an announcement named inside a 突然の死 banner (＿人人＿ ＞ …終了のお知らせ ＜) is no source, nor
    is news that has not reported it (ニュースではやらない: ``UNSOURCED``); a quote closing the post
    after a plain predicate (処分してるって) or reported speech (つぶれると子どもに話してて) is hearsay;
    an event told as the time the poster lived through it (サーバーが落ちた夜、) is a witness's.

    >>> sorted(find_cues("閉店するらしい、拡散希望"))
    ['hearsay', 'spread_request']
    >>> sorted(find_cues("それデマだよ"))
    ['correction']
    >>> sorted(find_cues("これってデマ!?"))
    ['enquiry']
    >>> sorted(find_cues("新作うますぎて嘘みたい笑"))
    ['joke']
    >>> sorted(find_cues("全員合格って、本当ずら?")), sorted(find_cues("ほんとにやるの?"))
    (['enquiry'], [])
    >>> sorted(find_cues("_人人_ > 新作終了のお知らせ < ̄y ̄ らしい")), sorted(find_cues("新作終了のお知らせ"))
    (['hearsay'], ['sourced'])
    >>> sorted(find_cues("ニュースではやらないけど閉店らしい")), sorted(find_cues("ニュースでやってた"))
    (['hearsay', 'urgent'], ['sourced'])
    >>> sorted(find_cues("売れ残りを処分してるって")), sorted(find_cues("サーバーが落ちた夜、まじで草"))
    (['hearsay'], ['witness'])
    """
    text = _prepare(normalized) if "?" in normalized else normalized
    for pattern in _ANY:
        if pattern.search(text) is not None:
            break
    else:
        return _by_rule(text, {"enquiry"} if _asks_if_true(text) else set())
    starts: list[tuple[int, str]] = []  # each position where a phrase begins, with the longest one
    m = _ALL.search(text)
    while m is not None:
        start = m.start()
        starts.append((start, m.group()))
        m = _ALL.search(text, start + 1)
    masked: list[tuple[int, int]] = []  # the enquiry phrases that a left-to-right pass would mask
    end = 0
    for start, phrase in starts:
        length = _ENQUIRY_HEAD[phrase]
        if length and start >= end:
            end = start + length
            masked.append((start, end))
    found = {"enquiry"} if masked else set()
    shouted = [m.span() for m in _BANNER.finditer(text)] if "_人" in text else []
    unsourced = [(s, s + _UNSOURCED_HEAD[p]) for s, p in starts if _UNSOURCED_HEAD[p]]
    for start, phrase in starts:
        for length, name in _OTHER_HEADS[phrase]:
            if name not in found and not _overlaps(masked, start, start + length):
                if name == "sourced" and (
                    any(a <= start < b for a, b in shouted) or _overlaps(unsourced, start, start + length)
                ):
                    continue
                found.add(name)
    if "enquiry" not in found and _asks_if_true(text):
        found.add("enquiry")
    return _by_rule(text, found)


def strip_cues(normalized: str) -> str:
    """Text with every cue phrase blanked out: what is left is the claim's content.

    >>> strip_cues("年内で全店閉店するらしい。拡散希望")
    '年内で全店閉店する 。 '
    """
    return _ALL.sub(" ", _prepare(normalized) if "?" in normalized else normalized)
