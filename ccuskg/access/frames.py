"""SELECT results as pandas DataFrames, for local and remote graphs alike (pandas is imported only here,
and only when asked: the core install does not need it)."""

from __future__ import annotations

from decimal import Decimal

from ccuskg.access.query import Result


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def to_frame(result: Result):
    """A SELECT result as a DataFrame: integer columns as Int64, decimal columns as Float64 (``rows()``
    keeps the exact Decimal values), date columns as datetime64."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("DataFrames need pandas: pip install 'ccuskg[pandas]'") from None
    frame = pd.DataFrame(result.records(), columns=result.variables)
    for column in frame.columns:
        values = frame[column].dropna()
        if len(values) and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("Int64")
        elif len(values) and all(isinstance(v, (Decimal, float)) or _is_int(v) for v in values) \
                and any(isinstance(v, Decimal) for v in values):
            frame[column] = frame[column].astype("Float64")
        elif len(values) and all(type(v).__name__ == "date" for v in values):
            frame[column] = pd.to_datetime(frame[column])
    return frame
