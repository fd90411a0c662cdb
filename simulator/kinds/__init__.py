"""The loop kinds, by name. Adding a kind means adding its module here and scenario files.

Every kind is checked against the kind contract (:mod:`.contract`) as it is registered, so a
declaration that does not hold together fails at import, naming the kind and what to fix.
"""

from .allocation import AllocationKind
from .commons import CommonsKind
from .contract import check_kind
from .decisions import DecisionsKind
from .generative import GenerativeKind
from .recommender import RecommenderKind


def register(*kinds) -> dict:
    """The registry of ``kinds`` by name, each checked against the contract first."""
    registry = {}
    for kind in kinds:
        check_kind(kind)
        registry[kind.name] = kind
    return registry


KINDS = register(DecisionsKind(), AllocationKind(), GenerativeKind(), CommonsKind(),
                 RecommenderKind())
