"""Text primitives at the bottom of the stack: the one sentence splitter (``sentences``) and the
one keyword index (``keywords``), shared by ``segment``, ``classify`` and ``extract``."""
