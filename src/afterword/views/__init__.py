"""Read models: what a page or a command shows, read across domains, never written.

They sit above the domains (pipeline, offers, reflection, playbook, mail, inbox) and below
the adapters (cli, web), so a domain never has to reach up to gather what a page needs.
"""
