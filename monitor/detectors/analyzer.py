"""The pure per-post stage: normalize, tokenize, match brands, score sentiment, find rumor cues."""

from __future__ import annotations

from monitor.config import Config
from monitor.detectors.brands import BrandMatcher
from monitor.detectors.claims import ClaimMatcher
from monitor.detectors.cues import find_cues
from monitor.detectors.normalize import normalize
from monitor.detectors.sentiment_model import ModelStateError, OnlineSentiment, Reading
from monitor.detectors.tokenize import lemmas
from monitor.errors import ConfigError
from monitor.models import Analysis, Post, Sentiment


class Analyzer:
    """Turn a Post into an Analysis: a pure function of the post, the config and the model state.

    ``analyze`` never changes anything; the online sentiment model learns only through the
    explicit ``learn_stream`` (the pipeline calls it after each post) and ``learn`` (feedback).
    """

    def __init__(self, config: Config) -> None:
        det = config.settings.detectors
        sent = det.sentiment
        self.brands = BrandMatcher(config.brands)
        self.sentiment = OnlineSentiment(
            neg_threshold=sent.neg_threshold,
            pos_threshold=sent.pos_threshold,
            learning_rate=sent.learning_rate,
            confident=sent.confident,
            feedback_weight=sent.feedback_weight,
        )
        self.learn_enabled = sent.learn
        # the reading behind the latest analysis, so that learning from it does not redo it
        self._last: tuple[tuple[str, ...], Reading] = ((), self.sentiment.read(""))
        self.model_path = config.resolve(sent.model_path) if sent.model_path else None
        if self.model_path is not None:
            try:
                self.sentiment.load(self.model_path)
            except ModelStateError as exc:
                raise ConfigError(
                    str(exc.path), "detectors.sentiment.model_path", str(exc.__cause__)
                ) from exc
        self.claims = ClaimMatcher(
            config.claims,
            brands=config.brands,
            ngram=det.rumor.ngram,
            threshold=det.rumor.similarity_threshold,
            min_shared=det.rumor.min_shared_ngrams,
        )

    def analyze(self, post: Post) -> Analysis:
        text = normalize(post.text)
        brands = self.brands.match(text)
        tokens, reading = self._read(text, brands)
        self._last = (tokens, reading)
        label, score = self.sentiment.predict(reading)
        cues = find_cues(text)
        claims = self.claims.match(text, brands, cues)
        # positional, in the order of Analysis's fields: keywords cost a frozen dataclass more
        return Analysis(post, text, tokens, brands, label, score, claims, cues)

    def learn_stream(self, analysis: Analysis) -> str | None:
        """Let the online model learn from a post that labels itself (emoji, confident words)."""
        if not self.learn_enabled:
            return None
        last_tokens, reading = self._last
        if last_tokens is not analysis.tokens:  # not the analysis just made here: read it again
            reading = self.sentiment.read(analysis.normalized, analysis.tokens)
        return self.sentiment.learn_reading(reading)

    def _read(self, text: str, brands: tuple[str, ...]) -> tuple[tuple[str, ...], Reading]:
        # One tagging pass: brand names blanked out, so they neither become keywords nor carry
        # sentiment of their own (a brand called ハッピー食堂 is not praise).
        tokens = lemmas(self.brands.blank(text) if brands else text)
        return tokens, self.sentiment.read(text, tokens)

    def learn(self, post: Post | str, label: Sentiment | str) -> int:
        """A manager's label for a post (alert buttons, dashboard); read as ``analyze`` reads it.

        Returns the number of learning steps it took for the model to read the post that way.
        """
        text = normalize(post.text if isinstance(post, Post) else post)
        return self.sentiment.teach(self._read(text, self.brands.match(text))[1], label)

    def save_model(self) -> bool:
        """Write the learned state to the configured ``model_path``; False when none is set."""
        if self.model_path is None:
            return False
        self.sentiment.save(self.model_path)
        return True
