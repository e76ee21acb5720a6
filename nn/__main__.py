"""``python -m nn``: the ``backprop`` command (see nn.cli)."""

from __future__ import annotations

from nn.cli import main

raise SystemExit(main())
