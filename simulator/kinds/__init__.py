"""The loop kinds, by name. Adding a kind means adding its module here and scenario files."""

from .allocation import AllocationKind
from .decisions import DecisionsKind
from .generative import GenerativeKind

KINDS = {kind.name: kind for kind in (DecisionsKind(), AllocationKind(), GenerativeKind())}
