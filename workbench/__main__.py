"""`python -m workbench` runs the same command as `workbench`."""
from workbench.cli import main

raise SystemExit(main())
