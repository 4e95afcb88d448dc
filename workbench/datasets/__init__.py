"""MNIST, Fashion-MNIST and a built-in synthetic digit set: found, fetched, verified, cached, parsed.

    from workbench.datasets import load_dataset, load_mnist, DatasetError
    (x_train, t_train), (x_test, t_test) = load_dataset("fashion-mnist", flatten=True)

DATASETS describes each set for display (`synthetic` marks the generated one); `dataset_label(name)`
and `dataset_description(name)` give its name and description in the current language (the string
catalog's area "datasets", like every message here). DatasetError is the only exception callers need
to handle; its message says what to do. Imports NumPy, platformdirs and, only when downloading, pooch.
"""
import logging

from workbench.datasets.errors import DatasetError
from workbench.datasets.load import load_dataset, load_mnist, load_split
from workbench.datasets.sources import DATASETS, DatasetInfo, dataset_description, dataset_info, dataset_label
from workbench.datasets.synthetic import synthetic_digits

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["DATASETS", "DatasetError", "DatasetInfo", "dataset_description", "dataset_info", "dataset_label",
           "load_dataset", "load_mnist", "load_split", "synthetic_digits"]
