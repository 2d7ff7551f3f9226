"""``python -m policylens``: the command line (see ``policylens.cli``)."""

from policylens.cli import main

raise SystemExit(main())
