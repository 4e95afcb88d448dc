"""The one exception a caller of workbench.datasets has to handle."""


class DatasetError(Exception):
    """Data could not be found, fetched, verified or parsed; the message says what to do about it."""
