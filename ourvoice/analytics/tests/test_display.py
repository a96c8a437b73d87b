"""How the pages write values: "< 5" for suppressed, units, Khmer digits, trends in words."""

from django.utils import translation

from ourvoice.analytics import display
from ourvoice.analytics.indicators import INDICATORS, SUPPRESSED, Value


def test_a_suppressed_value_is_only_ever_less_than_5():
    for indicator in INDICATORS.values():
        with translation.override("en"):
            assert display.text(indicator, SUPPRESSED) == "< 5"
        with translation.override("km"):
            assert display.text(indicator, SUPPRESSED) == "< ៥"
        assert display.chart_number(indicator, SUPPRESSED) is None
        assert display.spread_text(SUPPRESSED) == ""


def test_units_are_written_as_readers_expect():
    with translation.override("en"):
        assert display.text("reports", Value(12_345.0)) == "12,345"
        assert display.text("ack_on_time", Value(0.634)) == "63%"
        assert display.chart_number(INDICATORS["ack_on_time"], Value(0.634)) == 63.4
        assert display.text("resolve_days", Value(7.26)) == "7.3"
        assert display.text("rating", Value(3.84, spread=0.91)) == "3.8"
        assert display.spread_text(Value(3.84, spread=0.91)) == "0.9"
        assert display.text("overcharge_median", Value(20_000.0)) == "KHR\u00a020,000"
        assert display.text("ack_on_time", Value(None)) == "–"  # nothing decided yet: no share


def test_khmer_pages_get_khmer_digits():
    with translation.override("km"):
        assert display.text("reports", Value(12.0)) == "១២"
        assert display.text("ack_on_time", Value(0.5)) == "៥០%"


def test_trends_are_written_in_words_with_better_or_worse():
    with translation.override("en"):
        assert display.trend_text(INDICATORS["reports"], 3.0) == ("▲", "up 3")
        assert display.trend_text(INDICATORS["overdue_now"], 2.0) == ("▲", "up 2, worse")
        assert display.trend_text(INDICATORS["ack_on_time"], -0.1) == ("▼", "down 10 points, worse")
        assert display.trend_text(INDICATORS["rating"], 0.0) == ("=", "no change")
        assert display.trend_text(INDICATORS["rating"], None) == ("", "")
