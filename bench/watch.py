"""Section ``watch``: the cost of ``descend.watch`` on a plain PyTorch loop.

The same hand-written loop (reshuffled mini-batches, ``zero_grad``, forward, cross-entropy,
``backward``, ``step``, ``loss.item()``) on the digits MLP and CNN with 4a's settings (adam
lr=1e-3, batch 32, 20 epochs, the train split of ``prepare("digits", seed=0)``), a 256-128-64 MLP on
breast_cancer (60 epochs; added in session 6 as a check, its figures looked at since) and, as the
clean check (added in session 7, after watch's budgets and rules were set; ``unseen`` in the
results), an attention block on the digits' rows, with and without ``descend.watch`` at its
default sampling: the gradient norms at every update of the first 20,
then as often as 0.5% of the loop's measured time allows (``descend.watch.sampling.NormSampling``;
the table gives how many were read), the update ratios every 100th, the instruments on a 64-example probe at the steps of
:func:`descend.instruments.default_steps` (``total_steps`` given) that its time budget affords
(``descend.watch.sampling.ReadingBudget``: the last planned, the loss left to fall with it, the
earlier ones as often as 3% of the loop's time, less the gradient norms' reads and the last's
cost reserved, allows, none probed that the budget declines already; the table gives how many
were taken), ``monitor.log(loss)`` after
each step, ``epoch_end()`` after each epoch, and ``close()`` (the doctor) at the end; no run
folder. The issue's 5% (TARGET) is watch's at its default sampling, without ``log_dir``: a run
folder's logs are written during the loop (their rows, a few µs a step, and TensorBoard's events of the
steps ``tensorboard_every`` picks, about 40 µs each: every 20th step here under its ``"auto"``,
after an epoch once the time since the last write is 50 times what rewriting history.json
took, :data:`descend.training.logs.WRITE_GAP`, then whole at the end) and ``close()`` adds
its plots and report, so the digits MLP is
also watched with ``log_dir`` (a fresh folder in a temporary directory each run), in the same
interleaved runs: its loop's ratio to the plain loop up to ``close()``, and ``close()``'s own
milliseconds apart (a one-off: the logs whole, the plots, the report), reported as what the
folder costs, not judged against TARGET (session 38: before the logs' writes were bounded,
1.37x in CPU time, the files written after every 4-5 ms epoch). Interleaved runs; the median of each, their ratio
against TARGET. The two runs' final weights are checked to be the
same bit for bit. The verdict is on wall time; the table also gives the ratio of the
process's CPU time, which a shared machine's other jobs disturb less (time spent waiting for
a CPU does not count in it). Timed on one torch thread: on a shared machine two threads' barrier waits
swamp a small model's step (measured here: 50 ms a step of the MLP instead of 1.5 ms), and
the ratio then says nothing about the watch.
"""

from __future__ import annotations

import contextlib
import functools
import tempfile
import time

import torch
import torch.nn.functional as F

import descend as ds
from descend.training import build_model, prepare

from _timing import (
    check,
    cpu_ratio,
    fmt_ratio,
    fmt_spread,
    paired_ratio,
    print_table,
    rounds_done,
    summary,
    time_interleaved,
    verdict,
)

TARGET = 1.05  # watched loop / plain loop
EPOCHS, BATCH, LR = 20, 32, 1e-3  # bench/train.py's 4a settings
PROBE = 64
# (data set, model, its options, epochs): the bench's digits MLP and CNN, then a check on a
# model the budgets were not chosen on (a wider, deeper MLP on another data set, ~900 updates),
# and one that no budget or rule of watch was looked at against before session 7 (an attention
# block reading the digits' 8 rows as 8 tokens: LayerNorms, so the noise scale's per-example
# gradients come from vmap), reported apart as the clean check.
CASES = (
    ("digits", "mlp", {}, EPOCHS),
    ("digits", "cnn", {}, EPOCHS),
    ("breast_cancer", "mlp", {"hidden": (256, 128, 64)}, 60),
    ("digits", "attention", {}, EPOCHS),
)
UNSEEN = "digits attention"  # the case added in session 7, after watch's rules were set
FOLDER_CASE = CASES[0]  # also watched with a run folder (log_dir): what the folder costs, not judged


class _RowAttention(torch.nn.Module):
    """An 8x8 digit as 8 tokens of 8 pixels: an embedding, one pre-norm transformer block (one
    head of softmax attention written out, so that it has a double backward for the
    instruments, then a 2x-wide ReLU MLP, each with a residual), the tokens' mean, a linear
    read-out."""

    def __init__(self, n_outputs: int, width: int = 32) -> None:
        super().__init__()
        self.embed = torch.nn.Linear(8, width)
        self.norm1, self.norm2 = torch.nn.LayerNorm(width), torch.nn.LayerNorm(width)
        self.qkv = torch.nn.Linear(width, 3 * width)
        self.mlp = torch.nn.Sequential(
            torch.nn.Linear(width, 2 * width), torch.nn.ReLU(), torch.nn.Linear(2 * width, width)
        )
        self.out = torch.nn.Linear(width, n_outputs)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.embed(x.reshape(len(x), 8, 8))
        q, k, v = self.qkv(self.norm1(h)).chunk(3, dim=-1)
        h = h + torch.softmax(q @ k.transpose(1, 2) / q.shape[-1] ** 0.5, dim=-1) @ v
        h = h + self.mlp(self.norm2(h))
        return self.out(h.mean(1))


def _model(case: tuple, X, y) -> torch.nn.Module:
    _, model_name, options, _ = case
    if model_name == "attention":
        return _RowAttention(int(y.max()) + 1)
    return build_model(model_name, X.shape[1], int(y.max()) + 1, task="classification", **options)


def _loop(
    X, y, case: tuple, watched: bool, log_dir: str | None = None
) -> tuple[list[torch.Tensor], int, int, dict | None, tuple[float, float]]:
    """The user's loop (on the data's device; each step's ``loss.item()`` waits for the GPU),
    watched into the run folder ``log_dir`` if given; returns the final weights, the
    instruments' readings taken, the updates whose gradient norms were read, watch's own
    measured seconds (``Monitor.cost``) and the wall and CPU seconds of ``close()``."""
    epochs = case[3]
    torch.manual_seed(0)
    model = _model(case, X, y).to(X.device)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    steps = -(-len(X) // BATCH) * epochs
    monitor = (
        ds.watch(
            model,
            opt,
            loss_fn=F.cross_entropy,
            probe=(X[:PROBE], y[:PROBE]),
            total_steps=steps,
            batch_size=BATCH,
            print_findings=False,
            log_dir=log_dir,
        )
        if watched
        else None
    )
    g = torch.Generator().manual_seed(0)
    for _ in range(epochs):
        order = torch.randperm(len(X), generator=g)
        for i in range(0, len(X), BATCH):
            idx = order[i : i + BATCH]
            opt.zero_grad()
            loss = F.cross_entropy(model(X[idx]), y[idx])
            loss.backward()
            opt.step()
            value = loss.item()
            if monitor is not None:
                monitor.log(value)
        if monitor is not None:
            monitor.epoch_end()
    readings = norms = 0
    closed = time.perf_counter(), time.process_time()
    if monitor is not None:
        monitor.close()
        readings = len(monitor.history.instruments)
        norms = monitor.sampling.read
    cost = monitor.cost if monitor is not None else None
    closed = time.perf_counter() - closed[0], time.process_time() - closed[1]
    return [p.detach().clone() for p in model.parameters()], readings, norms, cost, closed


def _own_shares(cost: dict | None) -> str:
    """watch's own measured time in its readings and its gradient norms, as shares of the
    watched loop's (the last timed run's ``Monitor.cost``)."""
    if not cost or not cost.get("loop"):
        return "-"
    return f"{100 * cost['instruments'] / cost['loop']:.1f} + {100 * cost['gradient_norms'] / cost['loop']:.1f}"


def _same_weights(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a, b, strict=True))


@contextlib.contextmanager
def _deterministic_cudnn():
    saved = torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark
    torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = True, False
    try:
        yield
    finally:
        torch.backends.cudnn.deterministic, torch.backends.cudnn.benchmark = saved


def bench_watch(args) -> dict:
    print(
        f"\n--- watch. cost of descend.watch at its default sampling on a plain loop on {args.device}: digits, adam lr={LR}, "
        f"batch {BATCH}, {EPOCHS} epochs (target <= {TARGET}x) ---"
    )
    wall = args.budget / 3
    out, rows = {"torch_threads": 1}, []
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        _compare(args, wall, out, rows)
    finally:
        torch.set_num_threads(threads)
    print_table(
        [
            "case",
            "readings/steps",
            "norms read",
            "readings + norms, % of loop",
            "watched ms",
            "plain ms",
            "watched/plain [IQR]",
            "CPU time [IQR]",
            "same weights",
            "target",
            "verdict",
        ],
        rows,
    )
    return out


def _compare(args, wall: float, out: dict, rows: list) -> None:
    """The interleaved runs of each case, into ``out`` and the table's ``rows``."""
    for case in CASES:
        data, model_name, options, epochs = case
        prepared = prepare(data, seed=0)
        X, y = prepared.train.X.to(args.device), prepared.train.y.to(args.device)
        model = model_name if data == "digits" else f"{data} {model_name}"
        last: dict = {}

        def run(watched: bool, case=case, X=X, y=y, last=last):
            last[watched] = _loop(X, y, case, watched)

        contenders = {"watched": functools.partial(run, True), "plain": functools.partial(run, False)}
        with tempfile.TemporaryDirectory() as folders:
            if case == FOLDER_CASE:

                def in_folder(case=case, X=X, y=y, last=last, folders=folders):
                    last["folder"] = _loop(X, y, case, True, log_dir=tempfile.mkdtemp(dir=folders))
                    last.setdefault("closes", []).append(last["folder"][4])

                contenders["folder"] = in_folder
            for fn in contenders.values():  # warm-up
                fn()
            # The MLP's run is short and its ratio noisy on a shared machine: more rounds (as many as
            # the section's time allows), for a median that one preempted round does not move.
            repeats = 7 * args.repeats_train if model_name == "mlp" else 2 * args.repeats_train
            samples = time_interleaved(contenders, repeats, gc_off=False, max_seconds=wall)
        ratio = paired_ratio(samples["watched"], samples["plain"])
        ratio_cpu = cpu_ratio(samples, "watched", "plain")
        ok, near = check(ratio, TARGET)
        same, plain_twice = _same_weights(last[True][0], last[False][0]), None
        if X.is_cuda:
            # cuDNN's default convolution kernels may sum in any order (atomics): two plain runs
            # of the CNN can differ in their last bits. So on a GPU the check runs the two loops
            # again, untimed, with cuDNN's deterministic kernels, and reports both.
            plain_twice = _same_weights(_loop(X, y, case, False)[0], last[False][0])
            with _deterministic_cudnn():
                same = _same_weights(_loop(X, y, case, True)[0], _loop(X, y, case, False)[0])
        out[model] = {
            "samples_s": samples,
            "watched": summary(samples["watched"]),
            "plain": summary(samples["plain"]),
            "ratio": ratio,
            "cpu_samples_s": samples.cpu,
            "cpu_ratio": ratio_cpu,
            "readings": last[True][1],
            "norms_read": last[True][2],
            "watch_cost_s": last[True][3],
            "steps": -(-len(X) // BATCH) * epochs,
            "same_weights": same,
            "plain_twice_same": plain_twice,
            "rounds": rounds_done(samples, repeats, wall),
            "target": TARGET,
            "pass": ok,
            "near": near,
            "unseen": f"{data} {model_name}" == UNSEEN,
        }
        label = f"{data} {model_name}" + (f" {'-'.join(map(str, options['hidden']))}" if "hidden" in options else "")
        rows.append(
            [
                label + (" (unseen)" if out[model]["unseen"] else ""),
                f"{out[model]['readings']}/{out[model]['steps']}",
                f"{out[model]['norms_read']}",
                _own_shares(last[True][3]),
                fmt_spread(out[model]["watched"], 1e3, 0),
                fmt_spread(out[model]["plain"], 1e3, 0),
                fmt_ratio(ratio),
                fmt_ratio(ratio_cpu),
                ("yes" if same else "NO")
                + ("" if plain_twice is None else f" (plain twice: {'yes' if plain_twice else 'no'})"),
                f"<= {TARGET}",
                verdict(ok, near),
            ]
        )
        if "folder" in samples:
            rows.append(_folder_row(out[model], last, samples, label))


def _folder_row(out: dict, last: dict, samples, label: str) -> list[str]:
    """The case watched with a run folder, against the same plain runs: ``out["folder"]`` and
    its row of the table (no verdict: TARGET is watch's without a folder). Its ratios are the
    loop's up to ``close()`` (the epochs' log writes in it); ``close()``, which writes the
    plots and the report once, is given apart (its median ms) and in ``ratio_with_close``."""
    closes = last["closes"][-len(samples["folder"]) :]  # the timed runs' (the warm-up's first)
    loop = [t - c for t, (c, _) in zip(samples["folder"], closes)]
    loop_cpu = [t - c for t, (_, c) in zip(samples.cpu["folder"], closes)]
    ratio, ratio_cpu = paired_ratio(loop, samples["plain"]), paired_ratio(loop_cpu, samples.cpu["plain"])
    same = _same_weights(last["folder"][0], last[False][0])
    out["folder"] = {
        "samples_s": samples["folder"],
        "close_s": [c for c, _ in closes],
        "watched": summary(loop),
        "ratio": ratio,
        "cpu_ratio": ratio_cpu,
        "ratio_with_close": paired_ratio(samples["folder"], samples["plain"]),
        "cpu_ratio_with_close": cpu_ratio(samples, "folder", "plain"),
        "same_weights": same,
        "judged": False,
    }
    close_ms = 1e3 * summary(out["folder"]["close_s"])["median"]
    return [
        f"{label} with log_dir, to close()",
        f"{last['folder'][1]}/{out['steps']}",
        f"{last['folder'][2]}",
        _own_shares(last["folder"][3]),
        fmt_spread(out["folder"]["watched"], 1e3, 0),
        fmt_spread(out["plain"], 1e3, 0),
        fmt_ratio(ratio),
        fmt_ratio(ratio_cpu),
        "yes" if same else "NO",
        "-",
        f"not judged; close() {close_ms:.0f} ms",
    ]
