"""Run every benchmark in `bench/` and print a table of their ratios.

Each script measures both sides of a comparison in one run and ends with one line
`<name>: <ratio>x (target <t>x)`. Benchmarks are not part of CI: run them by hand,
`python bench/run.py` (all) or `python bench/run.py padding attention` (some).
"""
from __future__ import annotations
import re, subprocess, sys, time
from pathlib import Path

LINE = re.compile(r'^(?P<name>[\w.-]+): (?P<ratio>[\d.]+)x \(target (?P<target>[\d.]+)x\)\s*$')

def parse_result(output:str) -> dict|None:
    "The `<name>: <ratio>x (target <t>x)` line a benchmark ends on, parsed; `None` if its last line is not one"
    lines = [l for l in output.strip().splitlines() if l.strip()]
    m = LINE.match(lines[-1]) if lines else None
    if not m: return None
    return {'name': m['name'], 'ratio': float(m['ratio']), 'target': float(m['target'])}

def run(scripts:list[Path]) -> list[dict]:
    rows = []
    for s in scripts:
        t0 = time.perf_counter()
        p = subprocess.run([sys.executable, str(s)], capture_output=True, text=True)
        res = parse_result(p.stdout) if p.returncode == 0 else None
        row = {'script': s.name, 'seconds': round(time.perf_counter() - t0, 1), **(res or {})}
        row['status'] = ('error' if p.returncode else 'no result line') if res is None else \
                        ('met' if res['ratio'] >= res['target'] else 'MISSED')
        if p.returncode: print(p.stderr[-2000:], file=sys.stderr)
        rows.append(row)
    return rows

def main(argv:list[str]) -> int:
    here = Path(__file__).parent
    scripts = sorted(p for p in here.glob('*.py') if p.name != 'run.py')
    if argv: scripts = [p for p in scripts if p.stem in argv]
    if not scripts: print('no benchmark scripts found'); return 1
    rows = run(scripts)
    print(f"{'script':<22}{'ratio':>9}{'target':>9}  {'status':<15}{'seconds':>8}")
    for r in rows:
        ratio = f"{r['ratio']:.2f}x" if 'ratio' in r else '-'
        target = f"{r['target']:.2f}x" if 'target' in r else '-'
        print(f"{r['script']:<22}{ratio:>9}{target:>9}  {r['status']:<15}{r['seconds']:>8}")
    return 0 if all(r['status'] in ('met', 'MISSED') for r in rows) else 1

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
