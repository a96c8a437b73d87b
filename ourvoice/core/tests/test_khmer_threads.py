"""Khmer word segmentation from many threads at once (gunicorn's threaded workers): khmercut's
tagger is one lazily opened object per process; tagging from two threads, or before it is open,
failed with "The tagger is not opened" (a 500 on /km/track/ under load, SECURITY.md G3)."""

import threading

import khmercut

from ourvoice.core.khmer import khmer_tokenize

TEXTS = ["ខ្ញុំបានរង់ចាំសំបុត្រកំណើតអស់រយៈពេលពីរសប្ដាហ៍", "សូមជួយពិនិត្យនិងដោះស្រាយឱ្យបានឆាប់", "ការិយាល័យឃុំ"]
THREADS = 16


def _segment_at_once() -> tuple[list[list[list[str]]], list[BaseException]]:
    start = threading.Barrier(THREADS)
    results: list[list[list[str]]] = []
    errors: list[BaseException] = []

    def work() -> None:
        start.wait()
        try:
            results.append([khmer_tokenize(text) for text in TEXTS * 20][: len(TEXTS)])
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_many_threads_segment_at_once_from_a_tagger_not_yet_opened():
    expected = [khmer_tokenize(text) for text in TEXTS]
    for _round in range(5):
        khmercut.tagger = None  # as in a fresh worker process: the first calls open it
        results, errors = _segment_at_once()
        assert not errors, errors[:3]
        assert results == [expected] * THREADS
