"""The fast engine's threads: a layer's work cut into blocks that the threads take one at a time,
each thread its own share first (the rows it wrote before stay in its core's cache: ``AFFINITY``).

NumPy's matrix products, copies and element-wise loops release the GIL, so two Python threads each
running products on their own blocks keep two cores busy. The engine does that instead of letting
the BLAS library split every product across its own threads, because:
- a product split across BLAS threads waits for its slowest thread at every call; when another
  process holds one of the cores, that wait (spinning, in OpenBLAS) makes training many times slower;
  here a thread that falls behind only takes fewer blocks;
- the copies (im2col, padding) and element-wise passes, which BLAS never sees, run in parallel too;
- each block writes its own slice of the result (and its own partial weight gradient, summed in
  block order), so the numbers do not depend on how many threads ran or which took which block.
So while the engine is in use, NumPy's BLAS runs with one thread (set once, with threadpoolctl).
A region may also let its calling thread go on before its last tasks are done (``run``'s
``required``): the helpers finish them while the caller runs work of its own that one thread does
(the convolutions' weight gradients, while the layers below run their ReLU, pooling and padding).
It also asks glibc's malloc to keep freed memory for reuse (``keep_freed_memory``): a step's arrays
are otherwise given back to the system and faulted in again, page by page, every step.

``thread_count()`` is the number of threads a layer uses: ``WORKBENCH_THREADS`` if set, else the
CPUs this process may run on (at most ``MAX_THREADS``). A helper takes on the niceness of the thread
it works for (on Linux): when the app's job thread yields to the interface, so do its helpers.
"""
import ctypes
import functools
import itertools
import os
import sys
import threading

MAX_THREADS = 4

_blas_limited = False
_blas_lock = threading.Lock()


def thread_count():
    """Threads the engine runs a layer on: ``WORKBENCH_THREADS``, or the usable CPUs (at most MAX_THREADS)."""
    value = os.environ.get("WORKBENCH_THREADS", "").strip()
    if value.isdigit() and int(value) >= 1:
        return int(value)
    return max(1, min(_usable_cpus(), MAX_THREADS))


@functools.lru_cache(maxsize=1)
def _usable_cpus():
    """The CPUs this process may run on, asked once (a system call, and the engine asks a hundred
    times a step)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def limit_blas_threads():
    """Make NumPy's BLAS single-threaded, once per process (the engine's own threads take its place)."""
    global _blas_limited
    if _blas_limited:
        return
    with _blas_lock:
        if not _blas_limited:
            try:
                from threadpoolctl import threadpool_limits
            except ImportError:     # without it BLAS keeps its threads: slower on a busy machine, still right
                pass
            else:
                threadpool_limits(limits=1, user_api="blas")
            _blas_limited = True


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3     # mallopt's parameters (glibc's malloc.h)
KEEP_FREED_BYTES = 256 * 2 ** 20
MMAP_LEAST_BYTES = 32 * 2 ** 20                 # glibc's largest threshold on 64-bit systems


@functools.lru_cache(maxsize=1)
def keep_freed_memory():
    """Let glibc's malloc keep freed memory for the next step instead of giving it back, once per process.

    By default it serves arrays of a few MB with mmap and frees them with munmap (or trims the heap),
    so each training step faulted its arrays in afresh: 1,540 page faults and 4.9 ms of system time a
    DeepConvNet step (batch 100). With two engine threads each unmap also flushes the other core's
    TLB, and the threads' own work took 15 % more CPU (93 -> 109 ms a step). Arrays up to 32 MB now
    come from the heap, which keeps up to 256 MB free (after this, 9 faults a step). It changes no
    number. Skipped where the C library has no mallopt, or when the user tuned malloc already.
    """
    if not sys.platform.startswith("linux") or "GLIBC_TUNABLES" in os.environ \
            or any(name.startswith("MALLOC_") for name in os.environ):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_LEAST_BYTES) and mallopt(M_TRIM_THRESHOLD, KEEP_FREED_BYTES))


def thread_niceness():
    """The calling thread's nice value on Linux (threads have their own there), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    except OSError:
        return None


def match_niceness(niceness):
    """Make the calling thread at least as nice as ``niceness`` (a helper working for a thread that
    yields to the interface yields too); a thread can make itself nicer, never less nice."""
    mine = thread_niceness()
    if niceness is not None and mine is not None and niceness > mine:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)
        except OSError:
            pass


AFFINITY = True
"""Whether each thread takes its own share of a region's tasks first (``_shares``), rather than
every task going to whichever thread asks first. Memory the other core has just written costs about
twice as much to write as memory this core wrote (1 MB: 95-105 us against 47-52), and a layer's
regions cut the same rows or channels into the same tasks: with a share per thread, the rows a thread
wrote in forward are the ones it reads in the next layer and in backward. DeepConvNet's step on two
threads -2 to -3 % with other work on the host (load 4-5), within +-1 % at load 3; SimpleConvNet's
within the noise (benchmarks/README.md, stop 45). A thread that ends its share early still takes
what another has not started, so a late helper holds the region up no longer than before."""


def _shares(count, required, threads):
    """Each thread's order of taking a region's tasks (``AFFINITY``), by slot: a tuple of shares,
    each an iterator over a range of task indices and one object in every thread's tuple (``next``
    on it is atomic under the GIL). The required tasks and the rest are each cut into ``threads``
    contiguous shares in order, the larger first, so slot 0 (the calling thread, the one sure to be
    awake) has the first rows or channels of every region; slot s takes its share of the required
    tasks first, then the others', then the same with the rest. (Shares of every other task
    instead: DeepConvNet's step +0.5 to +3.9 % against first-come, benchmarks/README.md, stop 45.)"""
    if threads == 2:               # (the common case, written out: the engine makes 60-130 a step)
        half, middle = (required + 1) // 2, required + (count - required + 1) // 2
        a, b = iter(range(half)), iter(range(half, required))
        c, d = iter(range(required, middle)), iter(range(middle, count))
        return (a, b, c, d), (b, a, d, c)
    parts = []
    for first, stop in ((0, required), (required, count)):
        n = stop - first
        bounds = [first - (-n * k // threads) for k in range(threads + 1)]    # the larger shares first
        parts.append([iter(range(bounds[k], bounds[k + 1])) for k in range(threads)])
    return [tuple(part[(slot + k) % threads] for part in parts for k in range(threads))
            for slot in range(threads)]


class _Job:
    """One call of ``Workers.run``: ``count`` tasks, each thread's share first (``AFFINITY``), then
    in order to whichever thread asks next.

    The calling thread waits for the tasks, not for the helpers: when it has done them all before a
    helper woke up (on a busy machine, say), it goes on at once and the helper finds nothing left.
    Tickets and the counts of finished tasks are ``itertools.count`` (``next`` is atomic under the
    GIL), and the waits are bare locks, released by whoever finishes the last task: the engine runs
    60-130 of these a step, and threading's Event and Condition are Python code on both sides.
    Only the first ``required`` tasks hold the calling thread up; the rest may be finished later
    (``Workers.run``'s ``required``, ``finish``).
    """

    def __init__(self, task, count, helpers, required=None, owner=None):
        self.task = task
        self.owner = owner
        """The ``Workers`` whose list of jobs left for later holds this one (``required``)."""
        self.count = count
        self.required = count if required is None else required
        self.helpers = helpers
        self.niceness = thread_niceness()
        self.exhausted = False
        self._shares = _shares(count, self.required, helpers + 1) if AFFINITY else None
        self._tickets = itertools.count()
        self._finished = itertools.count(1)
        self._finished_required = itertools.count(1)
        self._all_done = threading.Lock()
        self._all_done.acquire()
        self._required_done = self._all_done
        if self.required < count:
            self._required_done = threading.Lock()
            self._required_done.acquire()
        self._finish_lock = threading.Lock()
        self.finished = False
        self.error = None

    def take(self, slot=0):
        """The next task's index for thread ``slot``, or None when every task has been handed out.

        With ``AFFINITY``, thread ``slot``'s own share first, then what the others have not started."""
        if self._shares is not None:
            return self._take_share(slot)
        i = next(self._tickets)
        if i >= self.count:
            self.exhausted = True
            return None
        return i

    def _take_share(self, slot):
        """``take`` with shares: the next task of the first share in ``slot``'s order not yet taken."""
        for share in self._shares[slot]:
            i = next(share, None)
            if i is not None:
                return i
        self.exhausted = True
        return None

    def do(self, i, slot):
        """Run task ``i`` on thread ``slot``; the thread that finishes the last one opens the waits."""
        try:
            if self.error is None:
                self.task(i, slot)
        except BaseException as exc:    # handed to the calling thread, which raises it
            self.error = exc
        if self._required_done is not self._all_done and i < self.required \
                and next(self._finished_required) == self.required:
            self._required_done.release()
        if next(self._finished) == self.count:
            self._all_done.release()
            if self.owner is not None:
                self.owner.forget(self)         # done: nothing is left for the helpers

    def work(self, slot):
        """Run tasks until none is left; ``slot`` tells the task which thread's scratch memory to use."""
        while (i := self.take(slot)) is not None:
            self.do(i, slot)

    def work_required(self, slot):
        """Run tasks until the first ``required`` are all done (by any thread), then return."""
        done = self._required_done
        while done.locked() and (i := self.take(slot)) is not None:
            self.do(i, slot)
        done.acquire()

    def wait(self):
        self._all_done.acquire()

    def pending(self):
        """Whether some task is not done yet."""
        return self._all_done.locked()

    def finish(self):
        """Run what is left of the tasks on this thread (slot 0), wait for the helpers' and raise
        a task's error. Once; later calls return at once."""
        with self._finish_lock:
            if self.finished:
                return
            self.work(0)
            self.wait()
            self.finished = True
        if self.owner is not None:
            self.owner.forget(self)
        if self.error is not None:
            raise self.error


class Workers:
    """Helper threads (daemons, started when first needed) that share the calling thread's tasks.

    ``run(task, count, threads)`` calls ``task(i, slot)`` for i in range(count), on the calling
    thread (slot 0) and up to ``threads - 1`` helpers (slots 1, 2, ...), and returns when all are
    done. A call that finds the helpers busy with another thread's work runs its tasks alone.
    Each helper sleeps on a lock of its own, which ``run`` releases to wake it (a bare lock: no
    Python code between the release and the helper running).
    """

    def __init__(self):
        self._busy = threading.Lock()
        self._job = None
        self._threads = []
        self._wake = []
        self._later = []
        """Jobs whose calling thread went on before all their tasks were done (``required``), oldest
        first: the helpers take their tasks when no region needs them."""

    def _ensure(self, helpers):
        while len(self._threads) < helpers:
            slot = len(self._threads) + 1
            wake = threading.Lock()
            wake.acquire()
            thread = threading.Thread(target=self._loop, args=(slot, wake), name=f"workbench-engine-{slot}",
                                      daemon=True)
            self._wake.append(wake)
            self._threads.append(thread)
            thread.start()

    def _loop(self, slot, wake):
        matched = object()
        while True:
            wake.acquire()
            while True:            # a task at a time: the current region's first, then the jobs left for later
                job = self._job
                if job is None or slot > job.helpers or job.exhausted:
                    job = next((j for j in self._later if not j.exhausted and slot <= j.helpers), None)
                    if job is None:
                        break
                i = job.take(slot)
                if i is not None:
                    if job.niceness != matched:     # (system calls: not at every task)
                        match_niceness(job.niceness)
                        matched = job.niceness
                    job.do(i, slot)

    def forget(self, job):
        """Take a finished job off the list of jobs left for later."""
        try:
            self._later.remove(job)
        except ValueError:
            pass

    def run(self, task, count, threads=None, required=None):
        """Call ``task(i, slot)`` for i in range(count) on the engine's threads and return when done.

        With ``required`` (fewer than ``count``), return as soon as the first ``required`` tasks are
        done: the helpers go on with the others between the calling thread's later regions, and
        the call returns a job whose ``finish()`` completes them (on the calling thread too) and
        must be called before their results are read. Otherwise, or when everything is done by
        then, it returns None.
        """
        limit_blas_threads()
        keep_freed_memory()
        threads = thread_count() if threads is None else threads
        helpers = min(threads, count) - 1
        if required is not None and not 0 < required < count:
            required = None
        if helpers <= 0 or not self._busy.acquire(blocking=False):
            for i in range(count):
                task(i, 0)
            return None
        later = False
        try:
            job = _Job(task, count, helpers, required, owner=None if required is None else self)
            self._ensure(helpers)
            self._job = job
            if required is not None:
                self._later.append(job)         # its last task takes it off (forget)
            for wake in self._wake[:helpers]:
                if wake.locked():       # else the helper has not taken the last wake yet; it will see this job
                    wake.release()
            if required is None:
                job.work(0)
                job.wait()
            else:
                job.work_required(0)
                later = job.pending()
            self._job = None
        finally:
            self._busy.release()
        if later:
            return job
        if job.error is not None:
            raise job.error
        return None


workers = Workers()
