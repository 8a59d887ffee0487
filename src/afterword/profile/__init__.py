"""The user's profile: name, signature, time zone and country."""
