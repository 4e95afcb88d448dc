"""Replace a method on one object for a while: how the gradient check fixes dropout masks and how
the check's bugs are injected, without touching the layer classes every other network shares."""
from contextlib import contextmanager


@contextmanager
def patched(obj, name, replacement):
    """``obj.name`` is ``replacement`` inside the block and what it was after, even on an error.

    Only ``obj`` changes: an instance attribute shadows the class's method, and removing it brings
    the method back. An attribute the object held itself is put back as it was.
    """
    had_own = name in vars(obj)
    previous = vars(obj).get(name)
    setattr(obj, name, replacement)
    try:
        yield obj
    finally:
        if had_own:
            setattr(obj, name, previous)
        else:
            delattr(obj, name)
