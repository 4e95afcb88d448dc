"""A refusal's "did you mean" names a value that would be taken, never the value refused: `gradcheck --net
two-layer --break conv-db-wrong-axis` ended "혹시 conv-db-wrong-axis?", the bug it had just refused
for that network, and a typo of it was answered with that same bug."""
import pytest

from workbench.cli import main


def run(capsys, *args):
    try:
        status = main(list(args))
    except SystemExit as exc:
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("lang, hint", [("en", "did you mean"), ("ko", "혹시")])
@pytest.mark.parametrize("args", [
    ("gradcheck", "--net", "two-layer", "--break", "conv-db-wrong-axis"),       # no Convolution layer in it
    ("gradcheck", "--net", "two-layer", "--break", "conv-db-wrong-axs"),        # its typo: no bug two-layer takes
    ("gradcheck", "--net", "two-layer", "--break", "Conv-DB-Wrong-Axis"),       # the same bug, written otherwise
    ("gradcheck", "--impl", "mine", "--net", "deep"),                           # not built from the learner's parts
    ("open", "gradcheck", "--set", "net=two-layer", "--set", "bug=conv-db-wrong-axis"),
    ("open", "gradcheck", "--set", "net=simple", "--set", "bug=batchnorm-dvar-mising"),
])
def test_a_refusal_names_no_value_that_would_be_refused(capsys, lang, hint, args):
    status, _, err = run(capsys, "--lang", lang, *args)
    assert status == 2
    assert hint not in err, err


@pytest.mark.parametrize("lang, hint", [("en", "; did you mean {}?"), ("ko", ". 혹시 {}?")])
@pytest.mark.parametrize("args, meant", [
    (("gradcheck", "--net", "simple", "--break", "conv-db-wrong-axs"), "conv-db-wrong-axis"),
    (("gradcheck", "--net", "tow-layer"), "two-layer"),
    (("gradcheck", "--net", "simpel", "--break", "conv-db-wrong-axis"), "simple"),
    (("open", "gradcheck", "--set", "net=simple", "--set", "bug=pool-wrong-elment"), "pool-wrong-element"),
])
def test_a_typo_of_a_value_that_would_run_is_still_named(capsys, lang, hint, args, meant):
    status, _, err = run(capsys, "--lang", lang, *args)
    assert status == 2
    assert err.rstrip("\n").endswith(hint.format(meant)), err


def test_a_typo_is_answered_with_what_the_network_takes_only(capsys):
    """`--net two-layer --break conv`: of the bugs that start so, only conv-db-wrong-axis, which two-layer
    has no place for; `--net simple` has one, and is told it."""
    assert "did you mean" not in run(capsys, "gradcheck", "--net", "two-layer", "--break", "conv-db")[2]
    assert run(capsys, "gradcheck", "--net", "simple", "--break", "conv-db")[2].rstrip().endswith(
        "; did you mean conv-db-wrong-axis?")


def test_the_other_commands_do_not_echo_the_value_refused(capsys):
    """close_choice's own rule, for train and every `--set`: the refused value is never the one meant."""
    from workbench.cli import close_choice
    from workbench.models.gradcheck_settings import GradcheckSettings

    assert close_choice(GradcheckSettings, "net", "deep") is None
    assert close_choice(GradcheckSettings, "net", " Deep") is None
    assert close_choice(GradcheckSettings, "net", "deeep") == "deep"
