"""Every public item of the package has a docstring."""

import inspect

import calllog


def public_members(obj):
    for name, value in inspect.getmembers(obj):
        if name.startswith("_"):
            continue
        yield name, value


def test_every_public_item_is_documented():
    missing = []
    for name in calllog.__all__:
        obj = getattr(calllog, name)
        if name in ("__version__", "DERIVED_COLUMNS"):
            continue
        if not (obj.__doc__ or "").strip():
            missing.append(name)
        if inspect.isclass(obj) and not issubclass(obj, BaseException):
            if issubclass(obj, calllog._vocab._StrEnum):
                continue  # members are values; the class and label() are documented
            for member, value in public_members(obj):
                if not (getattr(value, "__doc__", None) or "").strip():
                    missing.append(f"{name}.{member}")
    assert missing == []
