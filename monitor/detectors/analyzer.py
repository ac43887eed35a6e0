"""The pure per-post stage: normalize, tokenize, match brands, score sentiment, find rumor cues."""

from __future__ import annotations

from monitor.config import Config
from monitor.detectors.brands import BrandMatcher
from monitor.detectors.claims import ClaimMatcher
from monitor.detectors.cues import find_cues
from monitor.detectors.normalize import normalize
from monitor.detectors.sentiment import LexiconSentiment
from monitor.detectors.tokenize import lemmas
from monitor.models import Analysis, Post


class Analyzer:
    """Turn a Post into an Analysis; a pure function of the post and the config."""

    def __init__(self, config: Config) -> None:
        det = config.settings.detectors
        self.brands = BrandMatcher(config.brands)
        self.sentiment = LexiconSentiment(
            neg_threshold=det.sentiment.neg_threshold, pos_threshold=det.sentiment.pos_threshold
        )
        self.claims = ClaimMatcher(
            config.claims,
            brands=config.brands,
            ngram=det.rumor.ngram,
            threshold=det.rumor.similarity_threshold,
        )

    def analyze(self, post: Post) -> Analysis:
        text = normalize(post.text)
        brands = self.brands.match(text)
        result = self.sentiment.predict_one(text)
        cues = find_cues(text)
        return Analysis(
            post=post,
            normalized=text,
            tokens=lemmas(self.brands.blank(text)) if brands else (),
            brands=brands,
            sentiment=result.label,
            sentiment_score=result.score,
            claims=self.claims.match(text, brands, cues),
            cues=cues,
        )
