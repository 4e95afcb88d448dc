"""Sentences en51a found unclear in chapters 2 and 4, read beside their panes, pinned as corrected.

2.1's first step named the table's columns b+w₁x₁+w₂x₂ and y but not the last one (the gate the table is
checked against, "AND", with ✓ on a row y matches), which a learner meets before the text names it.
4.1's batch step said "Dividing by N makes the loss mean the same", where "mean" reads as the mean.
4.4 step 1 said the boundary moves "at each step" beside a map drawn from the latest epoch.
"""
from quoted import step


def test_the_perceptrons_first_step_says_what_its_last_column_and_its_ticks_are():
    assert "the last column is what the gate named in its heading wants: ✓ where y gives it" in \
        " ".join(step("perceptron", "neuron").text.split())
    assert "마지막 열은 열 제목에 적힌 게이트가 원하는 출력이고, y가 그와 같으면 ✓가 붙습니다" in \
        " ".join(step("perceptron", "neuron", "ko").text.split())


def test_the_batch_losss_division_by_n_is_said_as_a_loss_per_image():
    assert "Dividing by N gives the loss per image, so it means the same whatever the batch size" in \
        " ".join(step("loss-functions", "mini-batch-loss").text.split())
    assert "N으로 나누면 이미지 한 장당 손실이 되므로" in " ".join(step("loss-functions", "mini-batch-loss", "ko").text.split())


def test_the_playgrounds_map_is_said_to_follow_the_latest_epoch():
    """4.4 step 1 said "The boundary moves a little at each step", beside a map drawn at most six times a
    second from the latest epoch's weights (never at each iteration, the step the sentence spoke of)."""
    assert "The map follows, showing the boundary the latest epoch left" in \
        " ".join(step("training-loop", "points").text.split())
    assert "가장 최근 에폭이 남긴 경계를 보여 줍니다" in " ".join(step("training-loop", "points", "ko").text.split())
