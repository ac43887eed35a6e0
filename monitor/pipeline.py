"""The pipeline: wires analysis, surge and rumor detection, incidents and sinks in event time.

The clock is the posts' ``created_at``: a watermark trails the newest post by the configured
lateness, and buckets, windows and resolutions advance with it, never with the wall clock.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from monitor.alerts.incidents import IncidentManager
from monitor.alerts.responses import ResponseBuilder
from monitor.config import Config
from monitor.detectors.analyzer import Analyzer
from monitor.detectors.rumor import RumorTracker
from monitor.detectors.surge import SurgeDetector
from monitor.models import Action, Analysis, Incident, IncidentEvent, Kind, Post, Sentiment, Signal


class Sink(Protocol):
    """Where incident events go (console, JSONL, Slack outbox...)."""

    def emit(self, event: IncidentEvent) -> None: ...

    def close(self) -> None: ...


class Observer(Protocol):
    """Sees every analysis and every incident event (the dashboard state); must return quickly."""

    def observe_analysis(self, analysis: Analysis) -> None: ...

    def observe_event(self, event: IncidentEvent) -> None: ...


@dataclass
class PipelineStats:
    """Counts for logs, the dashboard and the end-of-run report."""

    posts: int = 0
    matched: int = 0
    sentiment: Counter[str] = field(default_factory=Counter)
    events: Counter[str] = field(default_factory=Counter)
    first_at: datetime | None = None
    last_at: datetime | None = None


class Pipeline:
    """One process running every stage in memory, deterministic for a given input order."""

    def __init__(self, config: Config, sinks: Sequence[Sink] = ()) -> None:
        det = config.settings.detectors
        self.config = config
        self.sinks = list(sinks)
        self.observers: list[Observer] = []
        self.tz = ZoneInfo(config.settings.monitor.timezone)
        self.lateness = timedelta(seconds=config.settings.monitor.lateness_seconds)
        self.analyzer = Analyzer(config)
        self.surge = SurgeDetector(det.surge, [b.id for b in config.brands])
        self.rumor = RumorTracker(det.rumor, brands=config.brands, claims=config.claims)
        self.incidents = IncidentManager(
            config.settings.alerts,
            ResponseBuilder(config.responses, config.brands, config.claims),
        )
        self.incidents.feedback.append(self._surge_feedback)
        self.stats = PipelineStats()
        self._newest: datetime | None = None

    def _surge_feedback(self, incident: Incident, action: Action) -> None:
        """A surge marked false positive was a misreading: its evidence posts are taught as neutral."""
        if action is Action.FALSE_POSITIVE and incident.kind in (Kind.NEGATIVE_SURGE, Kind.POSITIVE_SURGE):
            for post in incident.evidence:
                self.analyzer.learn(post, Sentiment.NEU)

    def process(self, post: Post) -> list[IncidentEvent]:
        """Analyze one post and run the stateful stages; returns the events it caused.

        Then the sentiment model learns from the post if it labels itself (emoji, confident
        words): after the analysis, in stream order, so replays stay deterministic.
        """
        analysis = self.analyzer.analyze(post)
        events = self.process_analysis(analysis)
        self.analyzer.learn_stream(analysis)
        return events

    def process_analysis(self, analysis: Analysis) -> list[IncidentEvent]:
        """The stateful half, for analyses computed elsewhere (another process or worker)."""
        post = analysis.post
        st = self.stats
        st.posts += 1
        st.sentiment[str(analysis.sentiment)] += 1
        if st.first_at is None or post.created_at < st.first_at:
            st.first_at = post.created_at
        for observer in self.observers:
            observer.observe_analysis(analysis)
        signals: list[Signal] = []
        if analysis.brands:
            st.matched += 1
            self.surge.add(analysis)
            signals.extend(self.rumor.add(analysis))
        elif post.repost_of or post.quote_of or post.reply_to:
            signals.extend(self.rumor.add(analysis))  # may share or answer a tracked rumor post
        if self._newest is None or post.created_at > self._newest:
            self._newest = post.created_at
            st.last_at = post.created_at
            signals.extend(self._advance(self._newest - self.lateness))
        return self._dispatch(signals)

    def flush(self) -> list[IncidentEvent]:
        """At the end of a finite stream: close every bucket up to the newest post."""
        if self._newest is None:
            return []
        return self._dispatch(self._advance(self._newest))

    def _advance(self, watermark: datetime) -> list[Signal]:
        return [*self.surge.advance(watermark, self.tz), *self.rumor.advance(watermark)]

    def _dispatch(self, signals: Iterable[Signal]) -> list[IncidentEvent]:
        events: list[IncidentEvent] = []
        for signal in signals:
            local = dataclasses.replace(signal, at=signal.at.astimezone(self.tz))
            events.extend(self.incidents.handle(local))
        for event in events:
            self.publish(event)
        return events

    def publish(self, event: IncidentEvent) -> None:
        """Count an event and hand it to every sink (also used for events from people's actions)."""
        self.stats.events[str(event.event)] += 1
        for sink in self.sinks:
            sink.emit(event)
        for observer in self.observers:
            observer.observe_event(event)

    @property
    def stream_time(self) -> datetime | None:
        """The newest event time seen (the stream's clock), in the configured timezone."""
        return self._newest.astimezone(self.tz) if self._newest else None

    def act(
        self,
        incident_id: str,
        action: Action,
        *,
        user: str,
        at: datetime | None = None,
        snooze_minutes: int = 60,
        note: str = "",
    ) -> IncidentEvent:
        """A person's action on an incident (dashboard or Slack), published like any event.

        ``at`` defaults to the stream time. Raises ``UnknownIncident`` when it is not open.
        """
        when = at or self.stream_time
        if when is None:
            raise ValueError("no stream time yet: pass at=")
        event = self.incidents.act(
            incident_id, action, user=user, at=when, snooze_minutes=snooze_minutes, note=note
        )
        self.publish(event)
        return event

    def run(self, posts: Iterable[Post]) -> PipelineStats:
        """Process a finite stream as fast as possible, then flush."""
        for post in posts:
            self.process(post)
        self.flush()
        return self.stats

    def close(self) -> None:
        for sink in self.sinks:
            sink.close()
