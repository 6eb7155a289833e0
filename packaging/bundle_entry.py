"""The bundle's entry point (packaging/terminassistent.spec): the same command line as the installed
``terminassistent`` script, so the window and every command start from one executable."""

import sys

from terminassistent.cli import main

if __name__ == "__main__":
    sys.exit(main())
