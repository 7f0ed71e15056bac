"""One cog per feature: asking (ask.py) and browsing (browse.py); moderation comes later."""
