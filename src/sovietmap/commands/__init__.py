"""Sub-commands of the `sovietmap` CLI: each module has `register(subparsers)`."""
