"""The instruments' shortcuts give the numbers of the calls they replace, bit for bit: the
Hessian-vector product through the autograd engine's own call (``torch.autograd.grad`` without
its per-call checks), the Lanczos matrix built as one list, the rate probe's updates by the
engine's unhooked step, the per-update hook that returns at once between readings, α's slope
terms read back from the host at once, and the sharpness without a weight-decay vector where no
group has one."""

from __future__ import annotations

import collections

import pytest
import torch
from torch.utils._python_dispatch import TorchDispatchMode

import descend as ds
from descend.instruments import Instruments
from descend.instruments.hessian import hessian_vector_product, vector_jacobian
from descend.instruments.rate_probe import probe_batches, rate_gain
from descend.instruments.recording import RecordInstruments
from descend.instruments.sharpness import _tridiagonal, sharpness_from_gradient
from descend.training.losses import get


def _net(seed=0):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(5, 12), torch.nn.Tanh(), torch.nn.Linear(12, 3))


def _data(n=40, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(n, 5, generator=g), torch.randint(0, 3, (n,), generator=g)


def test_the_engine_call_returns_the_tensors_of_autograd_grad():
    model, (x, y) = _net(), _data()
    params = list(model.parameters())
    loss = torch.nn.functional.cross_entropy(model(x), y)
    gradient = torch.autograd.grad(loss, params, create_graph=True)
    vectors = tuple(torch.randn_like(p) for p in params)
    found = vector_jacobian(tuple(gradient), tuple(params))(vectors)
    expected = torch.autograd.grad(gradient, params, vectors, retain_graph=True, allow_unused=True)
    assert all(torch.equal(a, b) for a, b in zip(found, expected, strict=True))


def test_the_product_is_the_one_through_autograd_grad_with_an_unreached_parameter():
    model, (x, y) = _net(), _data()
    spare = torch.nn.Parameter(torch.ones(4))  # the loss does not reach it: its rows are zero
    params = [*model.parameters(), spare]
    loss = torch.nn.functional.cross_entropy(model(x), y)
    gradient = torch.autograd.grad(loss, params, create_graph=True, allow_unused=True)
    v = torch.randn(sum(p.numel() for p in params), dtype=torch.float64)  # CG's dtype
    found = hessian_vector_product(gradient, params)(v)
    parts = torch.split(v, [p.numel() for p in params])
    live = params[:-1]
    expected = torch.autograd.grad(
        gradient[:-1], live, [t.view_as(p).float() for t, p in zip(parts, live)], retain_graph=True
    )
    assert torch.equal(found, torch.cat([*(h.reshape(-1) for h in expected), torch.zeros(4)]))


def test_an_engine_that_takes_other_arguments_leaves_autograd_grad(monkeypatch):
    class Other:
        def run_backward(self, *args):
            raise TypeError("run_backward() takes other arguments")

    w = torch.tensor([1.0, 2.0], requires_grad=True)
    (g,) = torch.autograd.grad((w**3).sum(), [w], create_graph=True)
    monkeypatch.setattr(torch.autograd.Variable, "_execution_engine", Other())
    vjp = vector_jacobian((g,), (w,))  # set up with the other engine
    monkeypatch.undo()  # grad() itself calls torch's
    assert [torch.equal(vjp((torch.ones(2),))[0], torch.tensor([6.0, 12.0])) for _ in range(2)] == [True, True]


def test_a_vector_of_another_shape_goes_through_autograd_grad():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    (g,) = torch.autograd.grad((w**3).sum(), [w], create_graph=True)
    with pytest.raises(RuntimeError, match="Mismatch in shape"):
        vector_jacobian((g,), (w,))((torch.ones(3),))


@pytest.mark.parametrize(
    "alphas, betas", [([2.5], []), ([-0.0], []), ([1.0, -0.0, 3.0], [0.5, -0.0]), ([-1.5, 4.0], [2.0])]
)
def test_the_lanczos_matrix_is_the_sum_of_its_diagonals_bit_for_bit(alphas, betas):
    expected = torch.diag(torch.tensor(alphas, dtype=torch.float64))
    if betas:
        off = torch.tensor(betas, dtype=torch.float64)
        expected = expected + torch.diag(off, 1) + torch.diag(off, -1)
    found = _tridiagonal(alphas, betas)
    assert torch.equal(found, expected)
    assert torch.equal(torch.signbit(found), torch.signbit(expected))  # -0.0 where the sum keeps it


@pytest.mark.parametrize("hooked", ["step hook", "zero_grad override"])
def test_the_rate_probe_reads_the_same_through_the_optimizer_s_own_step(hooked):
    x, y = _data(64)
    found = []
    for plain in (True, False):
        model = _net(1)
        opt = ds.optim.Adam(model.parameters(), lr=0.01)
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        if not plain and hooked == "step hook":  # optimizer.step(), its hooks called
            opt.register_step_post_hook(lambda *_: None)
        if not plain and hooked == "zero_grad override":
            opt.zero_grad = lambda set_to_none=True, opt=opt: torch.optim.Optimizer.zero_grad(opt, set_to_none)
        reading = rate_gain(model, get("cross_entropy"), opt, probe_batches((x, y), 16, 8), (x, y))
        found.append((reading.as_dict(), [p.detach().clone() for p in model.parameters()]))
    (a, wa), (b, wb) = found
    assert [v.hex() for v in a["at_rate"] + a["at_factor"]] == [v.hex() for v in b["at_rate"] + b["at_factor"]]
    assert a["start"].hex() == b["start"].hex() and all(torch.equal(p, q) for p, q in zip(wa, wb))


def test_next_due_follows_the_sampling():
    x, y = _data()
    every = Instruments(_net(), torch.nn.functional.cross_entropy, (x, y), every=7)
    planned = Instruments(_net(), torch.nn.functional.cross_entropy, (x, y), every=True, total_steps=6000)
    for inst in (every, planned):
        for step in range(0, 6000, 37):
            after = inst.next_due(step)
            assert inst.due(after) and not any(inst.due(s) for s in range(step + 1, after))
    assert planned.next_due(6000) is None


class _EveryStep(RecordInstruments):
    """The hook as it was: both due checks at every update."""

    def on_step_end(self, run):
        inst = self.instruments
        if inst is None:
            return
        step = run.step
        if inst.due(step):
            inst.step = step - 1
            run.history.instruments.append(inst.after_step())
            self._vector = inst.vector
        if inst.due(step + 1) and not run.should_stop:
            inst.step = step
            inst.before_step()


@pytest.mark.parametrize("every", [True, 3, 11])
def test_the_hook_that_returns_between_readings_records_the_same_rows(every):
    x, y = _data(80)
    rows = []
    for cls in (RecordInstruments, _EveryStep):
        rec = cls((x[:32], y[:32]), get("cross_entropy"), every=every, total_steps=40, batch_size=8)
        h = ds.train(
            _net(), (x, y), lr=0.01, batch_size=8, epochs=4, callbacks=[rec], instruments=False, progress=False
        )
        rows.append(h.instruments)
    assert [r["step"] for r in rows[0]] == [r["step"] for r in rows[1]] and rows[0]
    for a, b in zip(*rows, strict=True):
        assert a.keys() == b.keys()
        assert [_bits(a[k]) for k in a] == [_bits(b[k]) for k in b]


def _bits(value):
    return value.hex() if isinstance(value, float) else value


class _Counted(TorchDispatchMode):
    """Counts the aten operations run under it, by name."""

    def __init__(self) -> None:
        super().__init__()
        self.ops: collections.Counter = collections.Counter()

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.ops[func.overloadpacket.__name__] += 1
        return func(*args, **(kwargs or {}))


def test_alpha_reads_the_host_once_and_as_each_slope_term_read_alone_would():
    model, (x, y) = _net(), _data()
    loss_fn = get("cross_entropy")
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    inst = Instruments(model, loss_fn, (x, y), optimizer=opt, every=1)
    opt.zero_grad()
    loss_fn(model(x), y).backward()
    inst.before_step()
    opt.step()
    start = inst._start
    gradient = torch.autograd.grad(loss_fn(model(x), y), list(model.parameters()))
    _, f0, before, g0 = start
    slope0 = slope1 = 0.0
    for p, b, s0, s1 in zip(model.parameters(), before, g0, gradient, strict=True):  # the terms read one by one
        slope0 += float(torch.sum(s0 * (p.detach() - b)))
        slope1 += float(torch.sum(s1 * (p.detach() - b)))
    counted = _Counted()
    with counted:
        found = inst._alpha(start, 0.5, gradient)
    assert _bits(found) == _bits(ds.instruments.step_alpha(f0, slope0, 0.5, slope1))
    assert counted.ops["_local_scalar_dense"] == 0  # the terms come back in one tolist(), not an item() each


@pytest.mark.parametrize("decay", [0.0, 1e-50, 0.5])
def test_the_sharpness_builds_no_decay_vector_where_no_group_decays(decay):
    model, (x, y) = _net(), _data()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=decay)
    params = list(model.parameters())
    gradient = torch.autograd.grad(get("cross_entropy")(model(x), y), params, create_graph=True)
    rule = ds.instruments.stability_rule(opt)
    counted = _Counted()
    with counted:
        found = sharpness_from_gradient(gradient, params, rule, iterations=6)
    plain = sharpness_from_gradient(gradient, params, None, iterations=6)
    assert (counted.ops["full"] == 0) == (decay == 0.0)
    # A decay that rounds to zero in float32 damps nothing: the plain Hessian's value, bit for bit.
    assert (_bits(found.value) == _bits(plain.value)) == (decay != 0.5)
