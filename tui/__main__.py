"""``python -m tui`` is the ``briefing`` command."""

from tui.cli import main

raise SystemExit(main())
