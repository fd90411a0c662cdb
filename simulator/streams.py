"""Random streams: one SeedSequence per run, one named stream per stage.

A stream is derived from (seed, replication, stage name), not from the order in which stages
were declared, so a run and its baseline share their random numbers wherever their stages
agree (common random numbers), and adding a stage to a kind leaves the other streams unchanged.
"""

from __future__ import annotations

import copy
import zlib

import numpy as np


def stream_seed(seed: int, replication: int, name: str) -> np.random.SeedSequence:
    return np.random.SeedSequence(entropy=seed, spawn_key=(replication, zlib.crc32(name.encode())))


class Streams:
    def __init__(self, seed: int, replication: int = 0):
        self.seed = int(seed)
        self.replication = int(replication)
        self._generators: dict[str, np.random.Generator] = {}

    def __getitem__(self, name: str) -> np.random.Generator:
        gen = self._generators.get(name)
        if gen is None:
            gen = np.random.Generator(
                np.random.PCG64(stream_seed(self.seed, self.replication, name))
            )
            self._generators[name] = gen
        return gen

    def copy(self) -> Streams:
        """Independent streams continuing from exactly the same state."""
        clone = Streams(self.seed, self.replication)
        clone._generators = copy.deepcopy(self._generators)
        return clone
