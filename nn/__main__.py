"""``python -m nn``: the ``backprop`` command (see autograd.cli.main)."""

from __future__ import annotations

from autograd.cli.main import main

raise SystemExit(main())
