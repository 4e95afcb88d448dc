"""The layer library of *Deep Learning from Scratch*, in NumPy only, with the book's names and layouts.

One module per job, as in the book's ``common/`` folder: ``functions`` (activations and losses),
``gradient`` (numerical gradients and the gradient check), ``im2col`` (unfolding windows into rows),
``util`` (the book's common/util.py: smooth_curve, shuffle_dataset and the im2col functions),
``layers`` (forward/backward building blocks, the book's Convolution and Pooling among them),
``fast_conv`` (the faster engine the networks use by default) and ``workers`` (its threads), ``reference`` (other
ways of computing a convolution, to check against), ``optimizers``, ``networks`` and ``trainer``.
Import the module you need; this package imports nothing, so ``import workbench.nn`` stays cheap.
"""
