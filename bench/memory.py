"""Section ``memory``: bytes of optimizer state after one step, descend vs torch.optim (exact)."""

from __future__ import annotations

import math

import torch

from _rules import clone_params, dense_rules, make_params, rule_spec
from _timing import print_table, short_error, verdict

TARGET_MEMORY = 1.0


def _state_bytes(opt: torch.optim.Optimizer) -> int:
    total, seen = 0, set()

    def visit(v):
        nonlocal total
        if isinstance(v, torch.Tensor):
            key = (v.untyped_storage().data_ptr(), v.untyped_storage().nbytes())
            if key not in seen:  # count shared storage once
                seen.add(key)
                total += v.untyped_storage().nbytes()
        elif isinstance(v, dict):
            for x in v.values():
                visit(x)
        elif isinstance(v, (list, tuple)):
            for x in v:
                visit(x)

    for st in opt.state.values():
        visit(st)
    return total


def bench_memory(args) -> dict:
    n_tensors, numel = 10, 100_000
    print(
        f"\n=== 3. optimizer state after one step: {n_tensors} x {numel:,} float32 "
        f"(param bytes {n_tensors * numel * 4:,}) ==="
    )
    init, grads = make_params(n_tensors, numel, seed=1)
    rows, out = [], {}
    for name, ds_cls in dense_rules().items():  # sparse-only rules: see _rules.SPARSE_ONLY
        ds_kw, peer, torch_kw, _ = rule_spec(name)
        entry = {}
        for label, make in (
            ("descend", lambda ps: ds_cls(ps, **ds_kw)),
            ("torch", (lambda ps: peer(ps, **torch_kw)) if peer else None),
        ):
            if make is None:
                continue
            try:
                opt = make(clone_params(init, grads))
                opt.step()
                entry[label] = _state_bytes(opt)
                entry[f"{label}_keys"] = sorted(
                    {k for st in opt.state.values() for k, v in st.items() if isinstance(v, torch.Tensor)}
                )
            except Exception as err:
                entry[f"{label}_error"] = short_error(err, 80)
        if "descend" in entry and "torch" in entry:
            entry["ratio"] = (
                entry["descend"] / entry["torch"] if entry["torch"] else (1.0 if entry["descend"] == 0 else math.inf)
            )
            entry["pass"] = entry["ratio"] <= TARGET_MEMORY
        out[name] = entry
        diff = "-"
        if "descend_keys" in entry and "torch_keys" in entry:
            dk, tk = set(entry["descend_keys"]), set(entry["torch_keys"])
            diff = " ".join([f"+{k}" for k in sorted(dk - tk)] + [f"-{k}" for k in sorted(tk - dk)])
            diff = diff or "same"
        rows.append(
            [
                name,
                f"{entry['descend']:,}" if "descend" in entry else entry.get("descend_error", "-"),
                f"{entry['torch']:,}" if "torch" in entry else entry.get("torch_error", "- (no peer)"),
                f"{entry['ratio']:.6f}" if "ratio" in entry else "-",
                verdict(entry.get("pass")),
                diff,
            ]
        )
    print_table(["rule", "descend bytes", "torch bytes", "ratio", f"<= {TARGET_MEMORY}", "state keys vs torch"], rows)
    return {"n_tensors": n_tensors, "numel": numel, "rules": out}
