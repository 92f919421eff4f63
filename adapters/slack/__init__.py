"""The Slack adapter (slack-bolt): Socket Mode by default, HTTP mode as an option.

Importing this package imports no SDK; :mod:`adapters.slack.adapter` does.
"""
