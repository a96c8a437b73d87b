#!/usr/bin/env python
"""The one command-line entry point of Our Voice."""

import os
import sys


def main() -> None:
    default = "config.settings.production" if os.environ.get("OURVOICE_ENV") == "production" else "config.settings.base"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", default)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
