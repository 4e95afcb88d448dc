"""Console commands beyond the core ones: one module each, with `register(subparsers)` and an ORDER.

`workbench.cli` finds every module here, so a console command lives beside nothing but the model
and the job runner it reuses (`workbench shapes`, `workbench gradcheck`, `workbench train`, …).
"""
