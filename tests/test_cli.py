"The `lessontune` command as a user meets it: a subprocess, its output and exit code."
import json, os, subprocess, sys

import pytest

def lt(*args, cwd=None):
    env = {**os.environ, 'HF_HUB_OFFLINE': '1'}
    return subprocess.run([sys.executable, '-c', 'import sys; from lessontune.cli import main; sys.exit(main(sys.argv[1:]))', *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=600)

def test_console_script_help():
    p = subprocess.run(['lessontune', '--help'], capture_output=True, text=True)
    assert p.returncode == 0
    for cmd in ('demo', 'doctor'): assert cmd in p.stdout

def test_version():
    import lessontune
    p = lt('--version')
    assert p.returncode == 0 and p.stdout.strip() == f'lessontune {lessontune.__version__}'

def test_doctor_json():
    p = lt('doctor', '--json')
    assert p.returncode == 0, p.stderr
    d = json.loads(p.stdout)
    assert d['device'] in ('cpu', 'cuda', 'mps')
    assert set(d['backends']) == {'unsloth', 'flash_attn', 'bitsandbytes'}
    assert all(b['reason'] for b in d['backends'].values())

def test_demo_writes_metrics(tmp_path):
    p = lt('demo', '--output', str(tmp_path / 'out'), '--steps', '20')
    assert p.returncode == 0, p.stderr
    m = json.loads((tmp_path / 'out' / 'metrics.json').read_text())
    assert m['toy_llama']['loss_last'] < m['toy_llama']['loss_first']
    assert str((tmp_path / 'out' / 'metrics.json').resolve()) in p.stdout
    assert str((tmp_path / 'out' / 'toy_llama_loss.png').resolve()) in p.stdout
    assert 'pending' in p.stdout

@pytest.mark.parametrize('args,needle', [
    (['demo', '--steps', '0'], '--steps must be >= 1'),
    (['demo', '--output', '/proc/forbidden/out'], '--output'),
])
def test_bad_arguments_one_line_no_traceback(args, needle):
    p = lt(*args)
    assert p.returncode == 2
    assert 'Traceback' not in p.stderr
    lines = [l for l in p.stderr.splitlines() if l.strip() and 'USDT' not in l]
    assert len(lines) == 1 and needle in lines[0], p.stderr

def test_unknown_command_is_a_usage_error():
    p = lt('frobnicate')
    assert p.returncode == 2 and 'Traceback' not in p.stderr and 'invalid choice' in p.stderr
