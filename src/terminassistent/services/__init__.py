"""Services: everything a user action does, shared by the desktop and the command line."""
