"""Gradient checkpointing on vs off: activation memory saved and step time added, measured side by side in one run.

Usage: python bench/checkpointing.py [--hidden 512] [--layers 8] [--seq 1024] [--repeat 3] [--threads 1]
A bf16 Llama-shaped model (on CUDA when present, else CPU); on and off steps are interleaved so load affects both.
Ends with `checkpointing: <activation memory off/on>x (target 3.33x)`: 3.33x is 70% saved.
"""
from __future__ import annotations
import argparse, sys, time, warnings
import numpy as np
import torch
from lessontune.checkpointing import small_llama, forward_memory, model_activation_bytes
from lessontune.core import human_bytes, best_device

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--hidden', type=int, default=512)
    ap.add_argument('--layers', type=int, default=8)
    ap.add_argument('--seq', type=int, default=1024)
    ap.add_argument('--batch', type=int, default=1)
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--threads', type=int, default=1, help='CPU threads (1 keeps timings steady on a shared machine)')
    a = ap.parse_args(argv)
    warnings.filterwarnings('ignore')
    torch.set_num_threads(a.threads)
    dev = 'cuda' if best_device() == 'cuda' else 'cpu'
    m = small_llama(a.layers, a.hidden, vocab=512).to(dev)
    ids = torch.randint(0, 512, (a.batch, a.seq), device=dev)
    def step():
        m.zero_grad(set_to_none=True); m(ids, labels=ids).loss.backward()
        if dev == 'cuda': torch.cuda.synchronize()
    def set_ckpt(on):
        m.gradient_checkpointing_enable() if on else m.gradient_checkpointing_disable()
    act, times = {}, {False: [], True: []}
    for on in (False, True):
        set_ckpt(on); step()
        act[on], _ = forward_memory(lambda: m(ids, labels=ids).loss, dev)
    for _ in range(a.repeat):            # interleaved, so a busy neighbour slows both sides alike
        for on in (False, True):
            set_ckpt(on); t0 = time.perf_counter(); step(); times[on].append(time.perf_counter() - t0)
    t_off, t_on = np.median(times[False]), np.median(times[True])
    saved, added = 1 - act[True] / act[False], t_on / t_off - 1
    print(f"{dev}: Llama-shaped, hidden {a.hidden}, {a.layers} layers, batch {a.batch} x seq {a.seq}, bf16")
    print(f"  activation memory off {human_bytes(act[False])} (formula {human_bytes(model_activation_bytes(m.config, a.batch, a.seq))}), "
          f"on {human_bytes(act[True])} (formula {human_bytes(model_activation_bytes(m.config, a.batch, a.seq, checkpointing=True))})")
    print(f"  step time off {t_off:.2f} s, on {t_on:.2f} s (median of {a.repeat}, interleaved)")
    print(f"  saved {saved:.1%} of activation memory (target >= 70%), time added {added:+.1%} (target <= 35%): "
          f"{'met' if saved >= 0.7 and added <= 0.35 else 'MISSED'}")
    print(f"checkpointing: {act[False] / act[True]:.2f}x (target 3.33x)")
    return 0

if __name__ == '__main__': sys.exit(main())
