"""Statistics shared by every method: agreement (Krippendorff's alpha, Cohen's kappa, 0/1 agreement) and the
one implementation of the bootstrap (unit and cluster resamples, percentile intervals)."""
from __future__ import annotations

from helpers.stats.reliability import (  # noqa: F401
    krippendorff_alpha, krippendorff_alpha_nominal, cohen_kappa, binary_stats, bootstrap_samples,
    bootstrap_weights, percentile_interval, mean_difference_draws)
