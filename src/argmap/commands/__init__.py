"""The commands, a module per family; each registers itself on :data:`base.app`."""
