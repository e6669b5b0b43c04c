"""The zig-zag experiment: SGD on a two-weight linear neuron fed all-positive or centred inputs (numpy only).

Setup (after LeCun, Bottou, Orr & Müller, "Efficient BackProp", 1998, the section on normalizing the inputs):

* a linear neuron ``y = w · x`` with two weights, trained by SGD with batch size 1 on the squared error
  ``½ (w · x − w* · x)²`` against a teacher ``w*``; the start ``w0`` and ``w*`` are chosen so that one weight
  must grow while the other must shrink;
* two input distributions built from the same draws ``h ~ N(0, h_std²)`` (two independent components):
  ``x = σ(h)``, all positive, as a sigmoid layer feeds forward, and the centred control ``x = σ(h) − ½``, same
  spread and zero mean. Raw ``tanh(h)`` would be the wrong control: its outputs are four times larger
  (``tanh(h) = 2σ(2h) − 1``), which mixes input scale into the comparison;
* each input kind runs at its own best stable learning rate, picked from a log-spaced sweep by the median,
  over several seeds, of the steps until ``‖w − w*‖`` gets and stays below ``tol``. Stable means that on
  every seed no update ever moves the weights away from ``w*`` (for one sample that is ``lr ‖x‖² < 2``, the
  classic LMS/Kaczmarz bound), so the drawn paths are fair to both kinds. The fastest rate at which every
  seed still converges, overshooting allowed, is reported too: it shrinks the gap, and the page says so.

The gradient of one sample is ``(w − w*) · x  x``: both components carry the sign of the common factor times
the sign of their input, so with all-positive inputs every update moves both weights the same way, and a
path that must raise one weight and lower the other can only zig-zag. Everything here is deterministic
for fixed parameters (seeds are parameters; each seed gets its own ``numpy.random.Generator``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from mkdocs_zigzag.figures.builtin.curves import logistic

if TYPE_CHECKING:
    from numpy.typing import NDArray

InputKind = Literal["positive", "centred"]
INPUT_KINDS: tuple[InputKind, ...] = ("positive", "centred")

# The parameters of the experiment (``zigzag_gradient`` in mkdocs.yml), their defaults and bounds. The
# bounds keep a build from asking for a huge run: at the upper bounds (40 rates × 32 seeds × 2000
# steps, both kinds) the simulation takes about 0.4 s here; at the defaults about 0.08 s.
DEFAULTS: dict[str, Any] = {
    "seed": 0,
    "seeds": 12,
    "steps": 600,
    "sweep": 25,
    "lr_min": 0.1,
    "lr_max": 40.0,
    "tol": 0.05,
    "h_std": 1.0,
    "start_w1": -1.0,
    "start_w2": 1.0,
    "target_w1": 1.0,
    "target_w2": -1.0,
}
BOUNDS: dict[str, tuple[float, float]] = {
    "seed": (0, 2**32 - 1),
    "seeds": (1, 32),
    "steps": (10, 2000),
    "sweep": (2, 40),
    "lr_min": (1e-4, 1e3),
    "lr_max": (1e-4, 1e3),
    "tol": (1e-4, 1.0),
    "h_std": (0.1, 5.0),
    "start_w1": (-10.0, 10.0),
    "start_w2": (-10.0, 10.0),
    "target_w1": (-10.0, 10.0),
    "target_w2": (-10.0, 10.0),
}

_QUADRATURE_NODES = 121


@dataclass(frozen=True)
class Sweep:
    """Every (learning rate, seed) run of one input kind, reduced to what choosing a rate needs."""

    learning_rates: NDArray[np.float64]
    """The rates tried, ascending."""
    steps: NDArray[np.float64]
    """(rate, seed): steps until ‖w − w*‖ gets and stays below the tolerance; ``inf`` if it never does."""
    monotone: NDArray[np.bool_]
    """(rate, seed): whether no update ever increased ‖w − w*‖ (each step ``lr ‖x‖² < 2``)."""

    @property
    def converging(self) -> NDArray[np.bool_]:
        """Per rate: every seed reaches the tolerance (updates may overshoot on the way)."""
        return np.asarray(np.all(np.isfinite(self.steps), axis=1), dtype=np.bool_)

    @property
    def stable(self) -> NDArray[np.bool_]:
        """Per rate: every seed reaches the tolerance and no update of any seed moves away from w*."""
        return self.converging & np.asarray(np.all(self.monotone, axis=1), dtype=np.bool_)

    def fastest(self, allowed: NDArray[np.bool_]) -> int:
        """Index of the *allowed* rate with the fewest median steps (the smallest such rate on a tie)."""
        if not allowed.any():
            raise ValueError(
                f"no learning rate in [{self.learning_rates[0]:g}, {self.learning_rates[-1]:g}] brings every "
                "seed within tolerance in the step budget; raise 'steps' or 'tol', or lower 'lr_min'"
            )
        medians = np.where(allowed, np.median(self.steps, axis=1), np.inf)
        return int(np.argmin(medians))  # argmin takes the first, i.e. smallest, rate on a tie


@dataclass(frozen=True)
class KindResult:
    """What the experiment found for one input kind."""

    kind: InputKind
    sweep: Sweep
    best_lr: float
    """The stable rate (see :attr:`Sweep.stable`) with the fewest median steps."""
    steps: NDArray[np.float64]
    """Per seed, the steps to tolerance at ``best_lr``."""
    fastest_lr: float
    """The converging rate (see :attr:`Sweep.converging`) with the fewest median steps; overshoots allowed."""
    fastest_steps: NDArray[np.float64]
    """Per seed, the steps to tolerance at ``fastest_lr``."""
    same_sign_share: float
    """Share of the updates (at ``best_lr``, all seeds, until each run reaches tolerance) whose two
    components have the same sign."""
    second_moment: NDArray[np.float64]
    """E[x xᵀ], the Hessian of the expected loss."""
    trajectory: NDArray[np.float64]
    """Weights (steps + 1, 2) of the representative run at ``best_lr`` (the seed whose step count is nearest
    the median), from the start to the step where it reaches tolerance."""
    representative_seed: int

    @property
    def median(self) -> float:
        """Median over seeds of the steps to tolerance at the best learning rate."""
        return float(np.median(self.steps))

    @property
    def fastest_median(self) -> float:
        """Median over seeds of the steps to tolerance at the fastest converging learning rate."""
        return float(np.median(self.fastest_steps))

    @property
    def max_stable_lr(self) -> float:
        """The largest stable learning rate of the sweep."""
        return float(self.sweep.learning_rates[self.sweep.stable].max())

    @property
    def eigenvalues(self) -> tuple[float, float]:
        """Smallest and largest eigenvalue of E[x xᵀ]: the curvature of the expected loss across and along."""
        low, high = np.linalg.eigvalsh(self.second_moment)
        return float(low), float(high)

    @property
    def condition_number(self) -> float:
        """Largest over smallest eigenvalue of E[x xᵀ]: how elongated the expected loss's contours are."""
        low, high = self.eigenvalues
        return high / low


@dataclass(frozen=True)
class ZigzagExperiment:
    """Both input kinds, run from the same start towards the same teacher weights."""

    start: NDArray[np.float64]
    target: NDArray[np.float64]
    tol: float
    seeds: int
    results: dict[InputKind, KindResult]
    params: dict[str, float | int]
    """The parameters of the run, as given (so a page can quote the setup too)."""

    @property
    def steps_ratio(self) -> float:
        """Median steps of the all-positive case over the centred case's, each at its best stable rate."""
        return self.results["positive"].median / self.results["centred"].median

    @property
    def same_lr_steps_ratio(self) -> float:
        """The same ratio with both kinds at the all-positive case's best rate (both sweeps share the rates).

        About 1: the slow direction has the same curvature for both kinds, so at one rate both are as fast;
        the all-positive inputs cost steps because they forbid the centred inputs' larger rate.
        """
        positive, centred = self.results["positive"], self.results["centred"]
        index = int(np.flatnonzero(positive.sweep.learning_rates == positive.best_lr)[0])
        return positive.median / float(np.median(centred.sweep.steps[index]))

    @property
    def stable_lr_ratio(self) -> float:
        """How many times larger the centred inputs' largest stable rate is than the all-positive inputs'."""
        return self.results["centred"].max_stable_lr / self.results["positive"].max_stable_lr

    @property
    def fastest_steps_ratio(self) -> float:
        """The same ratio, each case at its fastest converging rate (overshooting allowed)."""
        return self.results["positive"].fastest_median / self.results["centred"].fastest_median


def draw_preactivations(seed: int, seeds: int, steps: int, h_std: float) -> NDArray[np.float64]:
    """``h`` of shape (seeds, steps, 2), N(0, h_std²); seed ``i`` has its own stream, spawned from seed.

    Spawned streams make seed ``i``'s samples independent of how many seeds or steps are asked for.
    """
    streams = np.random.SeedSequence(int(seed)).spawn(int(seeds))
    return np.stack([np.random.default_rng(s).normal(0.0, h_std, size=(int(steps), 2)) for s in streams])


def inputs(kind: InputKind, h: NDArray[np.float64]) -> NDArray[np.float64]:
    """The neuron's inputs: σ(h) (all positive) or σ(h) − ½ (centred: same spread, zero mean)."""
    x = logistic(h)
    if kind == "positive":
        return x
    if kind == "centred":
        return x - 0.5
    raise ValueError(f"unknown input kind {kind!r}; expected one of {', '.join(INPUT_KINDS)}")


def second_moment(kind: InputKind, h_std: float) -> NDArray[np.float64]:
    """E[x xᵀ] for independent h_i ~ N(0, h_std²), by Gauss–Hermite quadrature (exact to float precision).

    E[σ(h)] = ½ by symmetry, so the all-positive inputs add ¼ to every entry of the centred inputs' matrix.
    """
    nodes, weights = np.polynomial.hermite_e.hermegauss(_QUADRATURE_NODES)
    weights = weights / weights.sum()
    variance = float(weights @ (logistic(h_std * nodes) - 0.5) ** 2)
    centred = np.diag([variance, variance])
    if kind == "centred":
        return centred
    if kind == "positive":
        return centred + 0.25
    raise ValueError(f"unknown input kind {kind!r}; expected one of {', '.join(INPUT_KINDS)}")


def expected_loss(
    moment: NDArray[np.float64], target: NDArray[np.float64], w1: NDArray[np.float64], w2: NDArray[np.float64]
) -> NDArray[np.float64]:
    """E[½ ((w − w*) · x)²] = ½ (w − w*)ᵀ E[x xᵀ] (w − w*) on a grid of (w1, w2)."""
    d1, d2 = w1 - target[0], w2 - target[1]
    return np.asarray(0.5 * (moment[0, 0] * d1 * d1 + 2.0 * moment[0, 1] * d1 * d2 + moment[1, 1] * d2 * d2))


def sgd_step(error: NDArray[np.float64], x: NDArray[np.float64], lr: Any) -> NDArray[np.float64]:
    """One SGD step on ``½ (e · x)²`` for ``e = w − w*``: ``e ← e − lr (e · x) x`` (broadcast over runs)."""
    residual = np.sum(error * x, axis=-1, keepdims=True)
    return np.asarray(error - lr * residual * x, dtype=np.float64)


def sweep_learning_rates(
    x: NDArray[np.float64], start: NDArray[np.float64], target: NDArray[np.float64],
    learning_rates: NDArray[np.float64], tol: float,
) -> Sweep:
    """Run SGD from *start* at every rate on every seed's samples *x* (seeds, steps, 2), all at once.

    Every rate sees the same samples. Only the step from which a run stays within tolerance and whether
    its distance ever grew are kept, so memory does not grow with the number of steps.
    """
    seeds, steps, _ = x.shape
    lr = np.asarray(learning_rates, dtype=np.float64)[:, None, None]
    error = np.broadcast_to(start - target, (lr.shape[0], seeds, 2)).copy()
    distance = np.linalg.norm(error, axis=-1)
    settled_at = np.ones(distance.shape)  # w_0 is outside the tolerance (checked by run_experiment)
    monotone = np.ones(distance.shape, dtype=bool)
    # Rates past stability overflow to inf/nan on purpose; such runs never count as within tolerance.
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            error = sgd_step(error, x[None, :, t, :], lr)
            new_distance = np.linalg.norm(error, axis=-1)
            monotone &= ~(new_distance > distance * (1.0 + 1e-9))
            distance = new_distance
            settled_at = np.where(distance < tol, settled_at, t + 2)
        converged = distance < tol
    return Sweep(
        learning_rates=np.asarray(learning_rates, dtype=np.float64),
        steps=np.where(converged, settled_at, np.inf),
        monotone=monotone,
    )


def sgd_paths(
    x: NDArray[np.float64], start: NDArray[np.float64], target: NDArray[np.float64], lr: float
) -> NDArray[np.float64]:
    """Weights (seeds, steps + 1, 2) of SGD from *start*, one run per seed, at one learning rate."""
    seeds, steps, _ = x.shape
    error = np.empty((seeds, steps + 1, 2))
    error[:, 0] = start - target
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps):
            error[:, t + 1] = sgd_step(error[:, t], x[:, t], lr)
    return error + target


def same_sign_share(paths: NDArray[np.float64], steps: NDArray[np.float64]) -> float:
    """Share of updates whose two components have the same sign, over each run's first ``steps[i]`` updates.

    Updates with a zero component have no direction to compare and are left out.
    """
    updates = np.diff(paths, axis=1)
    signs = np.sign(updates[..., 0]) * np.sign(updates[..., 1])
    on_the_way = np.arange(updates.shape[1])[None, :] < steps[:, None]
    counted = on_the_way & (signs != 0)
    return float(np.count_nonzero(counted & (signs > 0)) / np.count_nonzero(counted))


def run_kind(kind: InputKind, h: NDArray[np.float64], start: NDArray[np.float64], target: NDArray[np.float64],
             learning_rates: NDArray[np.float64], tol: float, h_std: float) -> KindResult:
    """Sweep the learning rates for one input kind, then rerun its best stable rate keeping the paths."""
    x = inputs(kind, h)
    sweep = sweep_learning_rates(x, start, target, learning_rates, tol)
    best, fastest = sweep.fastest(sweep.stable), sweep.fastest(sweep.converging)
    steps = sweep.steps[best]
    paths = sgd_paths(x, start, target, float(learning_rates[best]))
    representative = int(np.argmin(np.abs(steps - np.median(steps))))
    return KindResult(
        kind=kind,
        sweep=sweep,
        best_lr=float(learning_rates[best]),
        steps=steps,
        fastest_lr=float(learning_rates[fastest]),
        fastest_steps=sweep.steps[fastest],
        same_sign_share=same_sign_share(paths, steps),
        second_moment=second_moment(kind, h_std),
        trajectory=paths[representative, : int(steps[representative]) + 1],
        representative_seed=representative,
    )


def run_experiment(
    seed: int = DEFAULTS["seed"], seeds: int = DEFAULTS["seeds"], steps: int = DEFAULTS["steps"],
    sweep: int = DEFAULTS["sweep"], lr_min: float = DEFAULTS["lr_min"], lr_max: float = DEFAULTS["lr_max"],
    tol: float = DEFAULTS["tol"], h_std: float = DEFAULTS["h_std"],
    start_w1: float = DEFAULTS["start_w1"], start_w2: float = DEFAULTS["start_w2"],
    target_w1: float = DEFAULTS["target_w1"], target_w2: float = DEFAULTS["target_w2"],
) -> ZigzagExperiment:
    """Run the experiment (both input kinds, same draws); ``ValueError`` on parameters that defeat it."""
    start = np.array([start_w1, start_w2], dtype=np.float64)
    target = np.array([target_w1, target_w2], dtype=np.float64)
    move = target - start
    if not move[0] * move[1] < 0:
        raise ValueError(
            f"from start ({start_w1:g}, {start_w2:g}) to target ({target_w1:g}, {target_w2:g}) the weights "
            "do not move in opposite directions, so the experiment shows nothing; pick a target where one "
            "weight grows and the other shrinks"
        )
    if not tol < np.linalg.norm(move):
        raise ValueError(f"tol {tol:g} must be smaller than the distance from start to target")
    if not lr_min < lr_max:
        raise ValueError(f"lr_min ({lr_min:g}) must be smaller than lr_max ({lr_max:g})")
    h = draw_preactivations(seed, seeds, steps, h_std)
    learning_rates = np.geomspace(lr_min, lr_max, int(sweep))
    results = {kind: run_kind(kind, h, start, target, learning_rates, tol, h_std) for kind in INPUT_KINDS}
    params = {
        "seed": int(seed), "seeds": int(seeds), "steps": int(steps), "sweep": int(sweep),
        "lr_min": lr_min, "lr_max": lr_max, "tol": tol, "h_std": h_std,
        "start_w1": start_w1, "start_w2": start_w2, "target_w1": target_w1, "target_w2": target_w2,
    }
    return ZigzagExperiment(start=start, target=target, tol=float(tol), seeds=int(seeds), results=results,
                            params=params)


def summarize_experiment(experiment: ZigzagExperiment) -> dict[str, float | int]:
    """The numbers a page may quote, as flat keys (written as JSON beside the figure).

    ``positive.*`` and ``centred.*`` per input kind, the ``*_ratio`` comparisons, and ``params.*``: the
    run's parameters, so a page can quote its setup from the same file.
    """
    numbers: dict[str, float | int] = {f"params.{name}": value for name, value in experiment.params.items()}
    numbers |= {
        "steps_ratio": experiment.steps_ratio,
        "fastest_steps_ratio": experiment.fastest_steps_ratio,
        "same_lr_steps_ratio": experiment.same_lr_steps_ratio,
        "stable_lr_ratio": experiment.stable_lr_ratio,
    }
    for kind, result in experiment.results.items():
        numbers[f"{kind}.same_sign_share"] = result.same_sign_share
        numbers[f"{kind}.best_lr"] = result.best_lr
        numbers[f"{kind}.max_stable_lr"] = result.max_stable_lr
        numbers[f"{kind}.median_steps"] = result.median
        numbers[f"{kind}.condition_number"] = result.condition_number
        numbers[f"{kind}.eigenvalue_min"], numbers[f"{kind}.eigenvalue_max"] = result.eigenvalues
        numbers[f"{kind}.fastest_lr"] = result.fastest_lr
        numbers[f"{kind}.fastest_median_steps"] = result.fastest_median
    return numbers
