"""Telegram: python-telegram-bot's Application, long polling or webhook, inline keyboards."""
