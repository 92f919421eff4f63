"""A Telegram Bot API emulator and the payload builders it and the Telegram tests share."""
