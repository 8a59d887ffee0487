"""The playbook: turning what happened into dated, explained actions."""
