"""`workbench exercises init` writes the stubs and never overwrites; `check` prints the table and exits 0 or 1."""
import ast
import json
import shutil
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.exercises.parts import PARTS
from workbench.exercises.stubs import write_stubs
from workbench.i18n import set_language

SOLUTION = Path(__file__).parent / "solution"


def test_init_writes_four_files_with_the_books_signatures(tmp_path, capsys):
    assert main(["--lang", "en", "exercises", "init", str(tmp_path / "ex")]) == 0
    files = sorted(p.name for p in (tmp_path / "ex").iterdir())
    assert files == ["convolution.py", "functions.py", "layers.py", "optimizers.py"]
    tree = ast.parse((tmp_path / "ex" / "functions.py").read_text())
    functions = {node.name: [a.arg for a in node.args.args] for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert list(functions) == ["step_function", "sigmoid", "relu", "identity_function", "softmax",
                               "mean_squared_error", "cross_entropy_error", "numerical_diff", "numerical_gradient",
                               "gradient_descent"]
    assert functions["softmax"] == ["a"] and functions["gradient_descent"] == ["f", "init_x", "lr", "step_num"]
    assert "def gradient_descent(f, init_x, lr=0.01, step_num=100):" in (tmp_path / "ex" / "functions.py").read_text()
    tree = ast.parse((tmp_path / "ex" / "convolution.py").read_text())
    functions = {node.name: [a.arg for a in node.args.args] for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert functions["im2col"] == ["input_data", "filter_h", "filter_w", "stride", "pad"]
    layers = (tmp_path / "ex" / "layers.py").read_text()
    assert "def __init__(self, W, b):" in layers and "def backward(self, dout=1):" in layers
    assert "raise NotImplementedError" in layers and "x.T · dout" in layers
    out = capsys.readouterr().out
    assert "wrote" in out and f"Next: open {tmp_path / 'ex' / 'functions.py'} in an editor" in out


def test_init_in_korean_writes_korean_docstrings(tmp_path):
    try:
        assert main(["--lang", "ko", "exercises", "init", str(tmp_path)]) == 0
    finally:
        set_language("en")
    assert "기울기" in (tmp_path / "layers.py").read_text()
    assert "delta = 1e-7은 log(0)을 막습니다" in (tmp_path / "functions.py").read_text()


def test_init_never_overwrites_a_learners_file(tmp_path):
    mine = tmp_path / "layers.py"
    mine.write_text("# my work\n")
    set_language("en")
    written, kept = write_stubs(tmp_path)
    assert mine.read_text() == "# my work\n"
    assert kept == [mine] and {p.name for p in written} == {"functions.py", "optimizers.py", "convolution.py"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_check_of_fresh_stubs_says_to_do_and_exits_1(tmp_path, capsys):
    main(["--lang", "en", "exercises", "init", str(tmp_path)])
    capsys.readouterr()
    assert main(["--lang", "en", "exercises", "check", str(tmp_path), "MulLayer", "AddLayer"]) == 1
    out = capsys.readouterr().out
    assert "to do" in out and "MulLayer() still raises NotImplementedError" in out
    assert "AddLayer() still raises" not in out          # only the next part to write is spelled out


def test_check_exits_0_when_the_parts_pass_and_prints_json(tmp_path, capsys):
    shutil.copytree(SOLUTION, tmp_path / "s", ignore=shutil.ignore_patterns("__pycache__"))
    assert main(["--lang", "en", "exercises", "check", str(tmp_path / "s"), "6", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in results] == ["SGD", "Momentum", "AdaGrad", "Adam"]
    assert all(r["passed"] for r in results)


def test_an_unknown_part_is_a_one_line_error(tmp_path, capsys):
    assert main(["--lang", "en", "exercises", "check", str(tmp_path), "Afine"]) == 2
    assert "no part called Afine" in capsys.readouterr().err


def test_a_folder_not_made_yet_is_one_line_saying_how_to_make_it(tmp_path, capsys):
    assert main(["--lang", "en", "exercises", "check", str(tmp_path / "ex"), "Adam"]) == 2
    said = capsys.readouterr()
    assert said.out == ""
    assert said.err.strip() == (f"workbench: error: No folder {tmp_path / 'ex'} yet: run 'workbench exercises init "
                                f"{tmp_path / 'ex'}' and open optimizers.py in an editor.")


def test_one_part_checked_is_named_in_the_summary(tmp_path, capsys):
    shutil.copytree(SOLUTION, tmp_path / "s", ignore=shutil.ignore_patterns("__pycache__"))
    assert main(["--lang", "en", "exercises", "check", str(tmp_path / "s"), "Relu"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("\nRelu passes.\nNext: Sigmoid in layers.py")   # the part after it
    (tmp_path / "s" / "layers.py").write_text("")
    try:
        assert main(["--lang", "ko", "exercises", "check", str(tmp_path / "s"), "Relu"]) == 1
        assert capsys.readouterr().out.rstrip().endswith("\nRelu는 아직 통과하지 못했습니다.")
    finally:
        set_language("en")


def test_every_part_has_a_docstring_in_both_languages():
    from workbench.i18n import strings
    for lang in ("en", "ko"):
        for part in PARTS:
            assert f"exercises.doc.{part.name}" in strings(lang)


def test_check_takes_parts_without_a_folder_from_the_default_one(tmp_path, capsys, monkeypatch):
    """'check MulLayer' took MulLayer for the folder and told the learner to run 'exercises init MulLayer'."""
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "exercises", "check", "MulLayer"]) == 2
    assert capsys.readouterr().err.strip() == ("workbench: error: No folder exercises yet: run 'workbench exercises "
                                               "init' and open layers.py in an editor.")
    shutil.copytree(SOLUTION, tmp_path / "exercises", ignore=shutil.ignore_patterns("__pycache__"))
    assert main(["--lang", "en", "exercises", "check", "MulLayer", "Relu"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()[1:3]] == ["MulLayer", "Relu"]
    assert main(["--lang", "en", "exercises", "check", "6", "--json"]) == 0
    assert [r["name"] for r in json.loads(capsys.readouterr().out)] == ["SGD", "Momentum", "AdaGrad", "Adam"]
    (tmp_path / "Adam").mkdir()                                # a folder of that name is the folder
    assert main(["--lang", "en", "exercises", "check", "Adam"]) == 1


def test_a_mistyped_part_is_named_with_the_one_meant_and_init_takes_no_parts(tmp_path, capsys):
    for folder in ([str(tmp_path)], []):                       # 'check Afine': a typo of a part, not a folder
        assert main(["--lang", "en", "exercises", "check", *folder, "Afine"]) == 2
        assert capsys.readouterr().err.rstrip().endswith("or a chapter: 3, 4, 5, 6, 7; did you mean Affine?")
    assert main(["--lang", "en", "exercises", "init", str(tmp_path), "Affine"]) == 2
    said = capsys.readouterr()
    assert said.out == "" and not list(tmp_path.iterdir())       # nothing written
    assert f"takes no part names (Affine); grade them with 'workbench exercises check {tmp_path} Affine'" in said.err
    try:
        assert main(["--lang", "ko", "exercises", "init", str(tmp_path), "Affine"]) == 2
        assert "부분 이름(Affine)은 받지 않습니다" in capsys.readouterr().err
    finally:
        set_language("en")


def test_on_a_narrow_terminal_the_table_leaves_out_the_file_column(tmp_path, capsys, monkeypatch):
    """At 60 columns every row broke, "pas" / "s" and "FAI" / "L" on lines of their own."""
    import os

    from workbench.i18n.cells import cell_len

    shutil.copytree(SOLUTION, tmp_path / "s", ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr("workbench.commands._console._isatty", lambda stream: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((60, 24)))
    assert main(["--lang", "en", "exercises", "check", str(tmp_path / "s"), "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["part", "present", "interface", "forward", "backward"]
    assert lines[1].split() == ["MulLayer", "pass", "pass", "pass", "pass"] and max(map(cell_len, lines[:7])) < 60
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((80, 24)))
    assert main(["--lang", "en", "exercises", "check", str(tmp_path / "s"), "5"]) == 0
    assert capsys.readouterr().out.splitlines()[1].split() == ["MulLayer", "layers.py", "pass", "pass", "pass", "pass"]


def test_the_milestones_line_breaks_between_milestones_never_inside_one(capsys, monkeypatch):
    """At 80 columns it ended "…  ✓" with "SimpleConvNet trained" alone on the next line."""
    import os

    from workbench.cli import tell
    from workbench.commands.exercises import items_together
    from workbench.exercises.report import milestones_line
    from workbench.exercises.unlock import NAMES

    monkeypatch.setattr("workbench.cli._isatty", lambda stream: True)
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((80, 24)))
    tell(items_together(milestones_line(set(NAMES))))
    monkeypatch.setattr("shutil.get_terminal_size", lambda fallback=None: os.terminal_size((120, 24)))
    tell(items_together(milestones_line(set())))                 # a line that fits: printed as it is
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[:2] == ["Milestones: ✓ numerical gradient  ✓ apple graph  ✓ gradient check",
                         "✓ TwoLayerNet trained  ✓ SimpleConvNet trained"], lines
    assert lines[2] == ("Milestones: ○ numerical gradient  ○ apple graph  ○ gradient check  ○ TwoLayerNet trained  "
                        "○ SimpleConvNet trained")


def test_init_with_json_says_what_it_wrote_as_json(tmp_path, capsys):
    """--json is "print the results as JSON": init printed its lines for people on stdout all the same."""
    (tmp_path / "layers.py").write_text("# mine\n")
    assert main(["--lang", "en", "exercises", "init", str(tmp_path), "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert said == {"folder": str(tmp_path), "written": [str(tmp_path / "functions.py"), str(tmp_path / "optimizers.py"),
                                                          str(tmp_path / "convolution.py")],
                    "kept": [str(tmp_path / "layers.py")]}


@pytest.mark.parametrize("action", ["check", "init"])
def test_a_blank_folder_is_refused_not_taken_for_the_current_one(tmp_path, capsys, monkeypatch, action):
    """'check ""' graded the current folder (and said "'workbench exercises init /tmp' writes it")."""
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "exercises", action, ""]) == 2
    said = capsys.readouterr()
    assert said.out == "" and "the folder's name is blank; name one, such as exercises" in said.err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("lang, heading", [("en", "examples:"), ("ko", "예:")])
def test_the_help_shows_examples_as_every_other_command_s_does(capsys, monkeypatch, lang, heading):
    """It was the one console command whose --help had none: how to name a part or a chapter was nowhere."""
    from workbench.i18n.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")
    try:
        with pytest.raises(SystemExit):
            main(["--lang", lang, "exercises", "--help"])
    finally:
        set_language("en")
    out = capsys.readouterr().out
    examples = out[out.index(f"\n{heading}\n"):].strip().splitlines()[1:]
    assert [line.split("  ")[1] for line in examples] == ["workbench exercises init", "workbench exercises check",
                                                          "workbench exercises check Affine",
                                                          "workbench exercises check mywork 5 --json"], out
    assert all(cell_len(line) < 80 for line in examples)             # a line each at 80 columns


def test_check_shows_what_a_failing_parts_code_printed_the_first_lines_of_many(tmp_path, capsys):
    """A learner debugging with print() saw nothing: the child sent their output nowhere."""
    folder = tmp_path / "s"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    layers = folder / "layers.py"
    text = layers.read_text()
    text = text.replace("self.dW = np.dot(self.x.T, dout)", "print('dout', dout.shape)\n        self.dW = np.dot(dout.T, self.x)")
    text = text.replace("        self.mask = (x <= 0)", "        print('x is', x.shape)\n        self.mask = (x <= 0)")
    layers.write_text(text)
    assert main(["--lang", "en", "exercises", "check", str(folder), "Affine", "Relu"]) == 1
    out = capsys.readouterr().out
    assert "Your code printed:\n        dout (2, 3)\n" in out
    assert "x is" not in out                                 # Relu passes: its output is not in the way
    text = layers.read_text().replace("        print('x is', x.shape)\n", "").replace(
        "print('dout', dout.shape)", "for i in range(1234):\n            print('line', i)")
    layers.write_text(text)
    assert main(["--lang", "ko", "exercises", "check", str(folder), "Affine"]) == 1
    out = capsys.readouterr().out
    assert "채점하는 동안 여러분의 코드가 1,234줄을 출력했습니다. 처음 5줄:\n        line 0\n" in out
    assert "line 5" not in out


def test_check_tries_the_milestones_while_other_parts_are_still_to_write(tmp_path, capsys):
    """The loop over the messages named its parts `names`, and 'check' with no names then skipped the
    milestones whenever a part had a message: chapter 4's was never tried while chapter 5 was to write."""
    write_stubs(tmp_path)
    shutil.copy(SOLUTION / "functions.py", tmp_path / "functions.py")
    assert main(["--lang", "en", "exercises", "check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "Milestone reached: numerical gradient." in out and "Milestones: ✓ numerical gradient" in out, out
    from workbench.exercises.saved import chapter_counts

    where = str(tmp_path.resolve())
    assert chapter_counts() == {3: (5, 5, where), 4: (5, 5, where), 5: (0, 6, where), 6: (0, 4, where),
                                7: (0, 4, where)}     # the home screen's marks


@pytest.mark.parametrize("lang, value, output, key", [
    ("en", "value", "output", "The output column grades a function's value, a layer's forward;"),
    ("ko", "값", "출력", "출력 열에서 채점하는 것: 함수의 값, 계층의 순전파."),
])
def test_the_table_heads_each_kind_of_part_with_what_is_graded_of_it(tmp_path, capsys, lang, value, output, key):
    """Chapter 3's functions are graded on their value and have no backward: their table says "value"
    and has no column of dashes; over functions and layers it says "output", and a line says what that is."""
    shutil.copytree(SOLUTION, tmp_path / "s", ignore=shutil.ignore_patterns("__pycache__"))
    assert main(["--lang", lang, "exercises", "check", str(tmp_path / "s"), "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[-1] == value and not any(line.rstrip().endswith("—") for line in out)
    assert not any(line.startswith(key.split()[0] + " ") for line in out[6:])
    assert main(["--lang", lang, "exercises", "check", str(tmp_path / "s"), "3", "5"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[-2:] == [output, {"en": "backward", "ko": "역전파"}[lang]]
    assert out[12].startswith(key)
    set_language("en")


def test_init_writing_a_fresh_stub_forgets_what_was_graded_of_that_file(tmp_path, capsys):
    """A learner who deletes functions.py and runs init again has stubs to write: the home screen said
    "✓ 5/5 parts" for chapter 3 still, from the grading before."""
    from workbench.exercises.saved import chapter_counts

    shutil.copytree(SOLUTION, tmp_path / "s", ignore=shutil.ignore_patterns("__pycache__"))
    assert main(["--lang", "en", "exercises", "check", str(tmp_path / "s"), "3", "5"]) == 0
    (tmp_path / "s" / "functions.py").unlink()
    assert main(["--lang", "en", "exercises", "init", str(tmp_path / "s")]) == 0
    assert chapter_counts() == {5: (6, 6, str((tmp_path / "s").resolve()))}


@pytest.mark.parametrize("lesson_id, names", [
    ("activation-functions", ["step_function", "sigmoid", "relu"]),
    ("output-layer", ["softmax", "identity_function"]),
    ("loss-functions", ["mean_squared_error", "cross_entropy_error"]),
    ("numerical-gradient", ["numerical_diff", "numerical_gradient"]),
    ("gradient-descent", ["gradient_descent"]),
])
def test_each_chapter_3_and_4_lesson_ends_on_the_exercises_for_what_it_taught(lesson_id, names):
    """Only 5.5, 6.4 and 7.5 opened the exercises pane: a learner of chapters 3 and 4 met step_function …
    gradient_descent and was never shown where to write them. Each lesson's last step now opens the
    table of its chapter, and names the functions it grades in English and Korean."""
    from workbench.course.files import load_course
    from workbench.exercises.parts import BY_NAME

    for lang in ("en", "ko"):
        step = load_course(lang=lang).lesson(lesson_id).steps[-1]
        assert step.pane == "exercises" and step.settings == {"chapter": str(BY_NAME[names[0]].chapter),
                                                              "part": names[0]}
        assert all(name in step.text for name in names), (lang, names)
        assert "workbench exercises init" in step.text


@pytest.mark.parametrize("lang, said", [("en", "softmax for a = "), ("ko", "일 때 softmax")])
def test_a_message_that_names_its_part_is_not_headed_by_the_name_again(tmp_path, capsys, lang, said):
    """"softmax: softmax for a = …" and "SGD: SGD.update must …" said the part's name twice; a message
    that does not name it ("MulLayer: backward: dx …") keeps the name before it."""
    folder = tmp_path / "mine"
    shutil.copytree(SOLUTION, folder, ignore=shutil.ignore_patterns("__pycache__"))
    with open(folder / "functions.py", "a", encoding="utf-8") as file:
        file.write("\n\ndef softmax(a):\n    return np.exp(a) / np.sum(np.exp(a))\n")
    with open(folder / "layers.py", "a", encoding="utf-8") as file:
        file.write("\n\nclass MulLayer:\n    def forward(self, x, y):\n        self.x, self.y = x, y\n"
                   "        return x * y\n\n    def backward(self, dout):\n        return dout * self.x, dout * self.y\n")
    with open(folder / "optimizers.py", "a", encoding="utf-8") as file:
        file.write("\n\nclass SGD:\n    def __init__(self, lr=0.01):\n        self.lr = lr\n\n"
                   "    def update(self, params, grads):\n        for key in params:\n"
                   "            params[key] = params[key] - self.lr * grads[key]\n")
    try:
        assert main(["--lang", lang, "exercises", "check", str(folder), "softmax", "MulLayer", "SGD"]) == 1
    finally:
        set_language("en")
    lines = capsys.readouterr().out.splitlines()
    message = next(line for line in lines if said in line)
    assert not message.startswith("softmax:") and message.count("softmax") == 1, message
    assert any(line.startswith("SGD.update") for line in lines), lines
    assert any(line.startswith("MulLayer: ") for line in lines), lines


def test_a_folder_not_made_yet_is_no_typo_of_a_part_whose_letters_it_shares(tmp_path, capsys, monkeypatch):
    """'check mine' (the folder the twin of the exercises pane names) was refused as "no part called mine;
    … did you mean Affine?": difflib finds mine and affine alike at 0.6."""
    monkeypatch.chdir(tmp_path)
    assert main(["--lang", "en", "exercises", "check", "mine"]) == 2
    assert capsys.readouterr().err.strip() == ("workbench: error: No folder mine yet: run 'workbench exercises "
                                               "init mine' and open functions.py in an editor.")
