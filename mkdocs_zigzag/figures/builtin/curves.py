"""The activation functions the article plots, and their derivatives, as numpy arrays (no matplotlib).

Shared by the activation figures (``activations.py``) and the SGD experiment (``sgd.py``), whose
all-positive inputs are logistic-sigmoid outputs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import ArrayLike, NDArray

ActivationName = Literal["sigmoid", "tanh"]


def logistic(z: ArrayLike) -> NDArray[np.float64]:
    """σ(z) = 1 / (1 + e^−z), computed as exp(−log(1 + e^−z)): no overflow, and > 0 down to z ≈ −745."""
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=np.float64)))


def logistic_prime(z: ArrayLike) -> NDArray[np.float64]:
    """σ′(z) = σ(z)(1 − σ(z))."""
    s = logistic(z)
    return s * (1.0 - s)


def tanh(z: ArrayLike) -> NDArray[np.float64]:
    """tanh(z) = (e^z − e^−z) / (e^z + e^−z)."""
    return np.tanh(np.asarray(z, dtype=np.float64))


def tanh_prime(z: ArrayLike) -> NDArray[np.float64]:
    """tanh′(z) = 1 − tanh²(z)."""
    t = tanh(z)
    return 1.0 - t * t


@dataclass(frozen=True)
class ActivationCurves:
    """An activation function and its derivative sampled on a symmetric grid of z."""

    name: ActivationName
    z: NDArray[np.float64]
    value: NDArray[np.float64]
    derivative: NDArray[np.float64]
    output_range: tuple[float, float]
    """The open interval the function's values lie in: (0, 1) for σ, (−1, 1) for tanh."""

    @property
    def peak(self) -> tuple[float, float]:
        """(z, f′(z)) where the derivative is largest on the grid."""
        i = int(np.argmax(self.derivative))
        return float(self.z[i]), float(self.derivative[i])


def sample_activation(name: ActivationName, z_max: float = 6.0, points: int = 481) -> ActivationCurves:
    """Sample *name* and its derivative on ``points`` evenly spaced z in [−z_max, z_max].

    An odd *points* puts z = 0 on the grid, so the derivative's peak is sampled exactly.
    """
    if z_max <= 0:
        raise ValueError(f"z_max must be positive, got {z_max!r}")
    if points < 3:
        raise ValueError(f"points must be at least 3, got {points!r}")
    count = int(points) | 1  # odd, so that z = 0 is a grid point
    z = np.linspace(-z_max, z_max, count)
    if name == "sigmoid":
        return ActivationCurves(name, z, logistic(z), logistic_prime(z), (0.0, 1.0))
    if name == "tanh":
        return ActivationCurves(name, z, tanh(z), tanh_prime(z), (-1.0, 1.0))
    raise ValueError(f"unknown activation {name!r}; expected 'sigmoid' or 'tanh'")
