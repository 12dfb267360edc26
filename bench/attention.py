"""Naive attention vs PyTorch SDPA at 4,096 tokens: peak memory and time, measured side by side in one run.

Usage: python bench/attention.py [--seq 4096] [--heads 8] [--head-dim 64] [--threads 1]
Ends with `attention: <memory ratio>x (target 50x)`.
"""
from __future__ import annotations
import argparse, sys
import torch
from lessontune.attention import measure_attention, sdpa_kernel
from lessontune.core import human_bytes, best_device

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seq', type=int, default=4096)
    ap.add_argument('--heads', type=int, default=8)
    ap.add_argument('--head-dim', type=int, default=64)
    ap.add_argument('--threads', type=int, default=1, help='CPU threads (1 keeps timings steady on a shared machine)')
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    dev = best_device() if best_device() == 'cuda' else 'cpu'
    q = torch.randn(1, a.heads, 64, a.head_dim, device=dev)
    print(f"device {dev}; SDPA kernel: {sdpa_kernel(q, q, q)}")
    r = measure_attention(a.seq, a.heads, a.head_dim, device=dev)
    print(f"seq {a.seq}, {a.heads} heads x {a.head_dim}, fp32, causal, forward")
    print(f"  naive: peak {human_bytes(r['naive_peak'])}, {r['naive_seconds']*1000:.0f} ms")
    print(f"  sdpa : peak {human_bytes(r['sdpa_peak'])}, {r['sdpa_seconds']*1000:.0f} ms")
    print(f"  time ratio (naive/sdpa): {r['time_ratio']:.1f}x")
    print(f"attention: {r['memory_ratio']:.2f}x (target 50x)")
    return 0

if __name__ == '__main__': sys.exit(main())
