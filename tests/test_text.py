"""Per-post text analysis: normalization, tokenization, brand matching, sentiment, cues, claims."""

from __future__ import annotations

import pytest

from monitor.config import ClaimConfig, Config
from monitor.detectors.analyzer import Analyzer
from monitor.detectors.brands import BrandMatcher
from monitor.detectors.claims import ClaimMatcher
from monitor.detectors.cues import find_cues, has_allegation
from monitor.detectors.normalize import normalize
from monitor.detectors.sentiment import LexiconSentiment
from monitor.detectors.tokenize import lemmas
from monitor.models import Sentiment
from tests.conftest import PostFactory


def test_normalize_folds_width_and_case() -> None:
    assert normalize("ＫＯＨＡＲＵ　Ｍｏｂｉｌｅ") == "koharu mobile"
    assert normalize("ｺﾊﾙﾓﾊﾞｲﾙ") == "コハルモバイル"
    assert normalize("草ｗｗｗｗｗ") == "草笑"


def test_lemmas_meet_across_conjugation() -> None:
    assert "繋がる" in lemmas("つながらない")
    assert "繋がる" in lemmas("繋がりません")


def test_brand_matcher_keywords_and_excludes(config: Config) -> None:
    m = BrandMatcher(config.brands)
    assert m.match(normalize("こはるモバイル圏外なんだけど")) == ("koharu-mobile",)
    assert m.match(normalize("ｺﾊﾙﾓﾊﾞｲﾙ最高")) == ("koharu-mobile",)
    assert m.match(normalize("今日は小春日和で気持ちいい")) == ()
    assert m.match(normalize("星空がきれい")) == ()
    assert m.match(normalize("ほしバガ食べながらみなもFC応援")) == ("hoshizora-burger", "minamo-fc")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("こはるモバイル全然つながらない、最悪", Sentiment.NEG),
        ("新作バーガーめっちゃ美味しい！", Sentiment.POS),
        ("味は良くない", Sentiment.NEG),
        ("悪くないね", Sentiment.POS),
        ("優勝おめでとう！感動した", Sentiment.POS),
        ("明日の10時に駅前で", Sentiment.NEU),
    ],
)
def test_lexicon_sentiment(text: str, label: Sentiment) -> None:
    assert LexiconSentiment().predict_one(normalize(text)).label is label


def test_sentiment_thresholds_are_validated() -> None:
    with pytest.raises(ValueError):
        LexiconSentiment(neg_threshold=0.1)


def test_cues() -> None:
    assert find_cues(normalize("全店閉店らしい！拡散希望")) == {"hearsay", "spread_request"}
    assert find_cues(normalize("それって本当？ソースは？")) == {"enquiry"}
    assert "correction" in find_cues(normalize("公式がデマだって言ってるよ"))


@pytest.mark.parametrize(
    ("text", "cues"),
    [
        # passing it on, as done, is a spread request; a chain letter's 転送歓迎 too
        ("家族のグループに転送済み", {"spread_request"}),
        ("知人が書いていたので、こちらでもシェアさせていただきます。", {"spread_request"}),
        ("[転送歓迎]鶏舎で病気が出てる", {"spread_request"}),
        # read in one more unnamed place, heard in talk, passed on not knowing if it is true
        ("フリマの説明欄にも書いてあった", {"hearsay"}),
        ("お迎えのときの立ち話で聞いた。園の給食が古い食材", {"hearsay"}),
        ("Facebookで見たお話なので、どこまで本当かは分かりませんが", {"hearsay"}),
        # passed round here too, heard from one more person, told on (as done)
        ("うちのゼミでも回ってる", {"hearsay"}),
        ("同じ話を配達員さんからも聞いた", {"hearsay"}),
        ("業界では有名な話だよね", {"hearsay"}),
        ("うろ覚えなんだけど、閉店するとか", {"hearsay"}),
        ("町内会LINEにも流しとく", {"spread_request"}),
        ("ばあちゃんにも教えといた", {"spread_request"}),
        ("PTAのグループに共有しました", {"spread_request"}),
        # the same story met elsewhere, reposted from someone's text, or sent on to everyone
        ("美容師さんの話と一致してる", {"hearsay"}),
        ("FW:で来たやつと一字一句同じ", {"hearsay"}),
        ("同級生のグループの投稿より転載します。", {"hearsay"}),
        ("知り合いに片っ端から送った", {"spread_request"}),
        ("念のため申し伝えます", {"spread_request"}),
        # dialect hearsay: Kyushu and Chugoku げな, Kansai ゆうて聞いた
        ("書類をいじって動かしてるげな。怖かねー", {"hearsay"}),
        ("毎晩ポンプでくみ出しながら走ってるゆうて聞いた", {"hearsay"}),
        # there now, or others reporting it live: a witness of an event, not a story passed on
        ("自販機の前に車が並んで渋滞した朝、いま目の前", {"witness"}),
        ("サーバーが落ちた夜、鯖でも実況されてる", {"witness"}),
        ("駐車場が満車になった朝、現地なう", {"witness"}),
        ("予約サイトが落ちた夜、わたしもそこにいました", {"witness"}),
        ("長い列ができた朝、さっきまでいた", {"witness"}),
        ("停電した夜、ニュースより先に現地で見た", {"witness"}),
        # an event told as the time the poster lived through it
        ("採点ゲームのサーバーが落ちて全店で点数が出なくなった夜、まじで草", {"witness"}),
        ("店の前に長い列ができた朝、動画が回ってきた", {"hearsay", "witness"}),
        # news that has NOT reported it is the hidden (urgent), not a cited source
        ("ﾆｭｰｽでは　やらないけど、家宅捜索が入った", {"urgent"}),
        ("まだニュースになってないけど閉店", {"urgent"}),
        ("ニュースでやってた、閉店だって", {"hearsay", "sourced"}),
        # a quote closing the post, after a plain predicate: someone said so; not a request in
        # the て-form, nor a question
        ("通夜ぶるまいの席で、隣の人が小声で、売れ残った子を処分してるって", {"hearsay"}),
        ("電話がずっと留守電だって 🕯️", {"hearsay"}),
        ("今日に限って", set()),
        ("ちょっと待って", set()),
        ("閉店するって?", set()),
        # talk overheard or brought up among people, told by everyone met, kept unnamed, classical
        ("火葬場の待合室で、よその家の人たちが話してるのが聞こえた。", {"hearsay"}),
        ("檀家の集まりで出た話。", {"hearsay"}),
        ("ここ十日くらい、会う人会う人が同じ話をする", {"hearsay"}),
        ("近所の三軒が同じことを言ってる", {"hearsay"}),
        ("うちの近所でもこの話で持ちきり", {"hearsay"}),
        ("常連のおじさんたちがずっとこの話をしてた", {"hearsay"}),
        ("職場の友達みんなで話してた。店じまいする", {"hearsay"}),
        ("店がなくなったら全部消えるゆうて聞いて、やれんなあ", {"hearsay"}),
        ("石油ストーブでボヤを出した家があるとの話あり", {"hearsay"}),
        ("(名前は伏せてたけど、どう聞いても)", {"hearsay"}),
        ("店じまいの由、承り候", {"hearsay"}),
        ("業界の人間なら誰でも知ってる", {"insider"}),
        ("ファンなら誰でも知ってる名曲", set()),
        # a warning headline, advice to act or stay away, not keeping quiet
        ("【要注意】振袖がかぶれる", {"fear"}),
        ("今月中に動いたほうがいい", {"fear"}),
        ("にしも行かねえほうがいいべ", {"fear"}),
        ("黙ってらんねえ", {"urgent"}),
        ("見なかったことにはできない", {"urgent"}),
        # a denial passed on, advice not to believe it; a joke owned as a lie; the brand's news
        ("そんなのを隠してるなんて事実はないって", {"correction", "hearsay"}),
        ("ソースが切り抜きだけなので、信じないほうがいいです", {"correction", "fear"}),
        ("嘘やけど、明日から全部タダ", {"joke"}),
        ("運休の件、公式の発表で見た", {"sourced"}),
        ("ニュースで見た、来月値上げ", {"sourced"}),
        # heard in one more place, whispered, summed up, read between the lines; those who know
        ("釣具屋でも聞いた", {"hearsay"}),
        ("施設の家族会でも出た", {"hearsay"}),
        ("聞く人みんな同じこと言う", {"hearsay"}),
        ("店主が常連さんとひそひそ。リールが折れる", {"hearsay"}),
        ("帰り際にぼそっと『公演は飛ぶ』", {"hearsay"}),
        ("祖母からの電話、三十分の内容を要約すると「調理員が一斉に辞めた」", {"hearsay"}),
        ("会報、行間を読めばわかる。", {"hearsay"}),
        ("誰かが書いてた。出演者が全員降りた", {"hearsay"}),
        ("照明さんも呼ばれてない。知ってる人は知ってる", {"insider"}),
        ("当事者なので書きます。ギアが空回りする", {"insider"}),
        ("もっと広まるべき", {"spread_request"}),
        ("見てしまった以上は回す", {"spread_request"}),
        ("近づかんがよか", {"fear"}),
        # asking for the announcement is no cited source; an English denial; a joke owned in
        # parentheses
        ("公演の公式発表は?", {"enquiry"}),
        ("報道は出てる?", {"enquiry"}),
        (
            "「リールが折れる」 is not true. 当社からの発表は公式サイトでのみ行っております。",
            {"correction", "sourced"},
        ),
        ("火星支店オープン(するわけない)", {"joke"}),
        ("now available on the moon(jk)", {"joke"}),
        # in the middle of an event, with everyone else: a witness
        ("サイトダウンの真っ只中", {"witness"}),
        ("ログイン障害、さっきからずっとこの状態", {"witness"}),
        ("入場規制、うちも今それ", {"witness"}),
        ("わたくしも今その場におります", {"witness"}),
        ("スマホを握りしめて待機中", {"witness"}),
        # reported speech: a plain predicate quoted before a verb of telling; not talking with
        # someone
        ("おじいちゃんが、つぶれると子どもに話してて、ちょっと困った", {"hearsay"}),
        ("配信者が急に名簿が売られてるって言い出して", {"hearsay"}),
        ("隣のおじいさんが電気代が倍になると演説してた", {"hearsay"}),
        ("路線バスについて友達と話してた", set()),
        # shown, forwarded, matching another's account, holding back the rest, if it were true
        ("町内会の役員にも見せる", {"spread_request"}),
        ("姉にも転送", {"spread_request"}),
        ("板前さんの話と一致", {"hearsay"}),
        ("店長の件。これ以上は書かない…", {"insider"}),
        ("ほんとうだったら いやです", {"enquiry"}),
        # one of the crowd, or the only one? still going or just over
        ("ついさっきまで私もその中にいた", {"witness"}),
        ("停電、さっきまでその渦中にいた。ぐったり", {"witness"}),
        ("元社員です。中にいた人間ならみんな知ってる話", {"insider"}),
        ("【速報・ただし私調べ】コーヒー、宇宙ステーションでも採用", {"joke", "urgent"}),
        ("そっちも? うちだけ?", {"witness"}),
        ("さっきようやく解放された", {"witness"}),
        ("品切れ騒ぎ、現在進行形で体験中", {"witness"}),
        ("電気屋さんが取り付けのついでに教えてくれた。", {"hearsay"}),
        ("去年までそこの関係で働いてた者です。年内に破産の申し立て", {"insider"}),
        ("しつもんです。本社はもぬけの殻って ほんとうですか。", {"enquiry"}),
        ("自分の目と耳で確かめたことしか書かない主義だけど、これは書く。", {"urgent"}),
        ("実際に行ってきたけど、そんなことなかったです", {"correction"}),
        ("夜になって職場の先輩から届いたのが、これ", {"hearsay"}),
        # the verb of telling left out, posted to a chat, read out on the radio; the dots joined
        ("隣の台のおばちゃんが、本店は来月で撤退すると。大当たりより驚いた", {"hearsay"}),
        ("お宮参りの帰り、義母が車の中で、あそこの洗濯機は下水みたいなにおいと", {"hearsay"}),
        ("和太鼓の練習のあと、師範が本店は年内で閉店と。汗が引いた", {"hearsay"}),
        ("お詫びの件、うちも対象か確かめないと", set()),
        ("幹事が、季節限定の瓶が割れる事故を隠して回収もしてないと", {"hearsay"}),
        ("新作、ほんとに最高かなと", set()),
        ("インテリアまでおしゃれなんだなあ、と。", set()),
        ("えっと…", set()),
        ("雀荘で対面のおじさんが牌を切りながら『あそこの本店は年内で閉店する』。驚いた", {"hearsay"}),
        ("じいちゃんが「あそこの洗剤は明治からある」って言い張ってる", set()),
        # believe it or not, more than can be said, it will be silenced
        ("本店の厨房は油まみれ。信じる信じないはお任せします", {"hearsay"}),
        ("売り上げの半分を帳簿に載せてない。あとは察して", {"insider"}),
        ("ここまで書いて消されないか心配", {"urgent"}),
        ("来春には看板が下りる予定だと講師がこぼしてた", {"hearsay"}),
        ("本店はもう畳むと店長が口をすべらせた", {"hearsay"}),
        # a quote taking the story as confirmed; not やっぱり alone
        ("やっぱりそうだったか", {"hearsay"}),
        ("あの店、信じてたのになあ", {"hearsay"}),
        ("やっぱり新作のケーキが好き", set()),
        ("#雑談に『一位は広告枠』と投下されて", {"hearsay"}),
        ("点と点がつながった", {"hearsay"}),
        ("ここだけの話にしてほしいんだけど", {"insider"}),
        ("この件、もっと知られるべき", {"spread_request"}),
        ("セルフレジの全台停止、ひどすぎて逆に笑える", {"witness"}),
        ("【速報(妄想)】手書きPOP、正式種目に採用", {"joke", "urgent"}),
        # a quoted noun phrase before a verb of telling other than 話す; brought up, caught
        ("理事の一人が預かり金ぜんぶ没収と発言", {"hearsay"}),
        ("柿の絵の横に『預かり金ぜんぶ没収』と添え書き", {"hearsay"}),
        ("同じ話を耳にするの、今週四回目", {"hearsay"}),
        ("囲碁仲間の集まりで、年内で全館を売り払うという話が出た", {"hearsay"}),
        ("犬の散歩仲間にも教えておく", {"spread_request"}),
        ("これ以上は身バレするので書けない", {"insider"}),
        # a question answered is no story told
        ("使い方を聞いたら丁寧に教えてくれた", set()),
        ("店員さんにおすすめを教えてもらった", set()),
        ("美容院で担当さんが小声で教えてくれた", {"hearsay"}),
    ],
)
def test_cue_families(text: str, cues: set[str]) -> None:
    assert find_cues(normalize(text)) == cues


def test_seeming_and_sharing_a_treat_are_no_cues() -> None:
    assert find_cues(normalize("店長が何か言いたげな顔をしてた")) == frozenset()
    assert find_cues(normalize("新作のパン、楽しげな袋に入ってた")) == frozenset()
    assert find_cues(normalize("Sharing my new favourite drink from ほしぞらバーガー")) == frozenset()
    assert find_cues(normalize("This is scary. Sharing.")) == {"spread_request"}


def test_allegations_name_culprits_fakes_and_cover_ups() -> None:
    assert has_allegation(normalize("置き配の荷物が消えてて犯人は配達員だった"))
    assert has_allegation(normalize("日付をごまかして出荷してる"))
    assert has_allegation(normalize("獣医に口止め料を払ってる"))
    assert not has_allegation(normalize("置き配の荷物、今日も無事に届いた"))


def test_claim_matching_reworded_and_stance(config: Config) -> None:
    m = ClaimMatcher(config.claims, brands=config.brands, ngram=2, threshold=0.3)

    def best(text: str) -> tuple[str, str] | None:
        norm = normalize(text)
        found = m.match(norm, ("hoshizora-burger",), find_cues(norm))
        return (found[0].claim_id, found[0].stance) if found else None

    assert best("【拡散希望】ほしぞらバーガー年内で全店閉店するらしい") == ("hoshizora-closing", "spreading")
    assert best("ほしぞらバーガー今年いっぱいで全部の店閉めるって本当？") == (
        "hoshizora-closing",
        "enquiring",
    )
    assert best("ほしぞらバーガー全店閉店はデマです、公式が否定") == ("hoshizora-closing", "correcting")
    assert best("ほしぞらバーガーの期間限定バーガー美味しかった") is None
    # only the claims of the brands a post mentions are considered
    assert m.match(normalize("年内で全店閉店するらしい"), ("minamo-fc",), frozenset()) == ()


def test_one_loanword_shared_with_a_claim_is_no_match(config: Config) -> None:
    # スタッフ makes three n-grams of the claim's on its own: a post praising the staff names
    # the staff, it alleges nothing about them. With a rumor cue, or another of the claim's
    # words, it matches.
    claim = ClaimConfig(
        id="gift-theft",
        brand="hoshizora-burger",
        statement="ほしぞらバーガーのスタッフがレジのお金をネコババしている",
        correction="事実ではありません",
    )
    m = ClaimMatcher([claim], brands=config.brands, ngram=2, threshold=0.3)

    def matches(text: str) -> bool:
        norm = normalize(text)
        return bool(m.match(norm, ("hoshizora-burger",), find_cues(norm)))

    assert not matches("ほしぞらバーガーの新メニュー、スタッフさんの説明がていねいだった")
    # told as a rumor (らしい), the loanword is what the rumor is about
    assert matches("ほしぞらバーガーのスタッフ、やばいらしい")
    assert matches("ほしぞらバーガーのスタッフがネコババしてるらしい")
    assert matches("ほしぞらバーガーのレジでネコババ")  # two loanwords: more than a thing named


def test_analyzer_is_pure(config: Config, make_post: PostFactory) -> None:
    a = Analyzer(config)
    post = make_post("こはるモバイル圏外、つながらない😡")
    first, second = a.analyze(post), a.analyze(post)
    assert first == second
    assert first.brands == ("koharu-mobile",) and first.sentiment is Sentiment.NEG
    assert post.text == "こはるモバイル圏外、つながらない😡"


def test_alert_keywords_are_counted_by_lemma_and_shown_as_written(
    config: Config, make_post: PostFactory
) -> None:
    from monitor.detectors.analyzer import Analyzer
    from monitor.detectors.keywords import top_keywords

    analyzer = Analyzer(config)
    texts = [
        "こはるモバイルつながらない",
        "こはるモバイル全然つながんない",
        "こはるモバイル、またつながらないせいで遅刻",
        "こはるモバイルつながらないし圏外",
        "こはるモバイル圏外のせいで連絡できない",
    ]
    analyses = [analyzer.analyze(make_post(t)) for t in texts]
    keywords = top_keywords(analyses, k=3)
    # つながらない and つながんない meet under one lemma (繋がる), shown as the posts spell it
    assert keywords[0] == "つながる"
    assert "圏外" in keywords
    assert not {"繋がる", "所為"} & set(keywords)
    # brand names are blanked before tagging: never a keyword
    assert not any("こはる" in k or "モバイル" in k for k in keywords)
