"""The mistakes of one cell of the confusion matrix, and a network's likeliest classes for one image:
what the training results list and draw large when a learner clicks a cell or an image."""
import numpy as np

from workbench.models.evaluation import answer, misclassified, top_classes
from workbench.nn.functions import softmax


def test_a_pair_keeps_only_the_images_of_that_true_class_taken_for_that_other_one():
    t = np.array([4, 4, 9, 4, 7, 4])
    predicted = np.array([9, 4, 4, 9, 2, 9])
    assert misclassified(t, predicted).tolist() == [0, 2, 3, 4, 5]
    assert misclassified(t, predicted, pair=(4, 9)).tolist() == [0, 3, 5]
    assert misclassified(t, predicted, limit=2, pair=(4, 9)).tolist() == [0, 3]
    assert misclassified(t, predicted, pair=(4, 4)).tolist() == []      # the diagonal holds no mistake
    assert misclassified(t, predicted, pair=(1, 2)).tolist() == []


def test_the_top_classes_are_the_likeliest_first_with_their_probabilities():
    p = np.array([0.05, 0.6, 0.05, 0.3])
    assert top_classes(p, 3) == [(1, 0.6), (3, 0.3), (0, 0.05)]
    assert top_classes(p, 10) == [(1, 0.6), (3, 0.3), (0, 0.05), (2, 0.05)]


class Scores:
    """A network that gives every image the same scores."""

    def __init__(self, scores):
        self.scores, self.seen = np.asarray(scores, dtype=np.float64), None

    def predict(self, x):
        self.seen = x.shape
        return self.scores[np.newaxis].repeat(len(x), axis=0)


def test_an_answer_is_the_softmax_of_the_networks_scores_for_that_one_image():
    network = Scores([1.0, 3.0, 2.0, 0.0])
    top = answer(network, np.zeros((1, 28, 28)), 3)
    expected = softmax(np.array([[1.0, 3.0, 2.0, 0.0]]))[0]
    assert network.seen == (1, 1, 28, 28)
    assert [k for k, _ in top] == [1, 2, 0]
    assert np.allclose([q for _, q in top], expected[[1, 2, 0]])
