"""Two CPU processes (gloo) under the accelerate configs that ship with lessontune, launched as a user launches them:
`accelerate launch --config_file ... lessontune sft train ...`. Each launch is killed mid-training and resumed under
the same launcher; the loss curve must match one process at the same effective batch, the ranks must train on
disjoint examples, and only rank 0 may write the run's files."""
import json, os, subprocess, sys, textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, 'HF_HUB_OFFLINE': '1', 'PYTHONPATH': str(ROOT), 'OMP_NUM_THREADS': '1', 'TOKENIZERS_PARALLELISM': 'false'}
STEPS, PER_EPOCH = 10, 5       # 40 training examples, no packing: 5 optimizer steps of 8 per epoch, checkpoint-5 at its end
KILL_AT = 4 * 6 + 2            # rank 1's 26th micro-batch: in step 7, after checkpoint-5 (4 micro-batches a step per rank)
TOLERANCE = 1e-4               # nats/token between one and two processes (measured: a few 1e-7)

# `lessontune` itself, in every process, with spies: the examples each micro-batch trained on, the run's files each rank
# wrote (model, tokenizer, figure and text saves), and a SIGKILL at rank 1's KILL_AT-th micro-batch when asked.
SPY = textwrap.dedent("""
    import hashlib, json, os, signal, sys
    from pathlib import Path
    import matplotlib.figure, peft, transformers, trl
    rank, kill = os.environ['RANK'], os.environ.get('LESSONTUNE_TEST_KILL') == '1'
    seen, wrote = [], []
    step = trl.SFTTrainer.training_step
    def spy_step(self, model, inputs, *a, **k):
        seen.append([hashlib.sha1(str(row).encode()).hexdigest() for row in inputs['input_ids'].tolist()])
        if kill and rank == '1' and len(seen) == %d: os.kill(os.getpid(), signal.SIGKILL)
        return step(self, model, inputs, *a, **k)
    trl.SFTTrainer.training_step = spy_step
    def spy(cls, name, where):
        f = getattr(cls, name)
        def g(*a, **k): wrote.append(str(where(a, k))); return f(*a, **k)
        setattr(cls, name, g)
    spy(Path, 'write_text', lambda a, k: a[0])
    for cls in (transformers.PreTrainedModel, peft.PeftModel, transformers.PreTrainedTokenizerBase, matplotlib.figure.Figure):
        spy(cls, 'save_pretrained' if cls is not matplotlib.figure.Figure else 'savefig', lambda a, k: a[1] if len(a) > 1 else list(k.values())[0])
    from lessontune.cli import main
    try: code = main(sys.argv[2:])
    finally: Path(sys.argv[1], f'rank{rank}.json').write_bytes(json.dumps(dict(seen=seen, wrote=wrote)).encode())
    sys.exit(code)
""" % KILL_AT)

@pytest.fixture(scope='module')
def run_files(tmp_path_factory):
    "40 training and 6 held-out questions from the bundled sample, and a config: cpu-smoke, 1 x 4 per process, no packing"
    from lessontune.sft import bundled_legal_sample
    d = tmp_path_factory.mktemp('data')
    lines = bundled_legal_sample().read_text(encoding='utf-8').splitlines()
    (d / 'train.jsonl').write_text('\n'.join(lines[:40]) + '\n', encoding='utf-8')
    (d / 'eval.jsonl').write_text('\n'.join(lines[40:46]) + '\n', encoding='utf-8')
    (d / 'run.yaml').write_text(f"preset: cpu-smoke\npacking: none\nmicro_batch: 1\ngrad_accum: 4\nmax_steps: {STEPS}\n")
    (d / 'spy.py').write_text(SPY)
    return d

def losses(out:Path) -> dict:
    "Step -> training loss, from the newest checkpoint's trainer_state.json"
    from lessontune.runs import last_complete_checkpoint
    state = json.loads((last_complete_checkpoint(out / 'checkpoints', log=lambda *a: None) / 'trainer_state.json').read_text())
    return {h['step']: h['loss'] for h in state['log_history'] if 'loss' in h}

@pytest.fixture(scope='module')
def one_process(run_files, tmp_path_factory):
    "The reference: one process, 1 x 8 (the same effective batch as two processes at 1 x 4)"
    from lessontune.sft import from_file, train
    out = tmp_path_factory.mktemp('one') / 'run'
    m = train(from_file(run_files / 'run.yaml', grad_accum=8), data=run_files / 'train.jsonl', eval_data=run_files / 'eval.jsonl',
              output_dir=out, report_to=[], progress=False, examples=0, log=lambda *a: None)
    assert m['effective_batch'] == 8 and m['world_size'] == 1
    return losses(out)

def launch(strategy, run_files, out, port, resume=False, env=None):
    "`accelerate launch` of the shipped config, 2 processes, running `lessontune sft train` under the spies"
    from lessontune.runs import launch_command
    cmd = launch_command(strategy, ['sft', 'train', '--config', str(run_files / 'run.yaml'), '--data', str(run_files / 'train.jsonl'),
                                    '--eval-data', str(run_files / 'eval.jsonl'), '--output', str(out), '--no-tensorboard']
                                   + (['--resume'] if resume else []), num_processes=2, python=sys.executable)
    at = cmd.index('--no_python')      # the same launch, with the spies around `lessontune`'s entry point, on a port of its own
    cmd[at:at + 2] = ['--main_process_port', str(port), str(run_files / 'spy.py'), str(out)]
    return subprocess.run(cmd, env={**ENV, **(env or {})}, cwd=ROOT, capture_output=True, text=True, timeout=600)

def killed_then_resumed(strategy, run_files, tmp_path, port, env=None):
    "Launch, SIGKILL rank 1 in step 7, launch again with --resume: (second launch, its rank files, the run folder)"
    out = tmp_path / 'run'; out.mkdir()
    first = launch(strategy, run_files, out, port, env={**(env or {}), 'LESSONTUNE_TEST_KILL': '1'})
    assert first.returncode != 0, 'rank 1 should have been killed'
    assert (out / 'checkpoints' / f'checkpoint-{PER_EPOCH}').is_dir() and not (out / 'metrics.json').exists()
    second = launch(strategy, run_files, out, port, resume=True, env=env)
    assert second.returncode == 0, second.stderr[-4000:]
    ranks = [json.loads((out / f'rank{r}.json').read_text()) for r in (0, 1)]
    return second, ranks, out

def check_run(second, ranks, out, one_process, strategy):
    from lessontune.runs import is_complete_checkpoint
    assert f"resuming from {out / 'checkpoints' / f'checkpoint-{PER_EPOCH}'}" in second.stdout + second.stderr
    m = json.loads((out / 'metrics.json').read_text())
    assert (m['world_size'], m['effective_batch'], m['steps'], m['strategy']) == (2, 8, STEPS, strategy)
    two = losses(out)
    assert sorted(two) == sorted(one_process) == list(range(1, STEPS + 1))
    worst = max(abs(two[s] - one_process[s]) for s in two)
    print(f"{strategy}: largest loss difference from one process over {STEPS} steps: {worst:.2e}")
    assert worst < TOLERANCE, (two, one_process)
    assert all(is_complete_checkpoint(out / 'checkpoints' / f'checkpoint-{s}') for s in (PER_EPOCH, STEPS))
    # the resumed epoch: 5 steps x 4 micro-batches on each rank, and no example on both ranks
    seen = [[h for mb in r['seen'] for h in mb] for r in ranks]
    assert [len(s) for s in seen] == [(STEPS - PER_EPOCH) * 4] * 2
    assert not set(seen[0]) & set(seen[1]) and len(set(seen[0]) | set(seen[1])) == 40
    # only rank 0 writes the run's files (Trainer's sharded checkpoints and RNG states are per rank by design)
    assert ranks[1]['wrote'] == [], ranks[1]['wrote']
    assert any(p.endswith('metrics.json') for p in ranks[0]['wrote'])
    assert (out / 'adapter' / 'adapter_model.safetensors').exists()
    return m

def test_ddp_killed_and_resumed_matches_one_process(run_files, one_process, tmp_path):
    second, ranks, out = killed_then_resumed('ddp', run_files, tmp_path, 29541)
    m = check_run(second, ranks, out, one_process, 'ddp')
    assert m['distributed_type'] == 'MULTI_CPU' and m['ranks_agree']   # DDP over gloo (accelerate's name on CPUs); the copies stayed equal

def test_fsdp_killed_and_resumed_matches_one_process(run_files, one_process, tmp_path):
    "FSDP2, one LlamaDecoderLayer per unit, LoRA: rehearsed on CPU processes (LESSONTUNE_FSDP_ON_CPU=1)"
    second, ranks, out = killed_then_resumed('fsdp', run_files, tmp_path, 29542, env={'LESSONTUNE_FSDP_ON_CPU': '1'})
    m = check_run(second, ranks, out, one_process, 'fsdp')
    assert m['distributed_type'] == 'FSDP'
    assert list((out / 'checkpoints' / f'checkpoint-{PER_EPOCH}' / 'pytorch_model_fsdp_0').glob('*.distcp'))   # sharded, one file per rank
    from lessontune.sft import load_adapter
    model, tok = load_adapter(out)                    # gathered into one ordinary adapter
    b = [p for n, p in model.named_parameters() if 'lora_B' in n]
    assert b and any(float(p.abs().max()) > 0 for p in b)   # trained: LoRA's B starts at zero

def test_classifier_under_ddp(tmp_path):
    "`lessontune classify train` under the DDP config: both processes train on their share, rank 0 alone writes"
    from lessontune.runs import launch_command
    out = tmp_path / 'clf'
    cmd = launch_command('ddp', ['classify', 'train', '--preset', 'cpu-smoke', '--output', str(out), '--max-steps', '4'], python=sys.executable)
    cmd[cmd.index('--no_python'):cmd.index('--no_python')] = ['--main_process_port', '29543']
    r = subprocess.run(cmd, env=ENV, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-4000:]
    m = json.loads((out / 'metrics.json').read_text())
    from lessontune.classifier import preset
    c = preset('cpu-smoke')
    assert (m['world_size'], m['strategy'], m['effective_batch']) == (2, 'ddp', 2 * c.micro_batch * c.grad_accum)
    assert (out / 'model' / 'model.safetensors').exists() and r.stdout.count(' -> ') == 1   # one process speaks
