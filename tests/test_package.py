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
    for cfg in ('ddp.yaml', 'fsdp.yaml'): assert f'lessontune/configs/{cfg}' in names   # for accelerate launch --config_file
    meta = next(n for n in names if n.endswith('METADATA'))
    text = zipfile.ZipFile(wheel).read(meta).decode()
    runtime = [l for l in text.splitlines() if l.startswith('Requires-Dist:') and 'extra ==' not in l]
    assert any(l.startswith('Requires-Dist: torch') for l in runtime)
    assert not any(dev in l for l in runtime for dev in ('nbdev', 'fastcore', 'execnb')), runtime  # dev tools stay in [dev]

def _site_dirs() -> list[str]:
    "The running interpreter's own site-packages: the venv's when the suite runs in a venv, else the system's"
    import site
    dirs = site.getsitepackages() + ([site.getusersitepackages()] if site.ENABLE_USER_SITE else [])
    return [d for d in dict.fromkeys(dirs) if Path(d).is_dir()]

def _fresh_venv(env_dir:Path) -> Path:
    """A new venv that sees the running interpreter's packages (torch and the rest: installing them again would
    download GBs) as plain path entries, after its own site-packages. Plain entries: the `.pth` files there are not
    run, so an editable install of the checkout (a `.pth` or finder hook) stays invisible and only the wheel counts."""
    venv.EnvBuilder(system_site_packages=False, with_pip=True).create(env_dir)
    py = env_dir / 'bin' / 'python'
    own = subprocess.run([str(py), '-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'],
                         capture_output=True, text=True, check=True).stdout.strip()
    (Path(own) / '_lessontune_test_host.pth').write_text(''.join(d + '\n' for d in _site_dirs()))
    return py

def test_fresh_venv_sees_the_running_interpreter_not_the_checkout(tmp_path):
    "Whether the suite runs in a venv or in the system interpreter, the test venv finds its torch, never the checkout"
    py = _fresh_venv(tmp_path / 'venv')
    env = {'PATH': '/usr/bin:/bin', 'HOME': str(tmp_path)}
    torch_at = subprocess.run([str(py), '-c', 'import torch; print(torch.__file__)'], capture_output=True, text=True, cwd=tmp_path, env=env)
    import torch
    assert torch_at.returncode == 0 and torch_at.stdout.strip() == torch.__file__, torch_at.stdout + torch_at.stderr
    no_checkout = subprocess.run([str(py), '-c', 'import importlib.util as u; print(u.find_spec("lessontune"))'],
                                 capture_output=True, text=True, cwd=tmp_path, env=env)
    assert no_checkout.stdout.strip() == 'None', no_checkout.stdout + no_checkout.stderr   # before the wheel: nothing

def test_wheel_in_fresh_venv_runs_cli_and_demo(wheel, tmp_path):
    env_dir = tmp_path / 'venv'
    py = _fresh_venv(env_dir)   # the ML stack from the running interpreter; lessontune from the wheel alone
    clean = {'PATH': '/usr/bin:/bin', 'HOME': str(tmp_path)}   # no PYTHONPATH: a checkout on it would count as installed
    p = subprocess.run([str(py), '-m', 'pip', 'install', '--no-deps', '--no-index', '--ignore-installed', '-q', str(wheel)],
                       capture_output=True, text=True, cwd=tmp_path, env=clean)
    assert p.returncode == 0, p.stderr[-3000:]
    from lessontune.assets import cache_root
    env = {'PATH': '/usr/bin:/bin', 'HF_HUB_OFFLINE': '1', 'HOME': str(tmp_path),
           'LESSONTUNE_CACHE': str(cache_root())}   # the converted real assets this suite already made (converting is not what is tested)
    run = lambda *a: subprocess.run([*a], capture_output=True, text=True, cwd=tmp_path, env=env)
    where = run(str(py), '-c', 'import lessontune; print(lessontune.__file__)')
    assert where.returncode == 0 and str(env_dir) in where.stdout, where.stdout + where.stderr   # the wheel, not the checkout
    assert run(str(env_dir / 'bin' / 'lessontune'), '--help').returncode == 0
    cfg = run(str(env_dir / 'bin' / 'lessontune'), 'launch-config', 'fsdp')
    assert cfg.returncode == 0 and cfg.stdout.strip().startswith(str(env_dir)) and 'fsdp_version: 2' in Path(cfg.stdout.strip()).read_text()
    demo = run(str(env_dir / 'bin' / 'lessontune'), 'demo', '--toy', '--output', str(tmp_path / 'demo'))   # the toys: the wheel's data and entry point, in seconds (test_cli runs the real demo)
    assert demo.returncode == 0, demo.stderr[-3000:]
    assert (tmp_path / 'demo' / 'summary.json').exists()   # both runs, from the bundled package data
    import json
    assert json.loads((tmp_path / 'demo' / 'summary.json').read_text())['sft']['preset'] == 'cpu-smoke'   # --toy: the toys only
