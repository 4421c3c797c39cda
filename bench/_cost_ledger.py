"""Not a section: where the per-step cost of ``ds.watch`` and of ``train``'s instruments goes, in
counts that a loaded machine does not disturb (session 40). Wall-clock ratios of a 0.2 ms step
move by several percent with the load of other jobs; these counts do not move at all, except
where watch's own sampling reads the clock (which updates have their gradient norms read, which
due readings its budget takes).

``watch``: the loop of ``bench/watch.py`` (digits MLP, adam lr 1e-3, batch 32, 20 epochs), watched,
against the same loop unwatched. For each kind of update (an ordinary one; one whose gradient
norms are read; one with the update ratios, every ``RATIO_EVERY``-th; one with an instruments'
reading), and for ``ds.watch()``, ``epoch_end()`` and ``close()``: the Python calls and bytecodes
run in descend's code (``sys.settrace`` with opcode events) and the aten operations
(``TorchDispatchMode``) that watching adds to ``opt.step()`` and ``monitor.log()``; and the
Hessian-vector products of the readings.

``train``: ``descend.train(..., instruments=True)`` on the digits MLP and CNN with section 4d's
settings: the readings' steps, their Hessian-vector products (sharpness, the loss left to fall)
and aten operations, the probe gradients before them (``before_step``, for α), the rate probe's
(``RateProbe``), and the bytecodes of the instruments' per-step hook.

    .venv/bin/python bench/_cost_ledger.py            # both, about a minute
"""

from __future__ import annotations

import collections
import functools
import statistics
import sys
from pathlib import Path

import torch
import torch.nn.functional as F
from torch.utils._python_dispatch import TorchDispatchMode

sys.path.insert(0, str(Path(__file__).parent))

import descend as ds  # noqa: E402
import watch as watch_section  # noqa: E402
from _train_cases import train_4d  # noqa: E402
from descend.instruments import hessian, rate_probe, recording, sampler  # noqa: E402
from descend.training import prepare  # noqa: E402
from descend.training.metrics import RATIO_EVERY  # noqa: E402

_SRC = str(Path(ds.__file__).parent)
_HVP_USERS = ("descend.instruments.sharpness", "descend.instruments.decrease")


class _Ops(TorchDispatchMode):
    """Counts the aten operations run under it."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.count += 1
        return func(*args, **(kwargs or {}))


class _Trace:
    """Python calls and bytecodes run in descend's code, per key (``key`` is set by the caller); a
    call traced within another (a reading within the per-step hook) counts under its own key alone."""

    def __init__(self) -> None:
        self.calls: collections.Counter = collections.Counter()
        self.codes: collections.Counter = collections.Counter()
        self.key: object = None
        self._open: list[list] = []  # the traced calls under way: [their ops, the ops of those within]

    def __call__(self, frame, event, arg):
        if not frame.f_code.co_filename.startswith(_SRC):
            return None
        self.calls[self.key] += 1
        frame.f_trace_opcodes = True
        return self._opcode

    def _opcode(self, frame, event, arg):
        if event == "opcode":
            self.codes[self.key] += 1
        return self._opcode

    def run(self, key: object, fn, *args):
        """``fn(*args)`` traced under ``key``; returns its result and its own aten operations."""
        outer, self.key, ops = self.key, key, _Ops()
        self._open.append([ops, 0])
        try:
            with ops:
                if len(self._open) == 1:
                    sys.settrace(self)
                try:
                    result = fn(*args)
                finally:
                    if len(self._open) == 1:
                        sys.settrace(None)
        finally:
            _, within = self._open.pop()
            self.key = outer
        own = ops.count - within
        if self._open:
            self._open[-1][1] += ops.count
        return result, own


@functools.cache
def _hvp_counter() -> collections.Counter:
    """Counts each Hessian-vector product by the module that made the operator (once installed)."""
    counts: collections.Counter = collections.Counter()
    made = hessian.hessian_vector_product
    for name in _HVP_USERS:
        module = sys.modules[name]

        def counted(*args, _name=name, **kwargs):
            apply = made(*args, **kwargs)

            def product(v):
                counts[_name.rsplit(".", 1)[1]] += 1
                return apply(v)

            return product

        module.hessian_vector_product = counted
    return counts


def _watched_loop(X, y, trace: _Trace | None) -> tuple[dict, object]:
    """bench/watch.py's loop on the digits MLP; per update (and per ``epoch_end``/``close``/setup
    key) the aten ops inside ``opt.step()`` + ``monitor.log()``; traced where ``trace`` is given."""
    case = watch_section.CASES[0]
    torch.manual_seed(0)
    model = watch_section._model(case, X, y)
    opt = torch.optim.Adam(model.parameters(), lr=watch_section.LR)
    steps = -(-len(X) // watch_section.BATCH) * case[3]

    def start():
        return ds.watch(
            model,
            opt,
            loss_fn=F.cross_entropy,
            probe=(X[: watch_section.PROBE], y[: watch_section.PROBE]),
            total_steps=steps,
            batch_size=watch_section.BATCH,
            print_findings=False,
        )

    def call(key, fn, *args):
        if trace is None:
            ops = _Ops()
            with ops:
                result = fn(*args)
            return result, ops.count
        return trace.run(key, fn, *args)

    monitor, ops = call("setup", start) if trace is not None else (None, 0)
    counts = {"setup": ops}
    g = torch.Generator().manual_seed(0)
    update = 0

    def step_and_log(loss):
        opt.step()
        value = loss.item()
        if monitor is not None:
            monitor.log(value)

    for _ in range(case[3]):
        order = torch.randperm(len(X), generator=g)
        for i in range(0, len(X), watch_section.BATCH):
            idx = order[i : i + watch_section.BATCH]
            opt.zero_grad()
            loss = F.cross_entropy(model(X[idx]), y[idx])
            loss.backward()
            update += 1
            counts[update] = call(update, step_and_log, loss)[1]
        if monitor is not None:
            counts["epoch_end"] = counts.get("epoch_end", 0) + call("epoch_end", monitor.epoch_end)[1]
    if monitor is not None:
        counts["close"] = call("close", monitor.close)[1]
    return counts, monitor


def ledger_watch() -> None:
    prepared = prepare("digits", seed=0)
    X, y = prepared.train.X, prepared.train.y
    hvps = _hvp_counter()
    hvps.clear()
    trace = _Trace()
    watched, monitor = _watched_loop(X, y, trace)
    plain, _ = _watched_loop(X, y, None)
    updates = [u for u in plain if isinstance(u, int)]
    added = {u: watched[u] - plain[u] for u in updates}
    taken = {row["step"] for row in monitor.history.instruments}
    usual = statistics.median(trace.codes[u] for u in updates)
    kinds: dict[str, list[int]] = collections.defaultdict(list)
    for u in updates:
        if u in taken:
            kind = "an instruments' reading (and its probe gradient)"
        elif (u - 1) % RATIO_EVERY == 0:
            kind = f"update ratios (every {RATIO_EVERY}th) and norms"
        elif trace.codes[u] > usual or added[u]:
            kind = "norms read; a read or reading planned or declined"
        else:
            kind = "ordinary (none of these)"
        kinds[kind].append(u)
    print(
        f"\n--- ds.watch on bench/watch.py's digits MLP loop ({len(updates)} updates; {monitor.sampling.read} had their "
        f"gradient norms read, {len(taken)} instruments' reading(s) at {sorted(taken)}; Hessian-vector products "
        f"{dict(hvps)}) ---"
    )
    print(f"{'what':52s} {'count':>6s} {'py calls':>9s} {'bytecodes':>10s} {'aten ops':>9s}   (per one)")
    for kind, us in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        calls = sum(trace.calls[u] for u in us)
        codes = sum(trace.codes[u] for u in us)
        ops = sum(added[u] for u in us)
        n = len(us)
        print(f"{kind:52s} {n:6d} {calls:9d} {codes:10d} {ops:9d}   ({calls / n:.0f}, {codes / n:.0f}, {ops / n:.0f})")
    for key, n in (("setup", 1), ("epoch_end", len(monitor.history.epochs["epoch"])), ("close", 1)):
        calls, codes, ops = trace.calls[key], trace.codes[key], watched[key]
        print(f"{key:52s} {n:6d} {calls:9d} {codes:10d} {ops:9d}   ({calls / n:.0f}, {codes / n:.0f}, {ops / n:.0f})")
    print(f"{'all':52s} {'':6s} {sum(trace.calls.values()):9d} {sum(trace.codes.values()):10d}")


def ledger_train() -> None:
    prepared = prepare("digits", seed=0)
    X, y = prepared.train.X, prepared.train.y
    hvps = _hvp_counter()
    found: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    trace = _Trace()
    originals = {
        "reading": (sampler.Instruments, "measure"),
        "before_step": (sampler.Instruments, "before_step"),
        "rate probe": (rate_probe, "rate_gain"),
        "per-step hook": (recording.RecordInstruments, "on_step_end"),
    }
    saved = {label: getattr(owner, name) for label, (owner, name) in originals.items()}

    def counted(label, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            result, ops = trace.run(label, functools.partial(fn, *args, **kwargs))
            found[label][0] += 1
            found[label][1] += ops
            return result

        return wrapper

    for label, (owner, name) in originals.items():
        setattr(owner, name, counted(label, saved[label]))
    try:
        for model in ("mlp", "cnn"):
            found.clear()
            hvps.clear()
            trace.calls.clear()
            trace.codes.clear()
            history = train_4d(model, (X, y), "cpu", instruments=True, track_examples=False)
            print(
                f"\n--- train(instruments=True), digits {model}, section 4d's settings: readings at "
                f"{[row['step'] for row in history.instruments]}, Hessian-vector products {dict(hvps)} ---"
            )
            print(f"{'what':20s} {'calls':>6s} {'py calls':>9s} {'bytecodes':>10s} {'aten ops':>9s}")
            for label in originals:
                n, ops = found[label]
                print(f"{label:20s} {n:6d} {trace.calls[label]:9d} {trace.codes[label]:10d} {ops:9d}")
    finally:
        for label, (owner, name) in originals.items():
            setattr(owner, name, saved[label])


if __name__ == "__main__":
    torch.set_num_threads(1)
    ledger_watch()
    ledger_train()
