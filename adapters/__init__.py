"""Platform adapters: one sub-package per platform, each behind :class:`adapters.base.Adapter`.

Platform SDKs are imported lazily by :func:`adapters.registry.build_adapters`, only for the
platforms a config uses.
"""
