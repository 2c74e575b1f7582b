"""``python -m clientmig`` runs the command-line interface."""

from clientmig.cli import main

raise SystemExit(main())
