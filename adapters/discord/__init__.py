"""Discord: slash commands, persistent buttons and embeds through discord.py."""
