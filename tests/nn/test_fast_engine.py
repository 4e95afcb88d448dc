"""The fast engine (fast_conv.py, workers.py) against the book's layers in float64, at every layer shape
the networks use and at odd ones; the same numbers with one thread or several; training curves."""
import copy
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from workbench.nn import fast_conv, workers as engine_workers
from workbench.nn.fast_conv import BlockedConvolution, FastAffine, FastPooling, FastRelu, chain_relus
from workbench.nn.layers import Affine, Convolution, Pooling, Relu
from workbench.nn.networks import DeepConvNet, SimpleConvNet
from workbench.nn.trainer import Trainer

# (N, C, H, W, FN, FH, FW, stride, pad): every convolution of SimpleConvNet and DeepConvNet (real sizes,
# small batches), then odd ones: stride 2, pad 0 and 2, 1x1 and 5x5 filters, batch 1, tall and wide.
NETWORK_SHAPES = {
    "simple conv1": (3, 1, 28, 28, 30, 5, 5, 1, 0),
    "deep conv1": (3, 1, 28, 28, 16, 3, 3, 1, 1),
    "deep conv2": (3, 16, 28, 28, 16, 3, 3, 1, 1),
    "deep conv3": (3, 16, 14, 14, 32, 3, 3, 1, 1),
    "deep conv4": (3, 32, 14, 14, 32, 3, 3, 1, 2),
    "deep conv5": (3, 32, 8, 8, 64, 3, 3, 1, 1),
    "deep conv6": (3, 64, 8, 8, 64, 3, 3, 1, 1),
}
ODD_SHAPES = {
    "stride 2 pad 1": (2, 3, 9, 9, 4, 3, 3, 2, 1),
    "stride 2 pad 0 5x5": (2, 2, 11, 11, 3, 5, 5, 2, 0),
    "pad 2 5x5": (2, 3, 7, 8, 4, 5, 5, 1, 2),
    "pad 2 1x1": (2, 3, 5, 6, 4, 1, 1, 1, 2),
    "pad 0 1x1": (2, 5, 6, 4, 3, 1, 1, 1, 0),
    "1x1 stride 2": (2, 3, 7, 7, 2, 1, 1, 2, 0),
    "batch 1 3x3": (1, 4, 10, 10, 5, 3, 3, 1, 1),
    "batch 1 5x5 pad 2": (1, 1, 28, 28, 6, 5, 5, 1, 2),
    "3x2 pad 1": (2, 2, 9, 7, 3, 3, 2, 1, 1),
    "pad beyond the filter": (2, 2, 5, 5, 3, 3, 3, 1, 3),
}
SHAPES = {**NETWORK_SHAPES, **ODD_SHAPES}


@pytest.fixture(params=[1, 2], ids=["1 thread", "2 threads"])
def threads(request, monkeypatch):
    monkeypatch.setenv("WORKBENCH_THREADS", str(request.param))
    monkeypatch.setattr(fast_conv, "PIECE_LEAST", 1)     # the test's small arrays cut into pieces too
    return request.param


def batch_last(x):
    """``x`` with the memory layout of an engine layer's output: (C, H, W, N) under an (N, C, H, W) view."""
    return np.ascontiguousarray(x.transpose(1, 2, 3, 0)).transpose(3, 0, 1, 2)


@pytest.mark.parametrize("case", SHAPES.values(), ids=SHAPES.keys())
@pytest.mark.parametrize("first", [False, True], ids=["inner layer", "first layer"])
def test_convolution_is_the_books_in_float64(case, first, threads):
    N, C, H, W, FN, FH, FW, stride, pad = case
    rng = np.random.default_rng(sum(case))
    x = rng.standard_normal((N, C, H, W))
    weights, bias = rng.standard_normal((FN, C, FH, FW)), rng.standard_normal(FN)
    book = Convolution(weights, bias, stride, pad)
    fast = BlockedConvolution(weights, bias, stride, pad, input_grad=not first)
    fast.block_bytes = 2 ** 14          # several blocks of rows even at these small sizes
    out = book.forward(x)
    np.testing.assert_allclose(fast.forward(x if first else batch_last(x)), out, rtol=0, atol=1e-10)
    dout = rng.standard_normal(out.shape)
    dx = book.backward(dout)
    fast_dx = fast.backward(batch_last(dout))
    np.testing.assert_allclose(fast.dW, book.dW, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fast.db, book.db, rtol=0, atol=1e-10)
    if first:
        assert fast_dx is None
    else:
        np.testing.assert_allclose(fast_dx, dx, rtol=0, atol=1e-10)


@pytest.mark.parametrize("shape", [(3, 30, 24, 24), (3, 16, 28, 28), (3, 32, 16, 16), (3, 64, 8, 8), (1, 4, 6, 6)],
                         ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("values", ["distinct", "ties"])
def test_pooling_and_relu_are_the_books_at_the_networks_shapes(shape, values, threads):
    """2x2 pooling with stride 2 (every pooling of both networks) and the ReLU before it; with ties
    (ReLU's zeros, small integers) each gradient still goes to the window's first maximum."""
    rng = np.random.default_rng(shape[1])
    x = rng.standard_normal(shape) if values == "distinct" else rng.integers(-2, 3, shape).astype(np.float64)
    relu, fast_relu = Relu(), FastRelu()
    pool, fast_pool = Pooling(2, 2, 2), FastPooling(2, 2, 2)
    y = pool.forward(relu.forward(x))
    fast_y = fast_pool.forward(fast_relu.forward(batch_last(x)))
    np.testing.assert_array_equal(fast_y, y)
    np.testing.assert_array_equal(fast_relu.mask, relu.mask)
    np.testing.assert_array_equal(fast_pool.arg_max, pool.arg_max)
    dout = rng.standard_normal(y.shape)
    np.testing.assert_array_equal(fast_relu.backward(fast_pool.backward(batch_last(dout))),
                                  relu.backward(pool.backward(dout)))


def test_fast_relu_works_in_place_and_lets_the_gradient_through_where_x_was_positive():
    x = np.array([[-1.0, 0.0, 2.0, np.nan]])
    layer = FastRelu()
    out = layer.forward(x)
    assert out is x and np.array_equal(x, [[0.0, 0.0, 2.0, np.nan]], equal_nan=True)
    assert layer.mask.tolist() == [[True, True, False, False]]     # as Relu: x <= 0
    dout = np.array([[1.0, 2.0, 3.0, 4.0]])
    assert layer.backward(dout) is dout and dout.tolist() == [[0.0, 0.0, 3.0, 4.0]]
    with pytest.raises(ValueError, match="before forward"):
        FastRelu().backward(dout)


@pytest.mark.parametrize("shape", [(3, 64, 4, 4), (5, 4320), (1, 30, 12, 12)], ids=lambda s: "x".join(map(str, s)))
def test_affine_is_the_books(shape, threads):
    rng = np.random.default_rng(len(shape))
    x = rng.standard_normal(shape)
    features = int(np.prod(shape[1:]))
    W, b = rng.standard_normal((features, 7)), rng.standard_normal(7)
    book, fast = Affine(W, b), FastAffine(W, b)
    fast.least_flops = 0                   # cut into pieces even when small
    for inputs in (x, batch_last(x) if x.ndim == 4 else x):
        out = book.forward(x)
        np.testing.assert_allclose(fast.forward(inputs), out, rtol=0, atol=1e-10)
        dout = rng.standard_normal(out.shape)
        np.testing.assert_allclose(fast.backward(dout), book.backward(dout), rtol=0, atol=1e-10)
        np.testing.assert_allclose(fast.dW, book.dW, rtol=0, atol=1e-10)
        np.testing.assert_allclose(fast.db, book.db, rtol=0, atol=1e-10)
    with pytest.raises(ValueError, match="features per sample"):
        fast.forward(np.ones((2, 3)))


def gradients(network, x, t):
    return {key: grad.copy() for key, grad in network.gradient(x, t).items()}


@pytest.mark.parametrize("net", [SimpleConvNet, DeepConvNet])
def test_the_number_of_threads_changes_no_number(net, monkeypatch):
    """Blocks, pieces and their partial sums do not depend on the threads: the gradients are identical."""
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((8, 1, 28, 28)).astype(np.float32), rng.integers(0, 10, 8)
    results = []
    monkeypatch.setattr(fast_conv, "PIECE_LEAST", 1)
    for count in ("1", "2", "3"):
        monkeypatch.setenv("WORKBENCH_THREADS", count)
        results.append(gradients(net(rng=1), x, t))
    for other in results[1:]:
        for key in results[0]:
            np.testing.assert_array_equal(other[key], results[0][key])


def losses(net, conv, dtype, steps=8, batch=20):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((200, 1, 28, 28)).astype(dtype)
    t = rng.integers(0, 10, 200)
    network = net(dtype=dtype, rng=3, conv=conv)
    trainer = Trainer(network, x, t, x[:20], t[:20], epochs=1, mini_batch_size=batch, optimizer="Adam",
                      optimizer_param={"lr": 0.001}, verbose=False, rng=4)
    for _ in range(steps):
        trainer.train_step()
    return np.array(trainer.train_loss_list), network


@pytest.mark.slow
@pytest.mark.parametrize("net", [SimpleConvNet, DeepConvNet])
def test_training_curves_are_the_books_within_float32_rounding(net):
    """A fixed-seed run in float32 with the fast engine follows the book's layers step for step:
    the losses agree to float32 rounding, and in float64 to 1e-10. Float32 runs are held to the
    float64 one, not to each other: Adam divides each gradient by its own size, so a last-bit
    difference in a tiny gradient moves a weight by lr, and the book's own float32 DeepConvNet
    drifts 9e-5 from float64 by the 7th step (the engine's, its dW summed in another order than the
    book's since stop 46, 3e-5)."""
    fast32, _ = losses(net, "fast", np.float32)
    book32, _ = losses(net, "book", np.float32)
    exact, _ = losses(net, "book", np.float64)
    np.testing.assert_allclose(fast32, exact, rtol=2e-4)
    np.testing.assert_allclose(book32, exact, rtol=2e-4)
    fast64, fast_net = losses(net, "fast", np.float64, steps=3)
    book64, book_net = losses(net, "book", np.float64, steps=3)
    np.testing.assert_allclose(fast64, book64, rtol=0, atol=1e-10)
    for key in fast_net.params:
        np.testing.assert_allclose(fast_net.params[key], book_net.params[key], rtol=0, atol=1e-10)


def test_the_engine_makes_blas_single_threaded_and_runs_its_own_threads(monkeypatch):
    threadpoolctl = pytest.importorskip("threadpoolctl")
    monkeypatch.setenv("WORKBENCH_THREADS", "2")
    SimpleConvNet((1, 10, 10), {"filter_num": 3, "filter_size": 3, "pad": 0, "stride": 1}, hidden_size=5,
                  output_size=3, rng=0).predict(np.ones((2, 1, 10, 10)))
    assert all(info["num_threads"] == 1 for info in threadpoolctl.threadpool_info() if info["user_api"] == "blas")
    seen = set()
    engine_workers.workers.run(lambda i, slot: seen.add(slot), 8, threads=2)
    assert seen <= {0, 1} and len(seen) >= 1


def test_each_thread_takes_its_own_share_of_a_region_first():
    """Task i of a region goes to the same thread each time (the rows it wrote stay in its core's
    cache): the helper starts at the first task of its half, not at the next one free."""
    helper_started, taken = threading.Event(), []

    def task(i, slot):
        if slot == 0 and i == 0:
            assert helper_started.wait(20)       # the helper takes a task while this one runs
        taken.append((i, slot))
        if slot != 0:
            helper_started.set()
    engine_workers.workers.run(task, 8, threads=2)
    assert next(i for i, slot in taken if slot != 0) == 4
    assert sorted(i for i, _ in taken) == list(range(8))


def test_the_shares_cut_the_required_tasks_and_the_rest_apart_and_let_each_thread_take_the_others():
    first, second = engine_workers._shares(7, 2, 2)
    assert [list(share) for share in second] == [[1], [0], [5, 6], [2, 3, 4]]   # the caller's the larger
    assert all(next(share, None) is None for share in first)       # the same shares in both orders


def test_a_thread_done_with_its_share_takes_what_the_other_has_not_started():
    release, taken = threading.Event(), []

    def task(i, slot):
        if slot != 0:
            assert release.wait(20)              # a helper held up (preempted, say) in its first task
        taken.append((i, slot))
        if slot == 0 and i == 7:
            release.set()
    engine_workers.workers.run(task, 8, threads=2)
    assert {0, 1, 2, 3, 5, 6, 7} <= {i for i, slot in taken if slot == 0}
    assert sorted(i for i, _ in taken) == list(range(8))


def test_an_error_in_a_block_reaches_the_caller_and_the_threads_go_on():
    def task(i, slot):
        if i == 5:
            raise ArithmeticError("block 5")
    with pytest.raises(ArithmeticError, match="block 5"):
        engine_workers.workers.run(task, 9, threads=2)
    done = []
    engine_workers.workers.run(lambda i, slot: done.append(i), 9, threads=2)
    assert sorted(done) == list(range(9))


def test_a_region_returns_once_its_required_tasks_are_done_and_finish_does_the_rest():
    """A helper held up in a later task holds nobody up: run returns when the first ``required``
    tasks are done, and the job's finish() completes the others."""
    release, done, waits = threading.Event(), [], []

    def task(i, slot):
        if i >= 2 and slot != 0:
            waits.append(release.wait(20))      # True: released by the test, not timed out
        done.append(i)
    job = engine_workers.workers.run(task, 6, threads=2, required=2)
    assert {0, 1} <= set(done)
    release.set()
    if job is not None:
        job.finish()
        job.finish()                            # once; a second call returns at once
    assert sorted(done) == list(range(6)) and all(waits)
    assert engine_workers.workers._later == []


def test_a_job_left_for_later_is_let_go_once_its_tasks_are_done_even_if_never_finished():
    """A layer run backward whose dW is never read does not leave its job (and the arrays it holds)
    with the engine: the thread that does the last task takes it off the list."""
    release = threading.Event()

    def task(i, slot):
        if i >= 1 and slot != 0:
            release.wait(20)
    engine_workers.workers.run(task, 4, threads=2, required=1)
    release.set()
    deadline = time.monotonic() + 20
    while engine_workers.workers._later and time.monotonic() < deadline:
        time.sleep(0.001)                       # waiting for the helper's last task, no longer
    assert engine_workers.workers._later == []


def test_an_error_in_a_task_left_for_later_is_raised_by_finish():
    def task(i, slot):
        if i == 4:
            raise ArithmeticError("block 4")
    with pytest.raises(ArithmeticError, match="block 4"):
        job = engine_workers.workers.run(task, 6, threads=2, required=1)
        if job is not None:
            job.finish()
    assert engine_workers.workers._later == []
    done = []
    engine_workers.workers.run(lambda i, slot: done.append(i), 9, threads=2)
    assert sorted(done) == list(range(9))


def _later_layers(kind, rng):
    """A fast layer, the book's twin, two inputs and a dout, at a shape where backward leaves dW for later."""
    if kind == "convolution":
        W, b = rng.standard_normal((6, 4, 3, 3)), rng.standard_normal(6)
        x_shape, dout_shape = (5, 4, 9, 9), (5, 6, 9, 9)
        fast, book = BlockedConvolution(W, b, 1, 1), Convolution(W, b, 1, 1)
    else:
        W, b = rng.standard_normal((40, 7)), rng.standard_normal(7)
        x_shape, dout_shape = (5, 10, 2, 2), (5, 7)
        fast, book = FastAffine(W, b), Affine(W, b)
    return fast, book, rng.standard_normal(x_shape), rng.standard_normal(x_shape), rng.standard_normal(dout_shape)


@pytest.mark.parametrize("kind", ["convolution", "affine"])
def test_backward_leaves_the_weight_gradient_for_later_and_finishes_it_when_read(monkeypatch, kind):
    """backward returns once dx is done; dW's products are finished when dW or db is read, or before
    the layer runs again, and give the book's numbers."""
    fast, book, x, x2, dout = _later_layers(kind, np.random.default_rng(12))
    later = []

    class Later:
        def __init__(self, task, start, count):
            self.task, self.start, self.count = task, start, count
            self.lock = threading.Lock()        # as the engine's jobs: such an object cannot be copied

        def finish(self):
            for i in range(self.start, self.count):
                self.task(i, 0)
            later.remove(self)

    def run(task, count, threads=None, required=None):
        stop = count if required is None else required
        for i in range(stop):
            task(i, 0)
        if stop < count:
            later.append(Later(task, stop, count))
            return later[-1]
        return None
    monkeypatch.setattr(fast_conv.workers, "run", run)
    monkeypatch.setattr(BlockedConvolution, "block_bytes", 4 * 9 * 9 * 5 * 8)   # several blocks
    monkeypatch.setattr(FastAffine, "least_flops", 0)                           # in pieces
    book.forward(x)
    book_dx = book.backward(dout)
    fast.forward(x)
    dx = fast.backward(dout)
    assert len(later) == 1                      # dW's products were left for later
    np.testing.assert_allclose(dx, book_dx, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fast.db, book.db, rtol=0, atol=1e-10)
    assert later == []
    np.testing.assert_allclose(fast.dW, book.dW, rtol=0, atol=1e-10)
    fast.backward(dout)
    assert len(later) == 1
    twin = copy.deepcopy(fast)                  # a copy gets the finished gradient
    assert later == []
    np.testing.assert_allclose(twin.dW, book.dW, rtol=0, atol=1e-10)
    fast.backward(dout)
    assert len(later) == 1
    fast.forward(x2)                            # the layer runs again: the products are finished first
    assert later == []
    np.testing.assert_allclose(fast.dW, book.dW, rtol=0, atol=1e-10)


def test_the_thread_count_comes_from_the_environment_or_the_cpus(monkeypatch):
    monkeypatch.setenv("WORKBENCH_THREADS", "3")
    assert engine_workers.thread_count() == 3
    monkeypatch.setenv("WORKBENCH_THREADS", "none")
    assert 1 <= engine_workers.thread_count() <= engine_workers.MAX_THREADS


def test_adam_updates_a_large_parameter_in_pieces_to_the_same_numbers(monkeypatch):
    from workbench.nn import optimizers
    monkeypatch.setenv("WORKBENCH_THREADS", "2")
    rng = np.random.default_rng(9)
    start = {"W": rng.standard_normal((300, 250)).astype(np.float32), "b": rng.standard_normal(250).astype(np.float32)}
    grads = [{key: rng.standard_normal(value.shape).astype(np.float32) for key, value in start.items()}
             for _ in range(3)]
    results = []
    monkeypatch.setattr(optimizers, "SHARED_LEAST", 2 ** 10)   # shared among the threads, though small
    for shared in (10 ** 9, 2 ** 10):                 # whole arrays, then pieces
        monkeypatch.setattr(optimizers, "SHARED_SIZE", shared)
        params, adam = {key: value.copy() for key, value in start.items()}, optimizers.Adam()
        for grad in grads:
            adam.update(params, grad)
        results.append(params)
    for key in start:
        np.testing.assert_array_equal(results[1][key], results[0][key])


@pytest.mark.parametrize("net, regions", [(SimpleConvNet, [2]), (DeepConvNet, [])])
def test_adam_shares_a_large_update_as_one_task_per_thread_and_runs_a_small_one_alone(monkeypatch, net, regions):
    """A parallel region costs Adam more than it gains on small arrays (each pass takes the GIL back):
    SimpleConvNet's update (434k numbers) is one region of a task per thread; DeepConvNet's (123k)
    runs on the calling thread. The numbers are those of one array at a time."""
    from workbench.nn import optimizers
    monkeypatch.setenv("WORKBENCH_THREADS", "2")
    network = net(rng=0)
    rng = np.random.default_rng(4)
    grads = {key: rng.standard_normal(value.shape).astype(value.dtype) for key, value in network.params.items()}
    params = {key: value.copy() for key, value in network.params.items()}
    calls, run = [], engine_workers.workers.run

    def counted(task, count, threads=None):
        calls.append(count)
        run(task, count, threads)
    monkeypatch.setattr(engine_workers.workers, "run", counted)
    optimizers.Adam().update(network.params, grads)
    assert [count for count in calls if count > 1] == regions
    one_by_one = optimizers.Adam()
    one_by_one.step_arrays = lambda items: [one_by_one._step(*one_by_one._arrays(*item)) for item in items]
    one_by_one.update(params, grads)
    for key in params:
        np.testing.assert_array_equal(network.params[key], params[key])


def test_adam_deals_its_pieces_into_tasks_of_about_equal_size():
    from workbench.nn import optimizers
    arrays = [tuple(np.zeros(n, dtype=np.float32) for _ in range(5)) for n in (432_000, 1_000, 750, 100, 30, 10)]
    pieces = optimizers._pieces(arrays, 2)
    assert sorted(p[0].size for p in pieces) == [10, 30, 100, 750, 1_000, 216_000, 216_000]
    assert all(np.shares_memory(p[0], arrays[0][0]) for p in pieces if p[0].size == 216_000)
    tasks = optimizers._balanced(pieces, 2)
    sizes = [sum(p[0].size for p in task) for task in tasks]
    assert len(tasks) == 2 and abs(sizes[0] - sizes[1]) <= 1_000
    assert optimizers._balanced(optimizers._pieces(arrays, 1), 1) == [sorted(arrays, key=lambda a: -a[0].size)]


def test_pooling_windows_of_more_than_256_offsets_keep_their_first_maximum():
    x = np.zeros((1, 1, 17, 17))
    x[0, 0, 16, 15] = x[0, 0, 16, 16] = 2.0            # offsets 287 and 288 tie for the maximum
    book, fast = Pooling(17, 17, 1), FastPooling(17, 17, 1)
    np.testing.assert_array_equal(fast.forward(x), book.forward(x))
    np.testing.assert_array_equal(fast.arg_max, book.arg_max)
    assert fast.arg_max.tolist() == [287]
    np.testing.assert_array_equal(fast.backward(np.ones((1, 1, 1, 1))), book.backward(np.ones((1, 1, 1, 1))))


def test_a_convolution_followed_by_fast_relu_rectifies_its_own_output():
    """The network lets Conv1 apply Relu1 block by block; Relu1 then has nothing to do, and its mask
    and gradient are the book's."""
    net = SimpleConvNet((1, 10, 10), {"filter_num": 3, "filter_size": 3, "pad": 0, "stride": 1}, hidden_size=5,
                        output_size=3, dtype=np.float64, rng=0)
    conv, relu = net.layers["Conv1"], net.layers["Relu1"]
    assert conv.relu_after is relu
    x = np.random.default_rng(1).standard_normal((2, 1, 10, 10))
    book = Relu()
    expected = book.forward(Convolution(conv.W, conv.b).forward(x))
    y = conv.forward(x)
    np.testing.assert_allclose(y, expected, rtol=0, atol=1e-12)
    assert relu.forward(y) is y
    np.testing.assert_array_equal(relu.mask, book.mask)
    dout = np.random.default_rng(2).standard_normal(y.shape)
    np.testing.assert_array_equal(relu.backward(dout.copy()), book.backward(dout))


@pytest.mark.parametrize("after", ["pooling", "pooling pad 1", "convolution"])
def test_a_relu_leaves_its_gradient_to_the_pooling_after_it(after, threads):
    """chain_relus lets a pooling after a FastRelu apply the ReLU's gradient as it makes its own; the
    ReLU then passes the result on, and the gradient is the book's Relu → Pooling in float64 (zeros
    in x included: their gradient is cut). A convolution after it leaves the ReLU its own pass."""
    rng = np.random.default_rng(11)
    x = batch_last(rng.standard_normal((3, 4, 8, 8) if after == "pooling" else (3, 4, 9, 9)))
    x[x < -1.5] = 0.0                                   # exact zeros before the ReLU too
    make = {"pooling": lambda: (FastPooling(2, 2, 2), Pooling(2, 2, 2)),
            "pooling pad 1": lambda: (FastPooling(3, 3, 2, 1), Pooling(3, 3, 2, 1)),
            "convolution": lambda: (BlockedConvolution(W, b, 1, 1), Convolution(W, b, 1, 1))}
    W, b = rng.standard_normal((5, 4, 3, 3)), rng.standard_normal(5)
    fast, book = make[after]()
    relu, book_relu = FastRelu(), Relu()
    chain_relus([relu, fast])
    assert getattr(fast, "relu_before", None) is (None if after == "convolution" else relu)
    y = fast.forward(relu.forward(x.copy()))
    np.testing.assert_allclose(y, book.forward(book_relu.forward(x.copy())), rtol=0, atol=1e-12)
    dout = rng.standard_normal(y.shape)
    dx = relu.backward(fast.backward(dout.copy()))
    np.testing.assert_allclose(dx, book_relu.backward(book.backward(dout)), rtol=0, atol=1e-10)
    # a gradient the layer after did not make is masked by the ReLU itself
    np.testing.assert_array_equal(relu.backward(np.ones(x.shape)), book_relu.backward(np.ones(x.shape)))


# (N, C, H, W, pool, stride, pad) of a pooling after its chained ReLU: the networks' 2x2 ones, then odd ones
CHAINED_POOLINGS = {
    "simple pool1": (3, 30, 24, 24, 2, 2, 0),
    "deep pool1 batch 1": (1, 16, 28, 28, 2, 2, 0),
    "3x3 stride 2, odd H and W": (2, 3, 7, 9, 3, 2, 0),
    "2x2 stride 1": (2, 3, 6, 5, 2, 1, 0),
    "3x3 stride 2 pad 1": (2, 3, 9, 7, 3, 2, 1),
    "11x11 (121 offsets)": (2, 2, 12, 11, 11, 1, 0),
    "12x12 (144 offsets: no marks)": (2, 2, 13, 12, 12, 1, 0),
}


@pytest.mark.parametrize("case", CHAINED_POOLINGS.values(), ids=CHAINED_POOLINGS.keys())
def test_a_chained_pooling_marks_the_windows_the_relu_cuts_and_is_still_the_books(case, threads):
    """After its chained ReLU, forward marks (fast_conv.DEAD) each window whose maximum is at most 0,
    so backward leaves out the ReLU's mask; the output, arg_max (marks taken off) and the gradient
    through both layers are the book's, zeros and ties included."""
    N, C, H, W, size, stride, pad = case
    rng = np.random.default_rng(N * C + H)
    x = rng.integers(-2, 3, (N, C, H, W)).astype(np.float64)        # ReLU's zeros and ties
    relu, fast, book_relu, book = FastRelu(), FastPooling(size, size, stride, pad), Relu(), Pooling(size, size, stride, pad)
    chain_relus([relu, fast])
    y = fast.forward(relu.forward(batch_last(x)))
    assert fast._dead_marked == (size * size <= fast_conv.DEAD)
    expected = book.forward(book_relu.forward(x.copy()))
    np.testing.assert_array_equal(y, expected)
    np.testing.assert_array_equal(fast.arg_max, book.arg_max)
    dout = rng.standard_normal(y.shape)
    np.testing.assert_allclose(relu.backward(fast.backward(batch_last(dout))), book_relu.backward(book.backward(dout)),
                               rtol=0, atol=1e-10)


def test_a_marked_pooling_whose_relu_has_moved_on_gives_the_gradient_of_pooling_alone(threads):
    """If the ReLU ran on another input after the pooling's forward, its mask no longer applies: the
    pooling's backward then takes its own marks off and is the book's Pooling alone."""
    rng = np.random.default_rng(5)
    x = rng.integers(-2, 3, (2, 4, 8, 8)).astype(np.float64)
    relu, fast, book = FastRelu(), FastPooling(2, 2, 2), Pooling(2, 2, 2)
    chain_relus([relu, fast])
    y = fast.forward(relu.forward(batch_last(x)))
    assert fast._dead_marked and (y <= 0).any()
    expected_y = book.forward(np.maximum(x, 0))
    relu.forward(batch_last(rng.standard_normal(x.shape)))          # the ReLU moves on
    dout = rng.standard_normal(y.shape)
    np.testing.assert_array_equal(fast.backward(batch_last(dout)), book.backward(dout))
    np.testing.assert_array_equal(y, expected_y)


def test_the_networks_chain_each_relu_before_a_pooling_to_it():
    net = DeepConvNet(rng=0)
    for i in (2, 4, 6):
        assert net.layers[f"Pool{i // 2}"].relu_before is net.layers[f"Relu{i}"]
    assert SimpleConvNet(rng=0).layers["Pool1"].relu_before is not None
    assert DeepConvNet(rng=0, conv="book").layers["Pool1"].__class__ is Pooling


@pytest.mark.parametrize("stride, pad", [(1, 0), (2, 1), (3, 0)])
def test_two_by_two_pooling_of_other_strides_and_pads_keeps_the_first_maximum(stride, pad, threads):
    """The 2x2 windows' two-round maximum at strides and pads the networks do not use, with ties."""
    size = 8 if stride < 3 else 11
    x = np.random.default_rng(stride).integers(-2, 3, (2, 3, size, size)).astype(np.float64)
    book, fast = Pooling(2, 2, stride, pad), FastPooling(2, 2, stride, pad)
    np.testing.assert_array_equal(fast.forward(batch_last(x)), book.forward(x))
    np.testing.assert_array_equal(fast.arg_max, book.arg_max)
    dout = np.random.default_rng(1).standard_normal(book.forward(x).shape)
    np.testing.assert_array_equal(fast.backward(dout), book.backward(dout))


@pytest.mark.parametrize("size, stride, pad", [(2, 2, 0), (2, 2, 1), (3, 3, 0), (3, 3, 1)])
@pytest.mark.parametrize("stacked", [True, False], ids=["small piece", "large piece"])
def test_a_tiling_poolings_backward_is_one_call_over_all_its_windows(size, stride, pad, stacked, monkeypatch):
    """When the windows tile the image (stride = window), backward writes every window offset of a
    piece with one np.multiply over one strided view (``_stacked_windows``), not a call an offset: on
    two threads each call's end takes the GIL back (benchmarks/README.md, stop 44). A piece above
    STACKED_OUTPUTS goes an offset at a time. The gradient is the book's either way."""
    monkeypatch.setenv("WORKBENCH_THREADS", "1")
    if not stacked:
        monkeypatch.setattr(fast_conv, "STACKED_OUTPUTS", 1)
    x = np.random.default_rng(size + pad).integers(-2, 3, (2, 3, 3 * size, 3 * size)).astype(np.float64)
    book, fast = Pooling(size, size, stride, pad), FastPooling(size, size, stride, pad)
    if pad:
        x = x[:, :, :3 * size - 2 * pad, :3 * size - 2 * pad]
    np.testing.assert_array_equal(fast.forward(batch_last(x)), book.forward(x))
    dout = np.random.default_rng(1).standard_normal(book.forward(x).shape)
    calls = []
    multiply = np.multiply
    monkeypatch.setattr(np, "multiply", lambda *args, **kwargs: calls.append(1) or multiply(*args, **kwargs))
    dx = fast.backward(batch_last(dout))
    monkeypatch.setattr(np, "multiply", multiply)
    np.testing.assert_array_equal(dx, book.backward(dout))
    assert len(calls) == (1 if stacked else size * size)


def test_adam_updates_small_parameters_side_by_side_to_the_same_numbers(monkeypatch):
    """Adam's small parameters are one task each among the engine's threads: with 1 or 2 threads,
    the numbers are those of updating one after another (SGD-style loop over step), and one array
    under two names is updated twice, in turn."""
    from workbench.nn import optimizers
    rng = np.random.default_rng(3)
    start = {f"W{i}": rng.standard_normal((i + 1, 7)).astype(np.float32) for i in range(9)}
    grads = [{key: rng.standard_normal(value.shape).astype(np.float32) for key, value in start.items()}
             for _ in range(3)]

    def run(threads, one_by_one=False):
        monkeypatch.setenv("WORKBENCH_THREADS", str(threads))
        params, adam = {key: value.copy() for key, value in start.items()}, optimizers.Adam()
        if one_by_one:
            adam.step_arrays = lambda items: [adam.step(*item) for item in items]
        for grad in grads:
            adam.update(params, grad)
        return params
    expected = run(1, one_by_one=True)
    for threads in (1, 2):
        result = run(threads)
        for key in start:
            np.testing.assert_array_equal(result[key], expected[key])
    shared = np.ones((2, 2), dtype=np.float32)
    adam = optimizers.Adam()
    adam.update({"a": shared, "b": shared}, {"a": np.ones((2, 2)), "b": np.ones((2, 2))})
    np.testing.assert_allclose(shared, 1 - 2 * 0.001, rtol=1e-5)



PAGE_FAULTS_OF_STEPS = """
import resource, statistics
import numpy as np
from workbench.nn import workers
from workbench.nn.networks import DeepConvNet
from workbench.nn.trainer import Trainer
x = np.random.default_rng(1).standard_normal((1500, 1, 28, 28), dtype=np.float32)
t = np.random.default_rng(2).integers(0, 10, 1500)
trainer = Trainer(DeepConvNet(rng=0), x, t, x[:100], t[:100], epochs=10, mini_batch_size=100,
                  optimizer="Adam", verbose=False, rng=0)
for _ in range(3):
    trainer.train_step()
faults = []
for _ in range(9):                   # steps 4 to 12 of an epoch of 15: no evaluation at an epoch's end
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    trainer.train_step()
    faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
print(workers.keep_freed_memory(), statistics.median(faults))
"""


def median_page_faults_of_a_step(**malloc_settings):
    env = {key: value for key, value in os.environ.items() if not key.startswith("MALLOC_") and key != "GLIBC_TUNABLES"}
    env.update(WORKBENCH_THREADS="2", **malloc_settings)
    result = subprocess.run([sys.executable, "-c", PAGE_FAULTS_OF_STEPS], capture_output=True, text=True,
                            env=env, check=True)
    kept, faults = result.stdout.split()
    return kept == "True", float(faults)


def test_a_training_step_reuses_freed_memory_instead_of_faulting_in_fresh_pages():
    """keep_freed_memory (glibc's mallopt): without it glibc gave a DeepConvNet step's arrays back to
    the system and faulted them in again, about 1,400 pages a step on two threads (300 on one), and
    each unmap flushed the other core's TLB. In fresh processes, the median of nine steps inside an
    epoch (an epoch's end evaluates, which faults either way); MALLOC_PERTURB_=0 changes nothing in
    malloc but, like any MALLOC_ setting, tells keep_freed_memory to leave malloc as the user set it."""
    pytest.importorskip("resource")
    kept, faults = median_page_faults_of_a_step()
    if not kept:
        pytest.skip("the C library has no mallopt")
    for _ in range(2):          # a busy machine now and then faults a few hundred pages into a step
        if faults < 60:         # (seen once: a median of 77); without the fix every run faults ~1,000
            break
        faults = min(faults, median_page_faults_of_a_step()[1])
    left_alone, faults_left_alone = median_page_faults_of_a_step(MALLOC_PERTURB_="0")
    assert not left_alone
    assert faults < 60
    assert faults_left_alone > 4 * faults + 100


def test_every_convolution_unfolds_its_blocks_into_the_same_memory_of_the_thread_that_runs_them(monkeypatch):
    """One scratch memory a thread for every layer's unfolded blocks (fast_conv.scratch), which the
    layer before left in the cache, not a buffer a layer that is cold by its next use (stop 45)."""
    monkeypatch.setenv("WORKBENCH_THREADS", "1")
    made = []
    unfold = fast_conv.im2col_batch_last

    def noted(*args, out=None, **kwargs):
        made.append(out)
        return unfold(*args, out=out, **kwargs)
    monkeypatch.setattr(fast_conv, "im2col_batch_last", noted)
    rng = np.random.default_rng(0)
    first = BlockedConvolution(rng.standard_normal((4, 2, 3, 3)), np.zeros(4), 1, 1)
    second = BlockedConvolution(rng.standard_normal((3, 4, 5, 5)), np.zeros(3), 1, 2)
    x = rng.standard_normal((2, 2, 9, 9))
    for _ in range(2):          # the memory grows to the largest block the first time
        made.clear()
        second.backward(batch_last(np.ones_like(second.forward(first.forward(x)))))
        second.dW
    assert len(made) >= 3       # the two forwards' blocks, dx's and dW's
    assert all(np.shares_memory(out, made[0]) for out in made)
    elsewhere = []
    thread = threading.Thread(target=lambda: elsewhere.append(fast_conv.scratch((4, 4), np.float64)))
    thread.start()
    thread.join()
    assert not np.shares_memory(elsewhere[0], made[0])


@pytest.mark.parametrize("between", ["forward", "forward and backward"])
def test_a_convolution_is_still_the_books_after_other_layers_used_the_scratch_memory(between, threads):
    """The bias's row of ones is written again when another shape (or dx's blocks, which have no such
    row) used the memory since."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 3, 8, 8))
    weights, bias = rng.standard_normal((4, 3, 3, 3)), rng.standard_normal(4)
    book, fast = Convolution(weights, bias, 1, 1), BlockedConvolution(weights, bias, 1, 1)
    fast.block_bytes = 2 ** 12
    out = book.forward(x)
    np.testing.assert_allclose(fast.forward(batch_last(x)), out, rtol=0, atol=1e-10)
    other = BlockedConvolution(rng.standard_normal((5, 4, 2, 2)), rng.standard_normal(5), 1, 0)
    other_out = other.forward(rng.standard_normal((3, 4, 11, 11)))
    if between == "forward and backward":
        other.backward(batch_last(rng.standard_normal(other_out.shape)))
        other.dW
    np.testing.assert_allclose(fast.forward(batch_last(x)), out, rtol=0, atol=1e-10)
    dout = rng.standard_normal(out.shape)
    np.testing.assert_allclose(fast.backward(batch_last(dout)), book.backward(dout), rtol=0, atol=1e-10)
    np.testing.assert_allclose(fast.db, book.db, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fast.dW, book.dW, rtol=0, atol=1e-10)


@pytest.mark.parametrize("pad", [0, 1, 2], ids=["pad 0", "pad 1", "pad 2 (dout unpadded)"])
def test_an_inner_convolutions_backward_takes_dw_from_dxs_blocks_and_never_unfolds_the_input(pad, threads, monkeypatch):
    """With stride 1 and a batch-last input (every inner layer of the networks), backward unfolds only
    padded dout: each block gives dx's rows and, times the same rows of x, dW's part (stop 46); the
    numbers are the book's. dout itself is unfolded when it needs no padding."""
    unfolded = []
    unfold = fast_conv.im2col_batch_last

    def noted(src, *args, **kwargs):
        unfolded.append(src)
        return unfold(src, *args, **kwargs)
    monkeypatch.setattr(fast_conv, "im2col_batch_last", noted)
    rng = np.random.default_rng(pad)
    x = rng.standard_normal((3, 4, 9, 8))
    weights, bias = rng.standard_normal((5, 4, 3, 3)), rng.standard_normal(5)
    book, fast = Convolution(weights, bias, 1, pad), BlockedConvolution(weights, bias, 1, pad)
    fast.block_bytes = 2 ** 12          # several blocks
    out = book.forward(x)
    fast.forward(batch_last(x))
    dout = batch_last(rng.standard_normal(out.shape))
    unfolded.clear()
    dx = fast.backward(dout)
    np.testing.assert_allclose(dx, book.backward(np.array(dout)), rtol=0, atol=1e-10)
    np.testing.assert_allclose(fast.dW, book.dW, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fast.db, book.db, rtol=0, atol=1e-10)
    assert len(unfolded) > 1
    assert not any(np.shares_memory(src, fast._padded) for src in unfolded)
    if pad == 2:
        assert all(np.shares_memory(src, dout) for src in unfolded)
