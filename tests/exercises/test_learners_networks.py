"""The book's networks built from the learner's layers (`Net`) check what each layer gives them, so a
mistake is blamed on the layer that made it, not on the next one to trip over it."""
import numpy as np
import pytest

from workbench.exercises.milestones import learner
from workbench.exercises.networks import Net
from workbench.exercises.report import said
from workbench.exercises.sandbox import run_milestone
from workbench.exercises.runner import MineFailed
from workbench.i18n import set_language
from workbench.models.gradcheck import compute as gradcheck_plan
from workbench.models.gradcheck_mine import check as check_mine
from workbench.models.gradcheck_settings import GradcheckSettings
from workbench.models.mine import MineFailure
from workbench.models.train import build_network
from workbench.models.train_settings import TrainSettings


def change(path, old, new):
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def failure_of(folder, net="two-layer"):
    """The MineFailed one gradient of `net`, built from the learner's layers in `folder`, raises."""
    network = build_network(TrainSettings(net=net, conv="book"))
    shape = (3, 1, 28, 28) if net == "simple" else (3, 784)
    x, t = np.random.default_rng(0).random(shape), np.array([1, 7, 3])
    with pytest.raises(MineFailed) as failed:
        Net.like(network, learner(folder), dtype=np.float64).gradient(x, t)
    return failed.value


def test_a_relu_backward_without_return_is_blamed_on_relu_not_on_the_affine_after_it(solution_copy):
    change(solution_copy / "layers.py", "        dout[self.mask] = 0\n        return dout\n",
           "        dout[self.mask] = 0\n")
    failed = failure_of(solution_copy)
    assert failed.part == "Relu"
    assert said(failed.message) == ("In the network, Relu.backward (Relu1) returned None for dx; it must return an "
                                    "array of shape (3, 50).\nA method that ends without a return statement gives "
                                    "None: does it end with 'return dx'?")
    set_language("ko")
    assert said(failed.message).startswith("신경망의 Relu1 계층에서 Relu.backward가 dx에 None을 돌려주었습니다.")


def test_a_transposed_dw_is_named_with_both_shapes_not_left_to_the_optimizer(solution_copy):
    change(solution_copy / "layers.py", "self.dW = np.dot(self.x.T, dout)", "self.dW = np.dot(dout.T, self.x)")
    failed = failure_of(solution_copy)
    assert failed.part == "Affine"
    assert said(failed.message) == ("In the network, after Affine.backward (Affine2), dW is an array (10, 50) of "
                                    "float64; it must be an array of W's shape, (50, 10).\ndW looks transposed: "
                                    "dW is x.T · dout, the shape of W.")


def test_a_forward_of_the_wrong_shape_a_lost_db_and_a_loss_per_sample_are_each_named(solution_copy):
    layers = solution_copy / "layers.py"
    source = layers.read_text()
    change(layers, "        return out\n", "        return out[:, :1]\n")             # Relu.forward
    failed = failure_of(solution_copy)
    assert failed.part == "Relu" and "Relu.forward (Relu1) returned an array (3, 1) of float64 for out" in \
        said(failed.message) and "shape (3, 50)" in said(failed.message)
    layers.write_text(source.replace("self.db = np.sum(dout, axis=0)", "self.db = None"))
    failed = failure_of(solution_copy)
    assert failed.part == "Affine" and "db is None" in said(failed.message) and "self.db = …" in said(failed.message)
    layers.write_text(source.replace("self.db = np.sum(dout, axis=0)", "del self.db"))
    failed = failure_of(solution_copy)
    assert failed.message["key"] == "exercises.msg.no_attribute" and failed.part == "Affine"
    layers.write_text(source.replace("self.loss = -np.sum(np.log(self.y[np.arange(n), labels] + 1e-7)) / n",
                                     "self.loss = -np.log(self.y[np.arange(n), labels] + 1e-7)"))
    failed = failure_of(solution_copy)
    assert failed.part == "SoftmaxWithLoss"
    assert said(failed.message) == ("In the network, SoftmaxWithLoss.forward returned an array (3,) of float64 as "
                                    "the loss; it must return one number, the mean over the batch.")


def test_convolution_and_pooling_are_held_to_the_shapes_the_book_computes(solution_copy):
    change(solution_copy / "convolution.py", "reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)",
           "reshape(N, out_h, out_w, C)")
    failed = failure_of(solution_copy, net="simple")
    assert failed.part == "Pooling"
    assert "Pooling.forward (Pool1) returned an array (3, 12, 12, 30) of float64 for out; it must return an array " \
           "of shape (3, 30, 12, 12)" in said(failed.message)


def test_the_gradient_check_on_their_layers_blames_the_layer_at_fault(solution_copy):
    change(solution_copy / "layers.py", "        dout[self.mask] = 0\n        return dout\n",
           "        dout[self.mask] = 0\n")
    result = check_mine(gradcheck_plan(GradcheckSettings(impl="mine", folder=str(solution_copy))))
    assert isinstance(result, MineFailure) and result.part == "Relu", result
    assert "Relu.backward (Relu1) returned None" in result.headline()


def test_a_milestone_says_which_layer_gave_the_network_a_wrong_value(solution_copy):
    change(solution_copy / "layers.py", "        dout[self.mask] = 0\n        return dout\n",
           "        dout[self.mask] = 0\n")
    outcome = run_milestone(solution_copy, "gradcheck")
    assert not outcome["passed"] and outcome["message"]["key"] == "exercises.msg.net_value", outcome
    assert "Relu.backward (Relu1) returned None" in said(outcome["message"])


def test_a_layer_without_backward_is_named_not_the_last_part_loaded(solution_copy):
    layers = solution_copy / "layers.py"
    source = layers.read_text()
    old = "    def backward(self, dout):\n        dout = dout.copy()\n        dout[self.mask] = 0\n        return dout\n"
    assert old in source
    layers.write_text(source.replace(old, ""))
    failed = failure_of(solution_copy)
    assert failed.part == "Relu" and said(failed.message).startswith("Relu has no method backward:"), said(failed.message)


def test_a_syntax_error_is_the_files_not_the_first_part_the_check_asked_for(solution_copy):
    change(solution_copy / "layers.py", "    def forward(self, x, y):\n", "    def forward(self, x, y)\n")
    result = check_mine(gradcheck_plan(GradcheckSettings(impl="mine", folder=str(solution_copy))))
    assert isinstance(result, MineFailure) and result.part is None
    assert result.headline().startswith("Your code failed: layers.py line 10: expected ':'."), result.headline()
