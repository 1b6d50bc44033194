"""The affiliation network of the two seed articles, traced back to its claims.

Runs the whole pipeline on /work/shared/seeds (skipped when absent), then the
network command. Every edge must name claims whose actor and stance make it.
The expected reading of the seeds (USA, GBR, POL favour minilateralism; FRA,
CAN oppose it) is checked in a separate, non-strict test that reports what the
network shows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SEEDS = Path("/work/shared/seeds")
EXPECTED = {"USA": "favor", "GBR": "favor", "POL": "favor", "FRA": "against", "CAN": "against"}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")), reason="seed articles not present"
    ),
]


@pytest.fixture(scope="module")
def seed_networks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    from pipeline.network import NetworkOptions, run_network
    from pipeline.runner import run

    out = tmp_path_factory.mktemp("seedrun")
    run(sorted(SEEDS.glob("*.txt")), out)
    net = out / "net"
    # all labels: the seeds are a check of what the pipeline found, not of the threshold
    manifest = run_network(out, net, NetworkOptions(labels="all"), figures=False)
    return out, manifest


def _claims(run_dir: Path) -> dict[str, dict]:
    return {json.loads(line)["claim_id"]: json.loads(line) for line in (run_dir / "claims.jsonl").open()}


def test_every_affiliation_edge_traces_to_its_claims(seed_networks: tuple[Path, dict]) -> None:
    import networkx as nx

    run_dir, manifest = seed_networks
    claims = _claims(run_dir)
    assert manifest["counts"]["claims_read"] == len(claims)
    for name in ("affiliation", "affiliation_neutral"):
        g = nx.read_graphml(run_dir / "net" / "networks" / f"{name}.graphml")
        for u, v, d in g.edges(data=True):
            actor, concept = u.split(":", 1)[1], v.split(":", 1)[1]
            ids = d["claim_ids"].split(";")
            assert ids and all(ids), (u, v)
            for agreement in ("favor", "against", "neutral"):
                for cid in filter(None, str(d.get(f"{agreement}_claim_ids", "")).split(";")):
                    c = claims[cid]
                    actors = {c["speaker"]["id"], (c["holder"] or {}).get("id")}
                    actors |= {h["id"] for h in c.get("co_holders", [])}
                    assert actor in actors, (u, v, cid)
                    assert any(t["id"] == concept and t["stance"] == agreement for t in c["targets"]), (
                        u,
                        v,
                        cid,
                    )


@pytest.mark.xfail(
    strict=False, reason="reports the seeds' reading; depends on the claims pipeline's quality"
)
def test_seed_positions_on_minilateralism(seed_networks: tuple[Path, dict]) -> None:
    import networkx as nx

    run_dir, _ = seed_networks
    g = nx.read_graphml(run_dir / "net" / "networks" / "affiliation.graphml")
    shown = {}
    for actor in EXPECTED:
        key = (f"actor:{actor}", "concept:minilateralism")
        shown[actor] = g.edges[key]["agreement"] if g.has_edge(*key) else "absent"
    print("minilateralism positions in the seeds' affiliation network:", shown)
    assert shown == EXPECTED
