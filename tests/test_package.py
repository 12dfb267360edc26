"The package as `pip install lessontune` meets it: a wheel, installed into a fresh virtual environment."
import subprocess, sys, venv, zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

@pytest.fixture(scope='module')
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip('build', reason='python -m build is part of the [dev] extra')
    out = tmp_path_factory.mktemp('dist')
    # --no-isolation: build with the setuptools already installed, so no download is needed
    p = subprocess.run([sys.executable, '-m', 'build', '--wheel', '--no-isolation', '--outdir', str(out), str(ROOT)],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    return next(out.glob('lessontune-*.whl'))

def test_wheel_ships_modules_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for mod in ('core', 'toy', 'widgets', 'cli', 'memory', 'lora'): assert f'lessontune/{mod}.py' in names
    for data in ('tiny_corpus.txt', 'langid_sample.jsonl', 'legal_sample.jsonl'): assert f'lessontune/data/{data}' in names
    meta = next(n for n in names if n.endswith('METADATA'))
    text = zipfile.ZipFile(wheel).read(meta).decode()
    runtime = [l for l in text.splitlines() if l.startswith('Requires-Dist:') and 'extra ==' not in l]
    assert any(l.startswith('Requires-Dist: torch') for l in runtime)
    assert not any(dev in l for l in runtime for dev in ('nbdev', 'fastcore', 'execnb')), runtime  # dev tools stay in [dev]

def test_wheel_in_fresh_venv_runs_cli_and_demo(wheel, tmp_path):
    env_dir = tmp_path / 'venv'
    # The ML stack comes from the system site-packages (installing torch again would download GBs); lessontune from the wheel
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    py = env_dir / 'bin' / 'python'
    clean = {'PATH': '/usr/bin:/bin', 'HOME': str(tmp_path)}   # no PYTHONPATH: a checkout on it would count as installed
    p = subprocess.run([str(py), '-m', 'pip', 'install', '--no-deps', '--no-index', '--ignore-installed', '-q', str(wheel)],
                       capture_output=True, text=True, cwd=tmp_path, env=clean)
    assert p.returncode == 0, p.stderr[-3000:]
    run = lambda *a: subprocess.run([*a], capture_output=True, text=True, cwd=tmp_path, env={'PATH': '/usr/bin:/bin', 'HF_HUB_OFFLINE': '1', 'HOME': str(tmp_path)})
    where = run(str(py), '-c', 'import lessontune; print(lessontune.__file__)')
    assert where.returncode == 0 and str(env_dir) in where.stdout, where.stdout + where.stderr   # the wheel, not the checkout
    assert run(str(env_dir / 'bin' / 'lessontune'), '--help').returncode == 0
    demo = run(str(env_dir / 'bin' / 'lessontune'), 'demo', '--output', str(tmp_path / 'demo'))
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert (tmp_path / 'demo' / 'summary.json').exists()   # both runs, from the bundled package data
