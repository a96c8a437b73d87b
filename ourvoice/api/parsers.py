"""Request body parsers of the citizen endpoints.

DRF's JSON parser reads the body through ``request.body``, so Django's
``DATA_UPLOAD_MAX_MEMORY_SIZE`` bounds it (413, see ``errors.py``). What it does not bound is depth:
``[[[[...]]]]`` a few thousand levels deep makes ``json`` raise ``RecursionError`` (a 500), and
a value a few hundred levels deep parses but later overflows the stack when a field calls
``str()`` on it. No request of ours needs more than a few levels, so deeper bodies are refused.
"""

from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MultiPartParser = parsers.MultiPartParser
MAX_DEPTH = 16


class NestingTooDeep(ParseError):
    pass


def _too_deep(value: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise NestingTooDeep from error
        if _too_deep(data, MAX_DEPTH):
            raise NestingTooDeep
        return data
