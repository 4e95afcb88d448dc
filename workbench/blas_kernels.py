"""Which of OpenBLAS's kernels NumPy's products run: on AMD's Zen 4, its AVX2 kernels.

OpenBLAS (NumPy's BLAS in its wheels) picks its kernels by the CPU's features when it loads. On a
Zen 4 CPU (AMD, family 25, with AVX-512) it takes the ones written for Intel's Skylake-X, and Zen 4
runs their 512-bit instructions as two halves. Its AVX2 kernels (the Haswell target, which its Zen
target uses too) are faster there at the products the convolutional networks make: one DeepConvNet
step at batch 100 on one core took 82-84 ms against 87-90, and training ran 1.06x as fast on two
threads (benchmarks/README.md, "OpenBLAS's kernels on Zen 4").

The variable OPENBLAS_CORETYPE says which kernels to take, and it must be set before NumPy loads
OpenBLAS: ``choose_blas_kernels`` does nothing once NumPy is imported or when the user has set it
(subprocesses inherit it, so their numbers match). Standard library only, so it runs first.
"""
import os
import sys

AVX2_KERNELS = "Haswell"
"""OpenBLAS's name for its AVX2 kernels."""

ZEN_FAMILY = 25
"""AMD's CPU family of Zen 3 and Zen 4 (0x19); Zen 3 has no AVX-512, and OpenBLAS gives it the Zen
kernels already. Later families are left to OpenBLAS: they were not measured."""


def first_cpu(text):
    """The fields of the first processor in /proc/cpuinfo's ``text``, as a dict of strings."""
    fields = {}
    for line in text.splitlines():
        if not line.strip():
            if fields:
                break
            continue
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    return fields


def kernels_for(cpu, repeatable=False):
    """The OPENBLAS_CORETYPE to ask for on the CPU described by ``cpu`` (first_cpu's fields), or None.

    ``repeatable`` asks for the AVX2 kernels on every CPU that has AVX2 and FMA: the last bits of a
    product depend on the kernels, and the tests' screenshots show numbers computed live, so they
    pin them (the same bits as the app on Zen 4)."""
    flags = cpu.get("flags", "").split()
    if repeatable:
        return AVX2_KERNELS if {"avx2", "fma"} <= set(flags) else None
    try:
        family = int(cpu.get("cpu family", ""))
    except ValueError:
        return None
    if cpu.get("vendor_id") == "AuthenticAMD" and family == ZEN_FAMILY and "avx512f" in flags:
        return AVX2_KERNELS
    return None


def choose_blas_kernels(environ=None, modules=None, cpuinfo="/proc/cpuinfo", repeatable=False):
    """Set OPENBLAS_CORETYPE in ``environ`` (os.environ) for this CPU (``kernels_for``), unless NumPy
    is already in ``modules`` (sys.modules) or the variable is set. Returns the kernels asked for, or None."""
    environ = os.environ if environ is None else environ
    modules = sys.modules if modules is None else modules
    if "numpy" in modules or "OPENBLAS_CORETYPE" in environ:
        return None
    try:
        with open(cpuinfo, encoding="utf-8", errors="replace") as file:
            text = file.read(64 * 1024)
    except OSError:                        # not Linux, or no /proc: OpenBLAS chooses
        return None
    kernels = kernels_for(first_cpu(text), repeatable)
    if kernels is not None:
        environ["OPENBLAS_CORETYPE"] = kernels
    return kernels
