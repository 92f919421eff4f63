"""The brand's dashboard: a web page beside the chat, reading through ``storage`` and acting
through the same engine functions as the chat commands (see ``docs/dashboard.md``).

Starlette serves server-rendered Jinja2 pages that work without JavaScript; the live standing
comes over Server-Sent Events. Nothing here imports a platform SDK.
"""
