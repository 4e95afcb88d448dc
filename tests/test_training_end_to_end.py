"""The library and the data together: SimpleConvNet learns the built-in digits, as the app will show it."""
import numpy as np
import pytest

from workbench.datasets import load_dataset
from workbench.nn.networks import SimpleConvNet
from workbench.nn.trainer import EpochEvent, Trainer


@pytest.mark.slow
def test_simple_conv_net_learns_the_synthetic_digits_but_not_at_once():
    (x_train, t_train), (x_test, t_test) = load_dataset("synthetic-digits")
    network = SimpleConvNet(rng=0)
    epochs = []
    trainer = Trainer(network, x_train, t_train, x_test, t_test, epochs=2, mini_batch_size=100,
                      optimizer="Adam", optimizer_param={"lr": 0.001}, verbose=False, rng=0,
                      callback=lambda e: epochs.append(e) if isinstance(e, EpochEvent) else None)
    assert trainer.train() == "finished"

    first, last = epochs[0].test_acc, epochs[-1].test_acc
    assert x_train.dtype == network.params["W1"].dtype == np.float32
    assert 0.5 < first < 0.97, "one epoch should be far above chance (0.1) and still leave room"
    assert last > first
    assert trainer.train_loss_list[-1] < trainer.train_loss_list[0] / 3


@pytest.mark.slow
def test_the_books_convolution_trains_like_the_fast_engine():
    """conv="book" and conv="fast" from one seed see the same batches and learn the same, to float32 rounding.
    The epoch's end scores as many training images as the test set has (the book's Trainer's
    evaluate_sample_num_per_epoch), and the whole test set as before: the training set's accuracy on
    all 6,000 images, which nothing here reads, was a third of the book's run."""
    (x_train, t_train), (x_test, t_test) = load_dataset("synthetic-digits")
    runs = {}
    for conv in ("book", "fast"):
        network = SimpleConvNet(rng=0, conv=conv)
        trainer = Trainer(network, x_train, t_train, x_test, t_test, epochs=1, mini_batch_size=100,
                          optimizer="Adam", optimizer_param={"lr": 0.001}, verbose=False, rng=0,
                          evaluate_sample_num_per_epoch=len(x_test))
        assert trainer.train() == "finished"
        runs[conv] = trainer
    book, fast = runs["book"], runs["fast"]
    np.testing.assert_allclose(book.train_loss_list, fast.train_loss_list, rtol=1e-4)
    assert len(book.test_acc_list) == 1 and book.final_test_acc == book.test_acc_list[-1]     # the whole test set
    assert abs(book.test_acc_list[-1] - fast.test_acc_list[-1]) < 0.01
    assert book.test_acc_list[-1] > 0.5
