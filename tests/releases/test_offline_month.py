"""Two kiosks lose the network for a month (a simulated clock: their events, their
release history and the download's retry delays all read it) while the coordinator
publishes two new releases; when they come back they send the month's events and
go straight to the latest release — one of them dropping the download it had begun
of a release that is no longer the one to show."""
from __future__ import annotations

from datetime import datetime, timezone

from collector.releases import tables
from contract.releases.keys import SigningKey
from tests.collector.helpers import event_count, fresh_engine, serve
from tests.releases.cutting_proxy import CuttingProxy
from tests.releases.distribution import Kiosk, health_of, publish_file, shown_version, trust
from tests.releases.helpers import build, make_content

DAY = 86400.0
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc).timestamp()


class SimulatedClock:
    def __init__(self, start: float):
        self.now = start

    def __call__(self) -> float:
        return self.now


def test_two_kiosks_offline_for_a_month_get_the_latest_release_when_they_come_back(tmp_path):
    key = SigningKey.generate()
    versions = {"v1": 0, "v2": 20, "v3": 240, "v4": 600}  # hours after the first was built
    built = {name: build(make_content(tmp_path, f"2026.12-{i + 1}"), key, tmp_path / f"{name}.zip", hours=hours)
             for i, (name, hours) in enumerate(versions.items())}
    engine = fresh_engine("sqlite", tmp_path)
    tables.ensure_schema(engine)
    trust(engine, key)
    clock = SimulatedClock(T0)
    with serve(engine) as url:
        proxy = CuttingProxy(int(url.rsplit(":", 1)[1]))  # the kiosks' link to the collector
        kiosks = [Kiosk.make(tmp_path, engine, kiosk_id, proxy.url, [key], site=site, departement=dep, clock=clock)
                  for kiosk_id, site, dep in (("occ-31-labege-1", "Labège", "31"), ("occ-09-foix-1", "Foix", "09"))]
        for kiosk in kiosks:
            kiosk.worker.releases.clock = kiosk.worker.releases.monotonic = clock
        try:
            # Day 0: both show v1.
            publish_file(engine, built["v1"].path)
            for kiosk in kiosks:
                kiosk.visit(clock.now)
                assert kiosk.sync().ok
                kiosk.between_visits()
                assert kiosk.sync().ok
            assert [shown_version(engine, k.kiosk_id) for k in kiosks] == ["2026.12-1"] * 2

            # Day 1: v2 is published; Labège starts downloading it when the link goes down.
            clock.now += DAY
            publish_file(engine, built["v2"].path)
            proxy.cuts_left, proxy.cut_after, proxy.offline_on_cut = 1, built["v2"].size // 2, True
            labege, foix = kiosks
            assert labege.sync().ok
            partial = labege.manager.store.incoming_dir() / f"{built['v2'].manifest.release_id}.zip.part"
            assert partial.exists() and 0 < partial.stat().st_size < built["v2"].size
            assert labege.worker.releases.report()["state"] == "failed"
            assert not proxy.online

            # A month without network: visits every day, syncs that fail, two more releases.
            visits = 1
            for day in range(2, 32):
                clock.now = T0 + day * DAY
                if day == 10:
                    publish_file(engine, built["v3"].path)
                if day == 25:
                    publish_file(engine, built["v4"].path)
                for kiosk in kiosks:
                    kiosk.visit(clock.now)
                    assert not kiosk.sync().ok  # nothing reaches the collector
                    assert kiosk.between_visits() is None  # nothing new to show
                visits += 1
            assert [shown_version(engine, k.kiosk_id) for k in kiosks] == ["2026.12-1"] * 2

            # Day 32: the network is back.
            clock.now = T0 + 32 * DAY
            proxy.online = True
            for kiosk in kiosks:
                assert kiosk.sync().ok
                assert kiosk.manager.ready_release().content_version == "2026.12-4"
                assert kiosk.between_visits().content_version == "2026.12-4"
                assert kiosk.sync().ok
            assert [shown_version(engine, k.kiosk_id) for k in kiosks] == ["2026.12-4"] * 2
            assert not partial.exists()  # the half of v2 went, never installed
            for kiosk in kiosks:
                history = kiosk.manager.state().history
                assert [(h["action"], h["version"]) for h in history] == [
                    ("installed", "2026.12-1"), ("switched", "2026.12-1"),
                    ("installed", "2026.12-4"), ("switched", "2026.12-4")]
                assert history[-1]["at"].startswith("2027-01-02")  # dated by the kiosk's (simulated) clock
                assert health_of(engine, kiosk.kiosk_id)["download"]["state"] == "installed"
            assert event_count(engine) == 2 * 2 * visits  # every visit of the month arrived, once
        finally:
            for kiosk in kiosks:
                kiosk.close()
            proxy.close()
    engine.dispose()
