"""Run 20 seeds: replications of the live run's settings, played without blocking the window.

Where they are played depends on what they cost:

* **Here, side by side.** Starting worker processes costs over a second (each imports the
  simulator and numpy), more than twenty runs of most scenarios, and where the kind keeps
  its replications in one state (``replicated``) twenty cost about two runs. So the seeds
  start on the window's own thread, a few rounds between two frames (at most
  ``SLICE_SECONDS``), as the live run is: input and painting stay responsive and nothing is
  shared across threads.
* **In worker processes**, one per core, when the first slices show that playing here would
  take longer than starting the workers and sharing the rest (a kind that plays its
  replications one by one, and a long one: the recommender's twenty take seconds).

Either way a replication is bit for bit the run :func:`simulator.runs.play` gives for its
seed, and what comes back is the same: one :class:`~simulator.runs.RunResult` each.
"""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal

from simulator.runs import (
    RunResult,
    RunSpec,
    TogetherRun,
    replicate,
    replication_batches,
    worker_count,
)

#: Longest stretch of rounds played between two frames when the seeds play here.
SLICE_SECONDS = 0.010
#: Time played here before the pace is trusted to decide whether workers would be faster.
PROBE_SECONDS = 0.05
#: What starting the worker processes costs (a fresh interpreter importing the simulator).
WORKER_START_SECONDS = 1.2
#: How often the worker processes are asked how far they are.
POLL_MS = 100


class SeedRuns(QObject):
    """One Run N seeds at a time; ``finished`` carries "" with :attr:`results` ready, or
    why there are none ("cancelled", or the error)."""

    progress = Signal(int, int)  # how far, of how far (rounds here, replications in workers)
    finished = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.results: list[RunResult] = []
        self._spec: RunSpec | None = None
        self._jobs = 0
        self._together: TogetherRun | None = None
        self._rounds_per_slice, self._here = 1, 0.0  # rounds a slice plays; seconds played
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list = []
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)

    @property
    def running(self) -> bool:
        return self._together is not None or self._pool is not None

    def start(self, spec: RunSpec, jobs: int = 0) -> None:
        """Play ``spec.replications`` replications of ``spec``; ``jobs`` (0: one per core)
        is the number of worker processes, should they be worth starting."""
        self.stop()
        self.results, self._spec, self._jobs = [], spec, jobs
        self._together = TogetherRun(spec, range(spec.replications))
        self._rounds_per_slice, self._here = 1, 0.0
        self._timer.setInterval(0)
        self.progress.emit(0, spec.rounds)
        self._timer.start()

    def stop(self) -> bool:
        """Stop the replications under way; False when none were. Worker processes already
        playing finish in the background, unseen."""
        if not self.running:
            return False
        self._timer.stop()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        self._together, self._pool, self._futures = None, None, []
        return True

    def _tick(self) -> None:
        try:
            done = self._play_slice() if self._together is not None else self._poll()
        except Exception as exc:  # noqa: BLE001 - a failed run is reported, not raised
            self.stop()
            self.finished.emit(str(exc))
            return
        if done is None:
            return
        self.stop()
        self.results = done
        self.finished.emit("")

    def _play_slice(self) -> list[RunResult] | None:
        """A few rounds of all replications (as many as fit in a slice, by the last slice's
        pace); the results once the last round is played."""
        run = self._together
        start = time.perf_counter()
        before = run.round
        run.advance(self._rounds_per_slice)
        took = time.perf_counter() - start
        self._here += took
        if took > 0:
            self._rounds_per_slice = max(1, int((run.round - before) * SLICE_SECONDS / took))
        if self._workers_would_be_faster():
            self._to_workers()
            return None
        self.progress.emit(run.round, run.spec.rounds)
        return [RunResult.of(sim) for sim in run.sims] if run.done else None

    def _workers_would_be_faster(self) -> bool:
        """Whether starting workers and sharing what is left beats playing it here, by the
        pace of the rounds played so far: with W workers, when what is left takes longer
        than their start-up times W / (W - 1). Never for a kind that plays its replications
        side by side (twenty cost about two runs)."""
        run = self._together
        workers = worker_count(self._jobs, self._spec.replications)
        if (workers < 2 or self._here < PROBE_SECONDS or run.done
                or getattr(self._spec.scenario.kind, "replicated", False)):
            return False
        left = self._here * (run.spec.rounds - run.round) / max(run.round, 1)
        return left > WORKER_START_SECONDS * workers / (workers - 1)

    def _to_workers(self) -> None:
        """Play the replications again in worker processes, each its share side by side."""
        spec = self._spec
        workers = worker_count(self._jobs, spec.replications)
        self._together = None
        self._pool = ProcessPoolExecutor(max_workers=workers,
                                         mp_context=multiprocessing.get_context("spawn"))
        self._futures = [self._pool.submit(replicate, spec, batch)
                         for batch in replication_batches(spec.replications, workers)]
        self._timer.setInterval(POLL_MS)
        self.progress.emit(0, spec.replications)

    def _poll(self) -> list[RunResult] | None:
        done = [f for f in self._futures if f.done()]
        failed = next((f.exception() for f in done if f.exception() is not None), None)
        if failed is not None:
            raise failed
        count = self._spec.replications
        if len(done) < len(self._futures):
            self.progress.emit(sum(len(f.result()) for f in done), count)
            return None
        results = [result for f in self._futures for result in f.result()]
        self.progress.emit(len(results), count)
        return results
