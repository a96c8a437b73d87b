"""Indicators and the small-numbers rule (SECURITY.md A6)."""

import random

from ourvoice.analytics.indicators import INDICATORS, SUPPRESSED, Value, histogram_median, protect_counts
from ourvoice.analytics.models import ACK_DAY_BOUNDS, ACK_HIST, MEASURES


def test_an_indicator_from_fewer_than_five_reports_is_suppressed():
    share = INDICATORS["ack_on_time"]
    assert share.value({"ack_decided": 4, "ack_on_time": 4}) == SUPPRESSED
    assert share.value({"ack_decided": 5, "ack_on_time": 4}).number == 0.8
    assert INDICATORS["reports"].value({"reports": 1}).suppressed
    assert INDICATORS["reports"].value({"reports": 0}).suppressed
    assert INDICATORS["reports"].value({"reports": 7}).number == 7


def test_rating_mean_and_spread():
    value = INDICATORS["rating"].value({"rating_n": 5, "rating_sum": 15, "rating_sumsq": 55})
    assert value.number == 3.0
    assert value.spread is not None and round(value.spread, 3) == 1.414


def test_median_is_exact_for_single_day_buckets_and_interpolated_beyond():
    assert histogram_median({"ack_h_1": 3, "ack_h_3": 2}, ACK_HIST, ACK_DAY_BOUNDS, -1) == 1.0
    # Ten values in (5, 10]: the median is interpolated halfway.
    assert histogram_median({"ack_h_6": 10}, ACK_HIST, ACK_DAY_BOUNDS, -1) == 7.5
    # The open last bucket answers its lower edge.
    assert histogram_median({"ack_h_9": 6}, ACK_HIST, ACK_DAY_BOUNDS, -1) == 40.0
    assert histogram_median({}, ACK_HIST, ACK_DAY_BOUNDS, -1) is None


def test_a_single_suppressed_count_in_a_group_takes_the_smallest_other_with_it():
    reports = INDICATORS["reports"]
    group = {"female": Value(12.0), "male": Value(9.0), "other": SUPPRESSED}
    protected = protect_counts(group, reports)
    assert protected["male"].suppressed and protected["female"].number == 12
    # Two suppressed cells cannot be told apart from the total: nothing more to hide.
    two = {"female": Value(12.0), "male": SUPPRESSED, "other": SUPPRESSED}
    assert protect_counts(two, reports) == two


def test_each_indicator_reads_only_the_measures_it_names():
    """Comparisons and the map sum only ``Indicator.measures``: with the others missing, every
    indicator must give the same value as with all of them."""
    rng = random.Random(6)
    for _ in range(50):
        everything = {name: rng.randrange(0, 40) for name in MEASURES}
        for indicator in INDICATORS.values():
            only = {name: everything[name] for name in indicator.measures}
            assert indicator.value(only) == indicator.value(everything), indicator.code
