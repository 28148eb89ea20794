"""Content releases: the ``exhibits/`` folder as one signed file, applied whole or not at all.

- :mod:`.manifest` — what a release holds (files, sizes, SHA-256, check summary, versions);
- :mod:`.keys` — the organisers' Ed25519 keys, signing and checking;
- :mod:`.archive` — the ZIP container, read defensively;
- :mod:`.build` — making a release on the organisers' computer;
- :mod:`.verify` — checking a release file before anything in it is used;
- :mod:`.store` — this kiosk's releases on disk and the state file;
- :mod:`.apply` — installing, switching, trial and rollback: the API the app uses;
- :mod:`.supervisor` — the running kiosk's side: switching between visits, the trial period;
- :mod:`.usb` — release files on USB sticks;
- :mod:`.messages` — every text, from ``strings.yaml``;
- :mod:`.cli` — ``launch.py content …``.
"""
