"""Content releases on the collector: organisers' signed release files, checked with the
contract's code (:mod:`contract.releases`), stored, assigned to kiosks, downloaded by
them during sync, and read back to name the dashboard's figures by their content.

- :mod:`.tables` — the tables and the folder holding the files;
- :mod:`.keys` — the public keys a release must be signed with (``collector trust-key``);
- :mod:`.contents` — what a release says about its exhibits (titles, texts of content ids);
- :mod:`.publish` — checking, storing and assigning a release file;
- :mod:`.targets` — who gets a release: everyone, a département, a site, a kiosk;
- :mod:`.names` — content ids and versions as people read them, from the releases;
- :mod:`.status` — each kiosk's release as its health report tells it;
- :mod:`.texts` — every text, French first, and the release errors' table read here;
- :mod:`.api` — the kiosks' API (assignment, download with ranges);
- :mod:`.cli` — ``launch.py collector publish | trust-key | untrust-key``.
"""
