"""A particle after a sign key in the Korean lessons is the form of the key's Korean name: `.`을 (점),
`,`를 (쉼표), `+`를 (플러스), `-`를 (마이너스), `]`를 (괄호). `attach` cannot read a sign, so the
particle checks of tests/test_particles.py pass over "`.`를" or "`,`을"; this one reads them."""
import re
from pathlib import Path

from workbench.course.files import lessons_root
from workbench.i18n.particles import attach

READINGS = {".": "점", ",": "쉼표", "+": "플러스", "-": "마이너스", "[": "괄호", "]": "괄호"}
KEY_THEN_PARTICLE = re.compile(r"(?:`([.,+\-\[\]])`|\*\*([.,+\-\[\]])\*\*)"
                               r"(은|는|이|가|을|를|과|와|으로|로|이나|나)(?![가-힣])")


def misread_keys(text: str) -> list[str]:
    return [match.group(0) for match in KEY_THEN_PARTICLE.finditer(text)
            if attach(READINGS[match.group(1) or match.group(2)], match.group(3))
            != READINGS[match.group(1) or match.group(2)] + match.group(3)]


def test_every_particle_after_a_sign_key_in_the_korean_lessons_fits_its_name():
    found = [(path.parent.name, written) for path in sorted(Path(lessons_root()).glob("*/ko.md"))
             for written in misread_keys(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_check_reads_a_full_stop_as_jeom_and_a_comma_as_swimpyo():
    assert misread_keys("`.`를 누르고 `,`을 누르고 **+**은") == ["`.`를", "`,`을", "**+**은"]
    assert misread_keys("`.`을 누르고 `,`를 누르고 **+**는 `-`로 `.`으로") == []
