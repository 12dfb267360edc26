"Fast checks that schedules, clipping and evaluation agree with the transformers code they describe."
import math

import pytest
import torch

from lessontune.schedules import resolve_warmup, update_steps_per_epoch, lr_curve, SCHEDULES
from lessontune.clipping import global_grad_norm, clip_coefficient, clipped_fraction
from lessontune.evaluation import evaluation_steps, evaluations_per_epoch, replay_early_stopping


@pytest.mark.parametrize('warmup', [0, 0.05, 0.1, 0.999, 1.0, 7, 100])
def test_resolve_warmup_matches_training_arguments(warmup, tmp_path):
    from transformers import TrainingArguments
    args = TrainingArguments(str(tmp_path), warmup_steps=warmup, report_to=[])
    assert resolve_warmup(warmup, 1234) == args.get_warmup_steps(1234)


def test_update_steps_per_epoch_counts_optimizer_steps():
    assert update_steps_per_epoch(10_000, 32) == 313
    assert update_steps_per_epoch(10_000, 32, grad_accum=16) == 20
    assert update_steps_per_epoch(7, 8) == 1
    with pytest.raises(ValueError, match='grad_accum must be >= 1'): update_steps_per_epoch(10, 2, grad_accum=0)


@pytest.mark.parametrize('schedule', SCHEDULES)
def test_every_schedule_starts_at_zero_with_warmup_except_constant(schedule):
    c = lr_curve(schedule, 1e-4, 100, warmup=10)
    assert len(c) == 100 and c.max() <= 1e-4 + 1e-18
    assert (c[0] == 1e-4) if schedule == 'constant' else (c[0] == 0.0)


def test_clipping_helpers_agree_with_torch():
    torch.manual_seed(0)
    ps = [torch.nn.Parameter(torch.randn(5, 3)), torch.nn.Parameter(torch.randn(7))]
    for p in ps: p.grad = torch.randn_like(p) * 4
    ours = global_grad_norm(ps)
    theirs = torch.nn.utils.clip_grad_norm_(ps, 1.0).item()
    assert math.isclose(ours, theirs, rel_tol=1e-5)
    assert math.isclose(global_grad_norm(ps), 1.0, rel_tol=1e-4)
    assert clip_coefficient(5.0, 1.0) == pytest.approx(0.2)
    assert clipped_fraction([0.5, 1.5, 2.5], 1.0) == pytest.approx(2 / 3)


def test_evaluation_schedule_and_early_stopping():
    assert evaluation_steps(10, 5, 'steps', 3) == [3, 6, 9, 10]
    assert evaluation_steps(10, 4, 'epoch') == [4, 8, 10]
    assert evaluation_steps(10, 4, 'no') == []
    assert evaluations_per_epoch(7_200, 6, 2, 2, 'steps', 100) == [6, 6]
    t = replay_early_stopping([0.950, 0.951, 0.950, 0.949, 0.948], patience=3, threshold=0.001)
    assert t['stop'].tolist() == [False, False, False, False, True]
    loss = replay_early_stopping([1.0, 0.9, 0.95, 0.96], patience=2, threshold=0.0, greater_is_better=False, metric_name='loss')
    assert loss['stop'].iloc[-1] and len(loss) == 4
