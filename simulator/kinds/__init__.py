"""The loop kinds, by name. Adding a kind means adding its module here and scenario files."""

from .allocation import AllocationKind
from .decisions import DecisionsKind

KINDS = {kind.name: kind for kind in (DecisionsKind(), AllocationKind())}
