"""Reading plans (being written)."""

__all__ = ["read_plan"]


def read_plan(source, **kwargs):
    raise NotImplementedError("reader being written")
