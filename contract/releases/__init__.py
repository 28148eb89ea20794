"""The content release format, shared by the kiosk (which installs releases) and the
collector (which checks and distributes them): read and verified here, never applied.

- :mod:`.manifest` — what a release holds (files, sizes, SHA-256, check summary, versions);
- :mod:`.keys` — the organisers' Ed25519 keys, signing and checking;
- :mod:`.archive` — the ZIP container, written and read defensively;
- :mod:`.verify` — a release file's signature, manifest and entries, before anything is used;
- :mod:`.messages` — refusals as data (a message id and values); their texts, in French
  and English, are the table ``strings.yaml`` beside it, read by each side.

Besides pydantic and the standard library, only ``cryptography`` (to sign or check a
signature) and ``packaging`` (to compare app versions) are used, and only when called.
"""
