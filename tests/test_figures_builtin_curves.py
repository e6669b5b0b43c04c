"""The activation curves the article plots: the properties its argument rests on (numpy only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pytest

from mkdocs_zigzag.figures.builtin import activations
from mkdocs_zigzag.figures.builtin.curves import logistic, logistic_prime, sample_activation, tanh, tanh_prime

if TYPE_CHECKING:
    from mkdocs_zigzag.figures.api import FigureGenerator

Z = np.linspace(-30.0, 30.0, 6001)


def test_sigmoid_derivative_peaks_at_a_quarter_at_zero() -> None:
    curves = sample_activation("sigmoid", z_max=6.0, points=481)
    assert curves.peak == (0.0, 0.25)
    assert np.all(logistic_prime(Z[Z != 0]) < 0.25)
    np.testing.assert_allclose(logistic_prime(Z), logistic(Z) * (1 - logistic(Z)))


def test_tanh_derivative_peaks_at_one_at_zero() -> None:
    curves = sample_activation("tanh", z_max=6.0, points=481)
    assert curves.peak == (0.0, 1.0)
    assert np.all(tanh_prime(Z[Z != 0]) < 1.0)


def test_sigmoid_is_positive_everywhere_and_matches_its_definition() -> None:
    wide = np.linspace(-700.0, 700.0, 14001)
    assert np.all(logistic(wide) > 0.0) and np.all(logistic(wide) <= 1.0)
    np.testing.assert_allclose(logistic(Z), 1.0 / (1.0 + np.exp(-Z)), rtol=1e-12)


def test_tanh_is_odd_and_sigmoid_is_not_zero_centred() -> None:
    np.testing.assert_array_equal(tanh(-Z), -tanh(Z))
    np.testing.assert_allclose(logistic(-Z) + logistic(Z), 1.0)  # σ is symmetric about ½, not about 0
    np.testing.assert_allclose(tanh(Z), 2.0 * logistic(2.0 * Z) - 1.0, atol=1e-12)


def test_derivatives_match_finite_differences() -> None:
    step = 1e-5
    for f, f_prime in ((logistic, logistic_prime), (tanh, tanh_prime)):
        numeric = (f(Z + step) - f(Z - step)) / (2 * step)
        np.testing.assert_allclose(numeric, f_prime(Z), atol=1e-8)


def test_the_plotted_range_shows_both_saturations() -> None:
    for name in ("sigmoid", "tanh"):
        curves = sample_activation(name, z_max=activations.sigmoid.defaults["z_max"])
        low, high = curves.output_range
        assert curves.derivative[0] < 0.01 * curves.peak[1] and curves.derivative[-1] < 0.01 * curves.peak[1]
        assert curves.value[0] - low < 0.01 and high - curves.value[-1] < 0.01


def test_even_point_counts_still_sample_zero() -> None:
    assert 0.0 in sample_activation("sigmoid", 6.0, 400).z


@pytest.mark.parametrize("generator", [activations.sigmoid, activations.tanh])
def test_generators_summarize_the_derivative_peak(generator: FigureGenerator) -> None:
    assert generator.simulate is not None and generator.summarize is not None
    summary = generator.summarize(generator.simulate(**generator.validate({})))
    assert summary["derivative_peak_z"] == 0.0
    assert summary["derivative_peak"] == (0.25 if generator is activations.sigmoid else 1.0)


def test_bad_activation_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown activation"):
        sample_activation("relu", 6.0, 101)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="z_max"):
        activations.sigmoid.validate({"z_max": 500})
    with pytest.raises(ValueError, match="unknown parameter"):
        activations.tanh.validate({"colour": "red"})
