"""Content releases: the ``exhibits/`` folder as one signed file, applied whole or not at all.

The release format — manifest, keys, the ZIP container, the checks of a release file —
is the contract's (:mod:`contract.releases`: the collector checks releases too); here:

- :mod:`.build` — making a release on the organisers' computer;
- :mod:`.verify` — writing a verified release out, checking its content, and an installed one;
- :mod:`.store` — this kiosk's releases on disk and the state file;
- :mod:`.apply` — installing, switching, trial and rollback: the API the app uses;
- :mod:`.supervisor` — the running kiosk's side: switching between visits, the trial period;
- :mod:`.usb` — release files on USB sticks;
- :mod:`.download` — release files from the collector, during sync (resumed, verified, installed);
- :mod:`.messages` — every text, from the contract's ``strings.yaml``;
- :mod:`.cli` — ``launch.py content …``.
"""

from . import messages  # noqa: F401,E402 - the kiosk writes release errors in its own words
