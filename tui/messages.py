"""Messages the dashboard's widgets post: small dataclasses, handled by the app."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from monitor.models import Action
from tui.feed_filter import FeedFilter


@dataclass
class OpenIncident(Message):
    """Show the detail screen of one incident."""

    incident_id: str


@dataclass
class ActionRequested(Message):
    """A person asked for an action on an incident (key or button), like a Slack button."""

    incident_id: str
    action: Action


@dataclass
class FilterChanged(Message):
    """The post feed's filter changed."""

    filter: FeedFilter


@dataclass
class BrandSelected(Message):
    """A brand tile was clicked: filter the feed to that brand."""

    brand_id: str
