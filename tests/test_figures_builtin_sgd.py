"""The zig-zag experiment's science, pinned on the numpy simulation alone (no matplotlib)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mkdocs_zigzag.figures.builtin import sgd

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def experiment() -> sgd.ZigzagExperiment:
    return sgd.run_experiment()


def test_simulations_never_import_matplotlib() -> None:
    """Importing every built-in generator and running its simulation leaves matplotlib unloaded."""
    script = textwrap.dedent(
        """
        import sys
        from mkdocs_zigzag.figures.builtin import BUILTIN_FIGURES, sgd
        for figure in BUILTIN_FIGURES:
            generator = figure.load()
            if generator.simulate is not None:
                data = generator.simulate(**generator.validate({}))
                if generator.summarize is not None:
                    generator.summarize(data)
        sgd.summarize_experiment(sgd.run_experiment())
        loaded = sorted(name for name in sys.modules if name.split(".")[0] == "matplotlib")
        print(loaded)
        assert not loaded, loaded
        """
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": ""}, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_all_positive_updates_always_move_both_weights_the_same_way(experiment: sgd.ZigzagExperiment) -> None:
    assert experiment.results["positive"].same_sign_share == 1.0


def test_centred_updates_have_the_same_sign_about_half_the_time(experiment: sgd.ZigzagExperiment) -> None:
    assert 0.35 <= experiment.results["centred"].same_sign_share <= 0.65


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_all_positive_inputs_need_more_steps_at_each_kinds_best_rate(seed: int) -> None:
    result = sgd.run_experiment(seed=seed, seeds=12)
    positive, centred = result.results["positive"], result.results["centred"]
    assert len(positive.steps) == len(centred.steps) == 12
    assert np.all(np.isfinite(positive.steps)) and np.all(np.isfinite(centred.steps))
    assert result.steps_ratio >= 1.5, (positive.median, centred.median)
    # Even letting both overshoot at their fastest converging rates, the gap stays.
    assert result.fastest_steps_ratio >= 1.5


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_at_one_learning_rate_both_kinds_are_equally_fast(seed: int) -> None:
    """The slow curvature is the same, so the cost of all-positive inputs is the rate they forbid."""
    assert 0.85 <= sgd.run_experiment(seed=seed).same_lr_steps_ratio <= 1.15


def test_all_positive_inputs_force_a_smaller_stable_rate(experiment: sgd.ZigzagExperiment) -> None:
    positive, centred = experiment.results["positive"], experiment.results["centred"]
    assert positive.max_stable_lr < centred.max_stable_lr
    assert positive.best_lr < centred.best_lr
    assert positive.best_lr <= positive.fastest_lr


def test_the_rate_sweep_agrees_with_a_direct_run_of_each_seed(experiment: sgd.ZigzagExperiment) -> None:
    """``steps`` is the step after which ‖w − w*‖ stays below tol, as a plain rerun of every seed shows."""
    h = sgd.draw_preactivations(sgd.DEFAULTS["seed"], experiment.seeds, sgd.DEFAULTS["steps"], 1.0)
    for kind, result in experiment.results.items():
        paths = sgd.sgd_paths(sgd.inputs(kind, h), experiment.start, experiment.target, result.best_lr)
        distance = np.linalg.norm(paths - experiment.target, axis=-1)
        for seed, steps in enumerate(result.steps):
            n = int(steps)
            assert np.all(distance[seed, n:] < experiment.tol) and distance[seed, n - 1] >= experiment.tol
            # Stable means no update moved away from the optimum.
            assert np.all(np.diff(distance[seed]) <= 1e-12)
        drawn = result.trajectory
        assert np.array_equal(drawn, paths[result.representative_seed, : len(drawn)])
        assert np.array_equal(drawn[0], experiment.start)
        assert np.linalg.norm(drawn[-1] - experiment.target) < experiment.tol


def test_second_moment_matches_the_samples() -> None:
    h = sgd.draw_preactivations(seed=7, seeds=1, steps=200_000, h_std=1.0)[0]
    for kind in sgd.INPUT_KINDS:
        x = sgd.inputs(kind, h)
        np.testing.assert_allclose(x.T @ x / len(x), sgd.second_moment(kind, 1.0), atol=3e-3)
    centred = sgd.inputs("centred", h)
    assert abs(centred.mean()) < 3e-3
    assert np.allclose(centred.std(axis=0), sgd.inputs("positive", h).std(axis=0))  # same spread


def test_condition_numbers(experiment: sgd.ZigzagExperiment) -> None:
    positive, centred = experiment.results["positive"], experiment.results["centred"]
    assert centred.condition_number == pytest.approx(1.0)
    assert positive.condition_number > 10.0
    # The mean adds ½ along (1, 1) and nothing across it: the slow curvature is the same for both kinds.
    assert positive.eigenvalues[0] == pytest.approx(centred.eigenvalues[0])
    assert positive.eigenvalues[1] == pytest.approx(centred.eigenvalues[1] + 0.5)


def test_summary_is_flat_json_and_matches_the_results(experiment: sgd.ZigzagExperiment) -> None:
    summary = sgd.summarize_experiment(experiment)
    assert json.loads(json.dumps(summary, allow_nan=False)) == summary
    assert summary["positive.same_sign_share"] == 1.0
    assert summary["positive.median_steps"] == experiment.results["positive"].median
    assert summary["centred.best_lr"] == experiment.results["centred"].best_lr
    ratio = summary["positive.median_steps"] / summary["centred.median_steps"]
    assert summary["steps_ratio"] == pytest.approx(ratio)
    assert summary["params.seeds"] == 12 and summary["params.tol"] == 0.05
    assert set(summary) >= {f"{k}.{n}" for k in sgd.INPUT_KINDS for n in
                            ("same_sign_share", "best_lr", "median_steps", "condition_number")}


def test_deterministic_for_fixed_parameters() -> None:
    assert sgd.summarize_experiment(sgd.run_experiment()) == sgd.summarize_experiment(sgd.run_experiment())
    first = sgd.run_experiment(seed=1).results["positive"].trajectory
    assert not np.array_equal(first, sgd.run_experiment(seed=2).results["positive"].trajectory)


def test_a_seed_draws_the_same_samples_whatever_the_seed_count_or_steps() -> None:
    few = sgd.draw_preactivations(seed=3, seeds=2, steps=50, h_std=1.0)
    many = sgd.draw_preactivations(seed=3, seeds=5, steps=80, h_std=1.0)
    assert np.array_equal(few, many[:2, :50])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"target_w1": 2.0, "target_w2": 2.0}, "opposite directions"),
        ({"lr_min": 5.0, "lr_max": 1.0}, "lr_min"),
        ({"tol": 0.9, "start_w1": 0.5, "start_w2": -0.5, "target_w1": 1.0, "target_w2": -1.0}, "tol"),
        ({"steps": 10, "tol": 1e-4}, "no learning rate"),
    ],
)
def test_parameters_that_defeat_the_experiment_are_refused(params: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sgd.run_experiment(**params)


def test_bounds_keep_runs_small() -> None:
    from mkdocs_zigzag.figures.builtin.zigzag import zigzag_gradient

    assert zigzag_gradient.validate({}) == sgd.DEFAULTS
    for name, value in (("seeds", 1000), ("steps", 10**6), ("sweep", 500)):
        with pytest.raises(ValueError, match=name):
            zigzag_gradient.validate({name: value})
    with pytest.raises(ValueError, match="whole number"):
        zigzag_gradient.validate({"seeds": 2.5})


def test_the_documented_parameter_table_matches_the_code() -> None:
    """docs/experiment.md lists every parameter with its real default and bounds."""
    text = (ROOT / "docs" / "experiment.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`") and cells[0].strip("`") in sgd.DEFAULTS:
            rows[cells[0].strip("`")] = cells[1:3]
    assert set(rows) == set(sgd.DEFAULTS)
    for name, (default, bounds) in rows.items():
        assert float(default) == sgd.DEFAULTS[name], name
        assert tuple(float(b) for b in bounds.split(" – ")) == sgd.BOUNDS[name], name


def test_every_number_the_page_quotes_exists_and_formats(experiment: sgd.ZigzagExperiment) -> None:
    """Each ``{% zigzag_number zig-zag-gradient.png <key> <format> %}`` in docs/experiment.md resolves."""
    text = (ROOT / "docs" / "experiment.md").read_text(encoding="utf-8")
    quotes = re.findall(r"\{%\s*zigzag_number\s+zig-zag-gradient\.png\s+(\S+)\s+(\S+)\s*%\}", text)
    assert len(quotes) >= 30
    summary = sgd.summarize_experiment(experiment)
    for key, spec in quotes:
        assert key in summary, key
        assert format(summary[key], spec)
    quoted = {key for key, _ in quotes}
    for kind in sgd.INPUT_KINDS:
        needed = ("same_sign_share", "best_lr", "median_steps", "condition_number")
        assert {f"{kind}.{name}" for name in needed} <= quoted
