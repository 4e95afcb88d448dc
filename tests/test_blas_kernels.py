"""OpenBLAS's Zen kernels on Zen 4, chosen before NumPy loads (workbench/blas_kernels.py)."""
import sys

import pytest

import workbench.cli as cli
from workbench.blas_kernels import choose_blas_kernels, first_cpu, kernels_for

ZEN4 = """processor\t: 0
vendor_id\t: AuthenticAMD
cpu family\t: 25
model\t\t: 17
model name\t: AMD EPYC
flags\t\t: fpu sse2 avx2 fma avx512f avx512bw

processor\t: 1
vendor_id\t: GenuineIntel
cpu family\t: 6
"""


def cpu(vendor="AuthenticAMD", family="25", flags="avx2 avx512f"):
    return {"vendor_id": vendor, "cpu family": family, "flags": flags}


def test_first_cpu_reads_the_first_processor_only():
    fields = first_cpu(ZEN4)
    assert fields["vendor_id"] == "AuthenticAMD"
    assert fields["cpu family"] == "25"
    assert "avx512f" in fields["flags"].split()
    assert first_cpu("\n\n" + ZEN4)["vendor_id"] == "AuthenticAMD"     # leading blank lines
    assert first_cpu("") == {}


def test_zen4_gets_the_zen_kernels_and_other_cpus_keep_openblas_choice():
    assert kernels_for(cpu()) == "Haswell"
    assert kernels_for(cpu(flags="avx2 fma")) is None                  # Zen 3: OpenBLAS picks Zen itself
    assert kernels_for(cpu(family="26")) is None                      # Zen 5: not measured
    assert kernels_for(cpu(vendor="GenuineIntel", family="6")) is None
    assert kernels_for(cpu(family="")) is None
    assert kernels_for({}) is None


def test_repeatable_asks_for_the_avx2_kernels_wherever_they_run():
    assert kernels_for(cpu(vendor="GenuineIntel", family="6", flags="avx2 fma avx512f"), repeatable=True) == "Haswell"
    assert kernels_for(cpu(family="26", flags="avx2 fma"), repeatable=True) == "Haswell"
    assert kernels_for(cpu(flags="sse2 avx"), repeatable=True) is None        # no AVX2: OpenBLAS chooses
    assert kernels_for({}, repeatable=True) is None


def test_choose_sets_the_variable_before_numpy_loads(tmp_path):
    info = tmp_path / "cpuinfo"
    info.write_text(ZEN4)
    environ = {}
    assert choose_blas_kernels(environ, modules={}, cpuinfo=info) == "Haswell"
    assert environ == {"OPENBLAS_CORETYPE": "Haswell"}


def test_choose_leaves_a_users_choice_and_a_loaded_numpy_alone(tmp_path):
    info = tmp_path / "cpuinfo"
    info.write_text(ZEN4)
    environ = {"OPENBLAS_CORETYPE": "SkylakeX"}
    assert choose_blas_kernels(environ, modules={}, cpuinfo=info) is None
    assert environ == {"OPENBLAS_CORETYPE": "SkylakeX"}
    environ = {}
    assert choose_blas_kernels(environ, modules={"numpy": sys}, cpuinfo=info) is None   # too late
    assert environ == {}
    assert choose_blas_kernels(environ, modules={}, cpuinfo=tmp_path / "missing") is None
    assert environ == {}


def test_the_workbench_command_chooses_first(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(cli, "choose_blas_kernels", lambda: calls.append("chosen"))
    with pytest.raises(SystemExit):
        cli.main(["--version"])
    assert calls == ["chosen"]
