"""Old argument names kept working, with a warning, while the API speaks one vocabulary
(``target``, ``force``, ``country``, ``lang``)."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def renamed_arguments(**old_to_new: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Accept ``old=`` for ``new=`` with a :class:`DeprecationWarning`.

    >>> @renamed_arguments(target_name="target")
    ... def f(target: str = "canonical") -> str:
    ...     return target
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     f(target_name="karbon")
    'karbon'
    >>> caught[0].category.__name__
    'DeprecationWarning'
    """

    def wrap(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        msg = f"{func.__name__}() got both {old}= and {new}=; pass {new}= only"
                        raise TypeError(msg)
                    warnings.warn(
                        f"{func.__name__}({old}=...) is deprecated; use {new}=",
                        DeprecationWarning,
                        stacklevel=2,
                    )
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return call

    return wrap
