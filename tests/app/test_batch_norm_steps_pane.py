"""The batch-norm steps pane through `.` and `,`: each equation highlighted in turn, the rows it makes
(μ_B, σ²_B, x̂ with its mean and variance, y with γ and β), both languages, the lesson's step, and SVG
snapshots at 80×24 (reviewed by eye)."""
from textual.widgets import Static

from workbench.app.app import make_app
from workbench.app.panes.base import ErrorLine
from workbench.app.panes.batch_norm_steps import BatchNormStepsPane, value_text
from workbench.models.catalog import pane

SIZE = (80, 24)


def shown(app, part: str) -> str:
    return str(app.screen.query_one(f"#bn-steps-{part}", Static).render()).replace("\u00a0", " ")


def row(app, label: str) -> list[str]:
    return next(line.split()[len(label.split()):] for line in shown(app, "table").splitlines() if line.startswith(label))


def still(app):
    app.animation_level = "none"
    return app


def test_normalised_numbers_keep_two_decimals_and_no_minus_zero():
    assert value_text(1.60356) == "1.60" and value_text(-0.001) == "0.00" and value_text(-0.5345) == "−0.53"


async def test_each_equation_in_turn_and_back():
    app = make_app(pane=("batch-norm-steps", pane("batch-norm-steps").parse(["gamma=2", "beta=1"])))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BatchNormStepsPane)
        assert "▶" not in shown(app, "equations") and "μ_B" not in shown(app, "table")
        await pilot.press("comma")
        assert p.settings.step == 0 and not p.query_one(ErrorLine).display
        await pilot.press("full_stop")
        assert "▶ 1. μ_B" in shown(app, "equations") and row(app, "μ_B") == ["3", "60", "1"]
        await pilot.press("full_stop")
        assert "▶ 2. σ²_B" in shown(app, "equations") and row(app, "σ²_B") == ["3.5", "350", "5"]
        await pilot.press("full_stop")
        assert row(app, "x̂₄") == ["1.60", "1.60", "1.34"] and row(app, "mean x̂") == ["0.00"] * 3
        assert row(app, "var x̂") == ["1", "1", "1"] and "down to 0.9999997" in shown(app, "caption")
        await pilot.press("full_stop")
        assert "▶ 4. yᵢ" in shown(app, "equations") and row(app, "y₄") == ["4.21", "4.21", "3.68"]
        assert row(app, "mean y") == ["1.00"] * 3 and row(app, "std y") == ["2"] * 3 and "x₁" not in shown(app, "table")
        await pilot.press("full_stop")
        assert p.settings.step == 4
        await pilot.press("comma")
        assert p.settings.step == 3 and "▶ 3." in shown(app, "equations")
        await pilot.press("r")
        assert p.settings.step == 0


async def test_korean_labels_and_a_bad_gamma_refused_in_place():
    app = make_app(pane=("batch-norm-steps", pane("batch-norm-steps").parse(["step=3"])), lang="ko")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BatchNormStepsPane)
        assert "x̂ 평균" in shown(app, "table") and "분산이 1입니다" in shown(app, "caption")
        assert not p.edit("gamma", "1 2") and p.settings.gamma == (1.0,)
        assert "감마는 수가 2개인데 배치는 특징이 3개입니다" in str(p.query_one(ErrorLine).render())
        assert not p.edit("x", "1 2; 3") and p.settings.x == pane("batch-norm-steps").parse(["step=3"]).x
        assert "배치의 표본마다 특징 수가 같아야 합니다. 받은 행의 길이: 1, 2" in str(p.query_one(ErrorLine).render())


def test_the_lessons_step_at_its_third_equation_at_80x24(snap_compare):
    assert snap_compare(still(make_app(lesson_id="batch-norm", step=0)), terminal_size=SIZE, press=[".", ".", "."])


def test_the_lessons_step_in_korean_at_its_last_equation_at_80x24(snap_compare):
    app = still(make_app(lesson_id="batch-norm", step=0, lang="ko"))
    assert snap_compare(app, terminal_size=SIZE, press=[".", ".", ".", "."])


def test_a_batch_of_more_than_four_shows_only_what_the_equation_made():
    from workbench.app.panes.batch_norm_steps import rows_for
    from workbench.models.batch_norm_steps import compute

    def labels(x: str, step: int) -> list[str]:
        return [label for label, _, _ in rows_for(compute(pane("batch-norm-steps").parse([f"x={x}", f"step={step}"])))]

    six = "1; 2; 3; 4; 5; 7"
    assert labels(six, 3) == ["μ_B", "σ²_B", "x̂₁", "x̂₂", "x̂₃", "x̂₄", "x̂₅", "x̂₆", "mean x̂", "var x̂"]
    assert labels(six, 4)[:3] == ["γ", "β", "y₁"] and "x̂₁" not in labels(six, 4)
    assert labels("1; 2; 3; 4", 3)[:1] == ["x₁"] and labels("1; 2; 3; 4", 4)[:1] == ["x̂₁"]


async def test_six_samples_fit_beside_the_lessons_text_at_every_equation():
    from screen_text import screen_text

    app = make_app(lesson_id="batch-norm", step=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BatchNormStepsPane)
        assert p.apply(x=((1.0, 5.0), (2.0, 6.0), (3.0, 4.0), (6.0, 9.0), (0.0, 1.0), (4.0, 2.0)))
        for step, last_words in ((3, "under the root)."), (4, "with the weights.")):
            assert p.apply(step=step)
            await pilot.pause()
            assert last_words in " ".join(line.split("▏")[-1].strip() for line in screen_text(app).splitlines()), step


async def test_a_feature_without_spread_is_named_rather_than_called_variance_1():
    """A constant feature has σ²_B = 0: x̂ stays 0 and y is β there. The captions said every feature had
    variance 1 and standard deviation γ, and a batch on like scales was "on very different scales"."""
    for lang, alike, flat3, flat4 in (
            ("en", "features (columns). Press", "(feature 2), the root is about √ε", "feature 2 had no spread"),
            ("ko", "미니배치입니다. 첫 식을", "그렇지 않은 특징(2번)은", "다만 특징 2번은")):
        app = make_app(pane=("batch-norm-steps", pane("batch-norm-steps").parse(["x=1 5; 3 5"])), lang=lang)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            p = app.screen.query_one(BatchNormStepsPane)
            assert alike in shown(app, "caption")
            assert p.apply(step=3)
            await pilot.pause()
            assert flat3 in shown(app, "caption") and row(app, "var x̂" if lang == "en" else "x̂ 분산")[1] == "0"
            assert p.apply(step=4)
            await pilot.pause()
            assert flat4 in shown(app, "caption")
            assert p.apply(x=((1.0, 50.0), (3.0, 60.0)), step=0)
            await pilot.pause()
            assert alike not in shown(app, "caption")


async def test_the_settings_dialog_names_the_pane_with_one_article():
    app = make_app(pane=("batch-norm-steps", pane("batch-norm-steps").parse([])))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        title = str(app.screen.query_one("#settings-box").border_title)
        assert title == "Settings: batch-norm algorithm, step by step"


async def test_a_click_on_an_equation_applies_the_algorithm_up_to_it():
    """The four numbered equations looked like steps to pick, but a click on one did nothing."""
    app = still(make_app(pane=("batch-norm-steps", pane("batch-norm-steps").parse([]))))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        p = app.screen.query_one(BatchNormStepsPane)
        equations = app.screen.query_one("#bn-steps-equations", Static)
        await pilot.click(equations, offset=(8, 2))
        await pilot.pause()
        assert p.settings.step == 3 and "▶ 3. x̂ᵢ" in shown(app, "equations")
        await pilot.click(equations, offset=(8, 0))
        await pilot.pause()
        assert p.settings.step == 1 and row(app, "μ_B") == ["3", "60", "1"]
