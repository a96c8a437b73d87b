"""``|wordbreak``: Khmer lines break between words (khmercut), never inside one, and the text itself
is unchanged (issue 16, point 5)."""

import html
import re
from itertools import accumulate

from django.template import Context, Template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st
from khmercut import tokenize

from ourvoice.core.khmer import khmer_word_pieces
from ourvoice.core.templatetags.khmer import wordbreak

SAMPLES = [
    "(ស្រេចចិត្ត)",
    "អំពីអ្នក (ស្រេចចិត្ត សម្រាប់តែស្ថិតិប៉ុណ្ណោះ)",
    "តើការិយាល័យអាចទាក់ទងមកអ្នកបានទេ?",
    "រូបថត សារជាសំឡេង ឬឯកសារ PDF",
    "ការិយាល័យច្រកចេញចូលតែមួយក្រុងសៀមរាប",
    "១ អន់ណាស់",
]
# Khmer words, Latin words, digits, punctuation and markup characters, joined with or without spaces.
pieces = st.sampled_from(
    ["ស្រេចចិត្ត", "ការិយាល័យ", "សំបុត្រ", "កំណើត", "ប៉ុណ្ណោះ", "ទេ?", "។", "៖", "(", ")", "«", "»",
     "PDF", "KHR", "២០,០០០", "20,000", "<b>", "&amp;", '"', "'", "\u200b"]
)  # fmt: skip
texts = st.lists(st.tuples(pieces, st.sampled_from(["", " ", "  ", "\n"])), max_size=12).map(
    lambda parts: "".join(piece + space for piece, space in parts)
)


def _plain(markup: str) -> str:
    """What a reader (or copy and paste, or a screen reader) gets from the markup."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_the_text_is_unchanged_and_inert(text):
    out = conditional_escape(wordbreak(text))  # as a template shows it
    assert _plain(str(out)) == text  # nothing added, nothing lost
    tags = re.findall(r"<[^>]+>", str(out))
    assert set(tags) <= {'<span class="kw">', '<span class="kw-text">', "</span>", "<wbr>"}


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_lines_may_break_only_at_spaces_and_between_khmer_words(text):
    for chunk, cut in khmer_word_pieces(text):
        assert "".join(cut or [chunk]) == chunk
        # Every cut is one khmercut makes: a line never breaks inside a word.
        boundaries = set(accumulate(len(token) for token in tokenize(chunk)))
        at = 0
        for piece in cut[:-1]:
            at += len(piece)
            assert at in boundaries, (chunk, cut)


def test_words_are_kept_whole_with_their_punctuation():
    assert khmer_word_pieces("(ស្រេចចិត្ត)") == [("(ស្រេចចិត្ត)", ["(ស្រេចចិត្ត)"])]
    out = str(wordbreak("អំពីអ្នក (ស្រេចចិត្ត សម្រាប់តែស្ថិតិប៉ុណ្ណោះ)"))
    assert '<span class="kw">(ស្រេចចិត្ត</span>' in out  # the word is never cut: ស្រេច|ចិត្ត
    assert '<span class="kw">ស្ថិតិ</span><wbr><span class="kw">ប៉ុណ្ណោះ)</span>' in out


def test_text_without_khmer_and_safe_markup_come_back_unchanged():
    assert wordbreak("Very good") == "Very good"
    markup = mark_safe("<b>ល្អ</b>")
    assert wordbreak(markup) is markup
    assert wordbreak(None) == ""


def test_in_a_template_user_text_stays_escaped():
    rendered = Template("{{ value|wordbreak }}").render(Context({"value": "<script>ល្អណាស់</script>"}))
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert _plain(rendered) == "<script>ល្អណាស់</script>"


def test_every_sample_keeps_each_khmercut_word_in_one_unbreakable_span():
    for sample in SAMPLES:
        out = str(wordbreak(sample))
        spans = re.findall(r'<span class="kw">([^<]*)</span>', out)
        words = [w for chunk, cut in khmer_word_pieces(sample) for w in cut]
        assert [html.unescape(s) for s in spans] == words
