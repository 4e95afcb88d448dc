"""The layer library of *Deep Learning from Scratch*, in NumPy only, with the book's names and layouts.

One module per job, as in the book's ``common/`` folder: ``functions`` (activations and losses),
``gradient`` (numerical gradients and the gradient check), ``im2col`` (unfolding windows into rows),
``layers`` (forward/backward building blocks), ``optimizers``, ``networks`` and ``trainer``.
Import the module you need; this package imports nothing, so ``import workbench.nn`` stays cheap.
"""
