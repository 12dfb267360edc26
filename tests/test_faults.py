"""Faults, and nothing lost: both end-to-end runs (cpu-smoke, offline) killed and resumed, killed while saving a checkpoint,
out of memory, NaN, a full disk, an output folder that cannot be written, and a resume that points at no checkpoint."""
import argparse, io, json, os, shutil, signal, subprocess, sys, textwrap, time
from collections import namedtuple
from pathlib import Path

import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, 'HF_HUB_OFFLINE': '1', 'PYTHONPATH': str(ROOT), 'OMP_NUM_THREADS': '1', 'TOKENIZERS_PARALLELISM': 'false'}
Usage = namedtuple('Usage', 'total used free')

def _py(script, *args, **kw):
    return subprocess.Popen([sys.executable, '-c', script, *map(str, args)], env=ENV, cwd=ROOT, **kw)

def _wait_for(path, proc, timeout=240):
    t0 = time.time()
    while not Path(path).exists():
        assert proc.poll() is None, f'the run ended before {path} was written'
        assert time.time() - t0 < timeout, f'no {path} after {timeout} s'
        time.sleep(0.05)

def _cli(argv, capsys):
    "`lessontune ...` in this process: the exit code and stderr's lines"
    from lessontune.cli import main
    rc = main(argv)
    err = capsys.readouterr().err.strip().splitlines()
    return rc, err

def _no_loading(monkeypatch):
    "Make loading data or building a model fail the test: a preflight error must come first"
    import lessontune.classifier as c, lessontune.sft as s
    def boom(*a, **k): raise AssertionError('data or model loaded before the output folder was checked')
    for mod, names in ((c, ('load_langid', 'build_model')), (s, ('load_legal', 'load_model_and_tokenizer'))):
        for n in names: monkeypatch.setattr(mod, n, boom)

# ---------------------------------------------------------------- the classifier: killed, resumed, same end state
_RUN = """
import sys, torch; torch.set_num_threads(1)
from lessontune.classifier import preset, train
tok = sys.argv[3] if len(sys.argv) > 3 else None   # the locally trained tokenizer is not deterministic: share it
resume = sys.argv[2] == '1'
train(preset('cpu-smoke', output_dir=sys.argv[1], max_steps=40, eval_steps=10, patience=0, save_total_limit=10, tokenizer_dir=tok,
             progress=False), resume=resume, log=print if resume else (lambda *a: None))
"""

# torch.save, as `Trainer` calls it for optimizer.pt: at checkpoint-30 write half the bytes, then die by SIGKILL
_KILL_IN_SAVE = """
import io, os, signal, torch
_save = torch.save
def save(obj, f, *a, **k):
    if str(f).endswith(os.path.join('checkpoint-30', 'optimizer.pt')):
        buf = io.BytesIO(); _save(obj, buf, *a, **k); data = buf.getvalue()
        with open(f, 'wb') as fh: fh.write(data[:len(data) // 2]); fh.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    return _save(obj, f, *a, **k)
torch.save = save
""" + _RUN

@pytest.fixture(scope='module')
def classifier_reference(tmp_path_factory):
    "An uninterrupted 40-step classifier run: the state a killed-and-resumed run must end in"
    d = tmp_path_factory.mktemp('classifier') / 'reference'
    assert _py(_RUN, d, 0, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).wait() == 0
    return d

def _weights(d):
    from safetensors.torch import load_file
    return load_file(Path(d) / 'model' / 'model.safetensors')

def _same_end_state(ref, run):
    a, b = _weights(ref), _weights(run)
    assert a.keys() == b.keys() and all(torch.allclose(a[k], b[k], atol=1e-5) for k in a)
    ma, mb = (json.loads((d / 'metrics.json').read_text()) for d in (ref, run))
    assert ma['global_step'] == mb['global_step'] == 40
    assert abs(ma['macro_f1'] - mb['macro_f1']) < 1e-6 and abs(ma['accuracy'] - mb['accuracy']) < 1e-6

def test_classifier_sigkill_then_resume_ends_in_the_same_state(classifier_reference, tmp_path):
    killed = tmp_path / 'killed'
    p = _py(_RUN, killed, 0, classifier_reference / 'tokenizer', stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for(killed / 'checkpoint-20' / 'trainer_state.json', p)
    os.kill(p.pid, signal.SIGKILL); p.wait()
    assert p.returncode == -signal.SIGKILL and not (killed / 'metrics.json').exists()      # it really died mid-way
    r = _py(_RUN, killed, 1, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = r.communicate(timeout=300)
    assert r.returncode == 0, err[-2000:]
    assert 'resuming from' in out
    _same_end_state(classifier_reference, killed)

def test_classifier_killed_while_saving_a_checkpoint_never_loads_it(classifier_reference, tmp_path):
    from transformers.trainer_utils import get_last_checkpoint
    from lessontune.runs import checkpoint_problem
    d = tmp_path / 'run'
    p = _py(_KILL_IN_SAVE, d, 0, classifier_reference / 'tokenizer', stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert p.wait(timeout=300) == -signal.SIGKILL, 'the run was not killed inside the save of checkpoint-30'
    assert get_last_checkpoint(d).endswith('checkpoint-30')                 # what Trainer alone would resume from
    half = d / 'checkpoint-30'
    assert (half / 'model.safetensors').exists() and (half / 'optimizer.pt').exists() and not (half / 'trainer_state.json').exists()
    assert checkpoint_problem(half) and checkpoint_problem(d / 'checkpoint-20') is None
    r = _py(_RUN, d, 1, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = r.communicate(timeout=300)
    assert r.returncode == 0, err[-2000:]
    assert f"skipping {d / 'checkpoint-30'}: incomplete checkpoint" in out
    assert f"resuming from {d / 'checkpoint-20'}" in out
    _same_end_state(classifier_reference, d)

# ---------------------------------------------------------------- the legal SFT: killed, resumed, same end state
_SFT = textwrap.dedent("""
    import sys, time, torch; torch.set_num_threads(1)
    from transformers import TrainerCallback
    from lessontune.sft import train, preset
    class Slow(TrainerCallback):
        def on_step_end(self, *a, **k): time.sleep(float(sys.argv[2]))
    train(preset('cpu-smoke', max_steps=24), output_dir=sys.argv[1], report_to=[], callbacks=[Slow()], progress=False,
          resume=len(sys.argv) > 3)
""")

def _sft_metrics(d): return json.loads((Path(d) / 'metrics.json').read_text())

def test_sft_sigkill_then_resume_ends_in_the_same_state(tmp_path):
    out, ref = tmp_path / 'run', tmp_path / 'reference'
    p = _py(_SFT, out, 0.4, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    q = _py(_SFT, ref, 0, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)   # uninterrupted, meanwhile
    ckpts = out / 'checkpoints'
    _wait_for(ckpts / 'checkpoint-6' / 'trainer_state.json', p)
    time.sleep(0.5)
    p.send_signal(signal.SIGKILL); p.wait()
    done = sorted(int(c.name.split('-')[1]) for c in ckpts.glob('checkpoint-*'))
    assert done and done[-1] < 24 and not (out / 'metrics.json').exists()
    r = _py(_SFT, out, 0, 'resume', stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    o, e = r.communicate(timeout=300)
    assert r.returncode == 0, e[-2000:]
    assert f'resuming from {ckpts}' in o
    assert q.wait(timeout=300) == 0, q.stderr.read()[-2000:]
    a, b = _sft_metrics(ref), _sft_metrics(out)
    assert a['steps'] == b['steps'] == 24
    for k in ('eval_loss', 'train_loss_last'): assert abs(a[k] - b[k]) < 1e-3, (k, a[k], b[k])

class _Stop(Exception): pass

def test_sft_partial_newest_checkpoint_is_skipped_on_resume(tmp_path):
    "A run stops after checkpoint-12; a checkpoint-18 cut off mid-save (as a kill leaves it) is the newest folder"
    from transformers import TrainerCallback
    from transformers.trainer_utils import get_last_checkpoint
    from lessontune.sft import train, preset
    class StopAt14(TrainerCallback):
        def on_step_end(self, args, state, control, **kw):
            if state.global_step == 14: raise _Stop()
    out = tmp_path / 'run'; ckpts = out / 'checkpoints'
    with pytest.raises(_Stop): train(preset('cpu-smoke', max_steps=24), output_dir=out, report_to=[], callbacks=[StopAt14()],
                                     progress=False, log=lambda *a: None)
    shutil.copytree(ckpts / 'checkpoint-12', ckpts / 'checkpoint-18')
    w = ckpts / 'checkpoint-18' / 'adapter_model.safetensors'; os.truncate(w, w.stat().st_size // 3)
    (ckpts / 'checkpoint-18' / 'trainer_state.json').unlink()
    assert get_last_checkpoint(ckpts).endswith('checkpoint-18')
    msgs = []
    m = train(preset('cpu-smoke', max_steps=24), output_dir=out, report_to=[], progress=False, resume=True, log=msgs.append)
    assert any(f"skipping {ckpts / 'checkpoint-18'}" in x for x in msgs)
    assert f"resuming from {ckpts / 'checkpoint-12'}" in msgs
    assert m['steps'] == 24 and (out / 'adapter' / 'adapter_model.safetensors').exists()

# ---------------------------------------------------------------- out of memory: the ladder
def test_classifier_simulated_oom_climbs_the_ladder(tmp_path):
    from unittest.mock import patch
    from lessontune.classifier import GuardedTrainer, preset, train
    step = GuardedTrainer.training_step
    def oom_above_4(self, model, inputs, *a, **k):
        if inputs['input_ids'].shape[0] > 4: raise torch.OutOfMemoryError("CUDA out of memory (simulated)")
        return step(self, model, inputs, *a, **k)
    quick = dict(max_steps=12, eval_steps=6, logging_steps=3, progress=False)
    msgs = []
    with patch.object(GuardedTrainer, 'training_step', oom_above_4):
        with pytest.raises(torch.OutOfMemoryError, match=r'micro_batch 16 -> 8 with grad_accum 1 -> 2 \(effective batch 16 kept\)'):
            train(preset('cpu-smoke', output_dir=str(tmp_path / 'a'), **quick), log=msgs.append)
        m = train(preset('cpu-smoke', output_dir=str(tmp_path / 'b'), auto_fallback=True, **quick), log=msgs.append)
    assert [tuple(x) for x in m['oom_fallbacks']] == [(16, 1), (8, 2)] and m['effective_batch'] == 16 and m['global_step'] == 12
    assert 'auto_fallback: retrying at micro_batch 4 x grad_accum 4' in msgs

def test_sft_simulated_oom_gives_the_next_rung(tmp_path):
    from unittest.mock import patch
    import trl
    from lessontune.sft import train, preset
    def oom(self, *a, **k): raise torch.OutOfMemoryError("CUDA out of memory (simulated)")
    with patch.object(trl.SFTTrainer, 'training_step', oom):
        with pytest.raises(RuntimeError, match=r'retry with micro_batch=1, grad_accum=8 \(effective batch 8 kept\)'):
            train(preset('cpu-smoke', micro_batch=2, max_steps=4), output_dir=tmp_path / 'r', report_to=[], progress=False, log=lambda *a: None)

def test_oom_advice_keeps_effective_batch():
    from lessontune.sft import oom_advice, preset
    assert 'micro_batch=16, grad_accum=32' in oom_advice(preset('h200'))
    assert 'bottom of the ladder' in oom_advice(preset('h200', micro_batch=1, grad_accum=512))

# ---------------------------------------------------------------- NaN: stop with advice, the best checkpoint intact
def test_classifier_nan_stops_with_advice_and_keeps_the_best_checkpoint(tmp_path):
    from unittest.mock import patch
    from safetensors.torch import load_file
    from lessontune.classifier import GuardedTrainer, preset, train
    from lessontune.runs import checkpoint_problem
    cl = GuardedTrainer.compute_loss
    def nan_after_24(self, model, inputs, *a, **k):
        loss = cl(self, model, inputs, *a, **k)
        return loss * float('nan') if model.training and self.state.global_step >= 24 else loss
    msgs = []
    with patch.object(GuardedTrainer, 'compute_loss', nan_after_24):
        m = train(preset('cpu-smoke', output_dir=str(tmp_path), max_steps=60, progress=False), log=msgs.append)
    assert m['nan_step'] == 25 and any('loss became NaN/inf at step 25' in x and 'lower learning_rate' in x for x in msgs)
    best = Path(m['best_checkpoint'])
    assert best.name == 'checkpoint-20' and checkpoint_problem(best) is None
    w, b = load_file(tmp_path / 'model' / 'model.safetensors'), load_file(best / 'model.safetensors')
    assert all(torch.isfinite(t).all() for t in w.values())
    assert all(torch.equal(w[k], b[k]) for k in b)             # the saved model is the best checkpoint, intact

def test_sft_nan_stops_with_advice_and_saves_no_nan_checkpoint(tmp_path):
    from unittest.mock import patch
    import trl
    from safetensors.torch import load_file
    from lessontune.sft import train, preset
    from lessontune.runs import list_checkpoints, checkpoint_problem
    cl = trl.SFTTrainer.compute_loss
    def nan_from_13(self, model, inputs, *a, **k):
        out = cl(self, model, inputs, *a, **k)
        if model.training and self.state.global_step >= 12:
            out = (out[0] * float('nan'), *out[1:]) if isinstance(out, tuple) else out * float('nan')
        return out
    ckpts = tmp_path / 'checkpoints'
    with patch.object(trl.SFTTrainer, 'compute_loss', nan_from_13):
        with pytest.raises(FloatingPointError, match='at step 13') as e:
            train(preset('cpu-smoke', max_steps=24), output_dir=tmp_path, report_to=[], progress=False, log=lambda *a: None)
    assert 'lower learning_rate' in str(e.value) and str(ckpts / 'checkpoint-12') in str(e.value)
    assert [p.name for p in list_checkpoints(ckpts)] == ['checkpoint-6', 'checkpoint-12']   # nothing saved at or after the NaN
    assert checkpoint_problem(ckpts / 'checkpoint-12') is None
    w = load_file(ckpts / 'checkpoint-12' / 'adapter_model.safetensors')
    assert all(torch.isfinite(t).all() for t in w.values())
    assert not (tmp_path / 'adapter').exists()

def test_nan_guard_stops_with_advice():
    from transformers import TrainerControl, TrainerState, TrainingArguments
    from lessontune.sft import NaNGuard
    g, st = NaNGuard(), TrainerState(); st.global_step = 7
    c = TrainerControl(); c.should_save = True
    c = g.on_log(TrainingArguments('/tmp/lt-nan', learning_rate=3e-4, report_to=[]), st, c, logs={'loss': float('nan')})
    assert c.should_training_stop and not c.should_save and 'step 7' in g.message and 'learning_rate' in g.message
    g = NaNGuard()    # Trainer's `logging_nan_inf_filter` hides a NaN loss; the gradient norm still shows it
    c = g.on_log(TrainingArguments('/tmp/lt-nan', report_to=[]), st, TrainerControl(), logs={'loss': 0.0, 'grad_norm': float('nan')})
    assert c.should_training_stop and 'gradient norm became nan at step 7' in g.message

# ---------------------------------------------------------------- disk full, read-only: a clear error before training
@pytest.mark.parametrize('cmd', ['classify', 'sft'])
def test_output_dir_that_cannot_be_written_fails_first(cmd, tmp_path, capsys, monkeypatch):
    _no_loading(monkeypatch)
    (tmp_path / 'a-file').write_text('x')
    # under a regular file; in /proc (refuses new files even to root); an existing folder of /proc (root's os.access says yes)
    for folder, needle in ((tmp_path / 'a-file' / 'run', 'cannot create it'), ('/proc/lessontune-run', 'cannot create it'),
                           ('/proc/self', 'not writable')):
        t0 = time.perf_counter()
        rc, err = _cli([cmd, 'train', '--preset', 'cpu-smoke', '--output', str(folder)], capsys)
        assert rc == 2 and len(err) == 1 and not any('Traceback' in l for l in err), err
        assert err[0].startswith(f'lessontune: error: output_dir {folder}: {needle}') and 'writable folder' in err[0], err
        assert time.perf_counter() - t0 < 10
    if os.geteuid() != 0:                                         # as root, permission bits do not stop a write
        ro = tmp_path / 'ro'; ro.mkdir(); ro.chmod(0o500)
        rc, err = _cli([cmd, 'train', '--preset', 'cpu-smoke', '--output', str(ro)], capsys)
        assert rc == 2 and 'not writable' in err[0]

@pytest.mark.parametrize('cmd', ['classify', 'sft'])
def test_disk_full_is_reported_before_training(cmd, tmp_path, capsys, monkeypatch):
    _no_loading(monkeypatch)
    import lessontune.runs as runs
    monkeypatch.setattr(runs.shutil, 'disk_usage', lambda p: Usage(2**30, 2**30 - 2**20, 2**20))   # 1 MiB free
    out = tmp_path / 'run'
    rc, err = _cli([cmd, 'train', '--preset', 'cpu-smoke', '--output', str(out)], capsys)
    assert rc == 2 and len(err) == 1, err
    assert f'output_dir {out}: 1.00 MiB free, but the run will write about' in err[0]
    assert 'checkpoints x' in err[0] and 'save_total_limit' in err[0] and 'another folder' in err[0]
    assert sorted(os.listdir(out)) == []                                      # the probe left nothing

def test_disk_full_while_saving_names_the_last_complete_checkpoint(tmp_path, monkeypatch):
    "torch.save fails the way it does on a full disk (a zip-writer error with no errno) while writing checkpoint-20"
    import lessontune.runs as runs
    from lessontune.classifier import preset, train
    real_save, real_usage, full = torch.save, shutil.disk_usage, []
    def save(obj, f, *a, **k):
        if str(f).endswith(os.path.join('checkpoint-20', 'optimizer.pt')):
            Path(f).write_bytes(b'PK\x03\x04'); full.append(f)
            raise RuntimeError('[enforce fail at inline_container.cc:672] . unexpected pos 576 vs 534')
        return real_save(obj, f, *a, **k)
    monkeypatch.setattr(torch, 'save', save)
    monkeypatch.setattr(runs.shutil, 'disk_usage', lambda p: Usage(2**30, 2**30 - 4096, 4096) if full else real_usage(p))
    cfg = preset('cpu-smoke', output_dir=str(tmp_path), max_steps=30, eval_steps=10, patience=0, save_total_limit=10, progress=False)
    with pytest.raises(runs.OutOfSpaceError) as e: train(cfg, log=lambda *a: None)
    msg = str(e.value)
    assert e.value.errno == 28 and 'filled up during training' in msg and str(tmp_path / 'checkpoint-10') in msg and '--resume' in msg
    assert runs.checkpoint_problem(tmp_path / 'checkpoint-20')                    # left incomplete...
    monkeypatch.setattr(torch, 'save', real_save); full.clear()                   # ...space is freed, and the run resumes
    msgs = []
    m = train(cfg, resume=True, log=msgs.append)
    assert any('skipping' in x and 'checkpoint-20' in x for x in msgs) and f"resuming from {tmp_path / 'checkpoint-10'}" in msgs
    assert m['global_step'] == 30

# ---------------------------------------------------------------- a resume that points at no checkpoint
@pytest.mark.parametrize('cmd', ['classify', 'sft'])
def test_resume_from_a_folder_that_is_not_a_checkpoint(cmd, classifier_reference, tmp_path, capsys, monkeypatch):
    _no_loading(monkeypatch)
    out = tmp_path / 'run'
    ckpts = out if cmd == 'classify' else out / 'checkpoints'
    for s in (10, 20): shutil.copytree(classifier_reference / f'checkpoint-{s}', ckpts / f'checkpoint-{s}')
    shutil.copytree(classifier_reference / 'checkpoint-30', ckpts / 'checkpoint-30')
    os.truncate(ckpts / 'checkpoint-30' / 'model.safetensors', 100)               # cut short
    for bad, why in ((out, 'no trainer_state.json'), (ckpts / 'checkpoint-30', 'model.safetensors'), (tmp_path / 'nope', 'no such folder')):
        rc, err = _cli([cmd, 'train', '--preset', 'cpu-smoke', '--output', str(out), '--resume', str(bad)], capsys)
        assert rc == 2 and len(err) == 1, err
        assert err[0].startswith(f'lessontune: error: --resume {bad}: not a complete checkpoint') and why in err[0], err
        assert f"complete checkpoints: {ckpts / 'checkpoint-10'}, {ckpts / 'checkpoint-20'}" in err[0], err

def test_resume_flag_takes_an_optional_checkpoint():
    from lessontune.cli import build_parser
    p = build_parser()
    for cmd in ('classify', 'sft'):
        base = [cmd, 'train', '--preset', 'cpu-smoke', '--output', 'o']
        assert p.parse_args(base).resume is False
        assert p.parse_args(base + ['--resume']).resume is True
        assert p.parse_args(base + ['--resume', 'o/checkpoint-20']).resume == 'o/checkpoint-20'
