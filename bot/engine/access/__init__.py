"""Who may do what: roles, membership of a campaign's chats, bans."""
