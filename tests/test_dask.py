"""The same flow on prefect-dask: a two-worker local Dask cluster builds a release
byte-identical to the default runner's."""

from pathlib import Path

import pytest

from tests.conftest import ARTICLES, write_raw


def release_files(release: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(release.iterdir()) if p.is_file()}


def pools_kept() -> int:
    """Worker pools this process keeps for its next extraction task."""
    from flows import workers

    return sum(len(idle) for idle in workers._shelf.values())


@pytest.mark.usefixtures("prefect_harness")
def test_a_two_worker_dask_cluster_builds_the_same_release_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import Client, LocalCluster

    from flows import build
    from flows.build import build_flow

    monkeypatch.setattr(build, "BATCH_SIZE", 1)  # one task per article: work for both workers
    raw = tmp_path / "raw"
    for name in ("velasquez.txt", "okafor.txt"):
        write_raw(raw, name, (ARTICLES / name).read_text(encoding="utf-8"))
    (raw / "broken.txt").write_bytes(b"\x00binary")

    default = build_flow()(raw, tmp_path / "default")
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.wait_for_workers(2)
        on_dask = build_flow("dask", cluster.scheduler_address)(raw, tmp_path / "dask")
        kept = client.run(pools_kept)

    assert (default.version, on_dask.version) == ("1.0.0", "1.0.0")
    assert default.row_counts["articles"] == 2
    default_files = release_files(default.path)
    assert "events.parquet" in default_files and "SHA256SUMS" in default_files
    assert release_files(on_dask.path) == default_files
    # the extraction ran in the cluster's two worker processes, which keep their pools
    assert len(kept) == 2 and sum(kept.values()) >= 1
    assert pools_kept() == 0
    assert len(list((tmp_path / "dask" / ".cache" / "extract").glob("*.json"))) == 2


def test_address_without_the_dask_runner_and_unknown_runners_are_refused() -> None:
    from flows.build import build_flow

    with pytest.raises(ValueError, match="--address needs --runner dask"):
        build_flow("default", "tcp://127.0.0.1:8786")
    with pytest.raises(ValueError, match="unknown runner 'ray'"):
        build_flow("ray")
