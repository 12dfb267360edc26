"The `lessontune estimate` contract, as other tools meet it: a subprocess, its JSON, its exit code."
import json, os, subprocess, sys

import pytest

LLAMA = 'meta-llama/Llama-3.1-8B-Instruct'

def lt(*args):
    env = {**os.environ, 'HF_HUB_OFFLINE': '1'}
    return subprocess.run([sys.executable, '-c', 'import sys; from lessontune.cli import main; sys.exit(main(sys.argv[1:]))',
                           'estimate', *args], capture_output=True, text=True, env=env, timeout=600)

def as_json(*args) -> dict:
    p = lt(*args, '--json')
    assert p.returncode == 0, p.stderr
    lines = [l for l in p.stdout.splitlines() if l.strip()]
    assert len(lines) == 1, p.stdout          # one JSON object, nothing else on stdout
    return json.loads(lines[0])

def test_help_states_every_default():
    p = lt('--help')
    assert p.returncode == 0
    for flag in ('--model', '--seq', '--batch', '--lora-r', '--lora-alpha', '--targets', '--rslora', '--load-in-4bit',
                 '--precision', '--optim', '--checkpointing', '--loss', '--json'): assert flag in p.stdout
    out = ' '.join(p.stdout.split())
    for default in ('default: bf16', 'default: adamw', 'default: none', 'default: materialized', 'default: all-linear',
                    'full fine-tuning'): assert default in out, default

def test_full_finetuning_xlmr_json_contract():
    d = as_json('--model', 'xlm-roberta-base', '--seq', '512', '--batch', '6', '--precision', 'fp16')
    for k in ('total_params', 'trainable_params', 'total_bytes', 'breakdown'): assert k in d
    assert d['total_params'] == d['trainable_params'] == 278_045_186
    assert d['total_bytes'] == sum(d['breakdown'].values())
    assert {'weights', 'gradients', 'optimizer', 'activations', 'logits', 'lora_adapters', 'cuda_overhead'} <= set(d['breakdown'])
    states = d['breakdown']['weights'] + d['breakdown']['gradients'] + d['breakdown']['optimizer']
    assert states == 16 * 278_045_186 and d['total_bytes'] > 4 * 2**30   # the seed's 6 x 512 does not fit 4 GB

def test_lora_llama_h200_and_options():
    base = ('--model', LLAMA, '--seq', '8192', '--batch', '32', '--lora-r', '128', '--lora-alpha', '128',
            '--targets', 'q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj', '--rslora')
    plain = as_json(*base)
    fused = as_json(*base, '--checkpointing', 'offload', '--loss', 'chunked')
    assert plain['total_params'] == 8_030_261_248 and plain['trainable_params'] == 335_544_320
    assert plain['breakdown']['logits'] > 134e9                        # materialized fp32 log-probs and more
    assert fused['total_bytes'] < 140 * 2**30 < plain['total_bytes']
    q4 = as_json(*base, '--load-in-4bit', '--checkpointing', 'layer', '--loss', 'chunked')
    assert q4['breakdown']['weights'] < 0.5 * fused['breakdown']['weights']

def test_table_output():
    p = lt('--model', 'xlm-roberta-base', '--seq', '256', '--batch', '4')
    assert p.returncode == 0, p.stderr
    assert 'total' in p.stdout and 'GiB' in p.stdout and '278,045,186' in p.stdout

@pytest.mark.parametrize('args,needle', [
    (['--model', 'bert-base-uncased', '--seq', '512', '--batch', '6'], 'not a bundled architecture'),
    (['--model', 'xlm-roberta-base', '--seq', '0', '--batch', '6'], '--seq must be >= 1'),
    (['--model', 'xlm-roberta-base', '--seq', 'abc', '--batch', '6'], 'invalid int value'),
    (['--seq', '512', '--batch', '6'], 'required'),
    (['--model', LLAMA, '--seq', '512', '--batch', '1', '--precision', 'fp8'], 'invalid choice'),
    (['--model', LLAMA, '--seq', '512', '--batch', '1', '--targets', 'q_proj'], '--targets needs --lora-r'),
    (['--model', LLAMA, '--seq', '512', '--batch', '1', '--lora-r', '8', '--targets', 'query'], 'matches no module'),
])
def test_bad_arguments_one_line_no_traceback(args, needle):
    p = lt(*args)
    assert p.returncode == 2
    assert 'Traceback' not in p.stderr and not p.stdout.strip()
    lines = [l for l in p.stderr.splitlines() if l.strip() and 'USDT' not in l]
    assert len(lines) == 1 and needle in lines[0], p.stderr
