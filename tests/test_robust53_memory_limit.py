"""A size too large for a container's memory limit is refused with a message, as one too large for the
machine is: the check read the machine's MemAvailable only, so under a limit (docker --memory, a CI job,
a notebook server's pod) an allocation it allowed had the process killed by the kernel without a word."""
import pytest

from workbench import memory
from workbench.memory import TooLarge, cgroup_room, check_fits

GB = 2 ** 30


def write(folder, **files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("_", ".", 1)).write_text(text, encoding="ascii")


def own(tmp_path, text):
    path = tmp_path / "cgroup"
    path.write_text(text, encoding="ascii")
    return str(path)


def test_v2_the_limit_less_what_is_used_not_counting_file_cache(tmp_path):
    write(tmp_path / "fs" / "user.slice" / "job", memory_max=str(2 * GB), memory_current=str(GB),
          memory_stat=f"anon 600\ninactive_file {GB // 2}\n")
    room = cgroup_room(str(tmp_path / "fs"), own(tmp_path, "0::/user.slice/job\n"))
    assert room == 2 * GB - GB // 2


def test_v2_the_tightest_of_the_group_and_those_above_it(tmp_path):
    write(tmp_path / "fs" / "user.slice", memory_max=str(GB), memory_current=str(GB // 4))
    write(tmp_path / "fs" / "user.slice" / "job", memory_max="max", memory_current="0")
    assert cgroup_room(str(tmp_path / "fs"), own(tmp_path, "0::/user.slice/job\n")) == GB - GB // 4


def test_v2_in_a_container_the_group_is_the_root(tmp_path):
    write(tmp_path / "fs", memory_max=str(GB), memory_current="0")
    assert cgroup_room(str(tmp_path / "fs"), own(tmp_path, "0::/\n")) == GB
    assert cgroup_room(str(tmp_path / "fs"), own(tmp_path, "0::/docker/abc123\n")) == GB


def test_v1_memory_controller(tmp_path):
    write(tmp_path / "fs" / "memory" / "job", memory_limit_in_bytes=str(GB), memory_usage_in_bytes=str(GB // 2),
          memory_stat=f"cache 5\ntotal_inactive_file {GB // 4}\n")
    text = "4:memory:/job\n3:cpuset:/\n"
    assert cgroup_room(str(tmp_path / "fs"), own(tmp_path, text)) == GB - GB // 4


@pytest.mark.parametrize("limit", ["max", "9223372036854771712"])
def test_no_limit_is_none(tmp_path, limit):
    write(tmp_path / "fs", memory_max=limit, memory_current="5", memory_limit_in_bytes=limit)
    write(tmp_path / "fs" / "memory", memory_limit_in_bytes=limit, memory_usage_in_bytes="5")
    assert cgroup_room(str(tmp_path / "fs"), own(tmp_path, "0::/\n4:memory:/\n")) is None


def test_nothing_readable_is_none(tmp_path):
    assert cgroup_room(str(tmp_path / "none"), str(tmp_path / "no-such-file")) is None
    write(tmp_path / "fs", memory_max="lots", memory_current="5")
    assert cgroup_room(str(tmp_path / "fs"), own(tmp_path, "0::/\n")) is None


def test_an_allocation_over_the_limit_is_refused_though_the_machine_has_room(tmp_path, monkeypatch):
    write(tmp_path / "fs", memory_max=str(GB), memory_current=str(GB // 2))
    monkeypatch.setattr(memory, "cgroup_room", lambda: cgroup_room(str(tmp_path / "fs"), own(tmp_path, "0::/\n")))
    monkeypatch.setattr(memory, "machine_bytes", lambda: 64 * GB)
    with pytest.raises(TooLarge, match="would need 1.0 GB of memory, and 512.0 MB is available"):
        check_fits(GB, "the images")
    check_fits(GB // 4, "the images")
