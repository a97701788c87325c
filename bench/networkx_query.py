"""The Python baseline of the benchmark: what a user would write with networkx.

Reads the graph exported by `bench/worker.mjs big` (integer ids, the compiled semantics of
spec section 3), then for each query node times `networkx.ancestors` (plain reachability)
and a straightforward three-state propagation (worklist, per-group counters) written the
way a careful user would, over the same MultiDiGraph. Prints one JSON object.
"""
import json
import sys
import time
from collections import deque
from statistics import median

import networkx as nx

PARENT, RUNSON, HARD, SOFT, GROUP = 0, 1, 2, 3, 4
UP, DEGRADED, DOWN = 0, 1, 2


def load(path):
    with open(path) as f:
        n, m, gcount = map(int, f.readline().split())
        nodes = [tuple(map(int, f.readline().split())) for _ in range(n)]
        groups = [tuple(map(int, f.readline().split())) for _ in range(gcount)]
        g = nx.MultiDiGraph()
        g.add_nodes_from(range(n))
        edges = []
        for _ in range(m):
            s, d, k, gr = map(int, f.readline().split())
            edges.append((s, d, {"kind": k, "group": gr}))
        g.add_edges_from(edges)
        queries = list(map(int, f.readline().split()))
    return g, nodes, groups, queries


def propagate(g, nodes, groups, failed):
    state = {}
    down_placed = {}
    g_down = {}
    g_not_up = {}
    sent = {}
    queue = deque()
    for f in failed:
        state[f] = DOWN
        queue.append(f)
    while queue:
        x = queue.popleft()
        now = state.get(x, UP)
        before = sent.get(x, UP)
        if now == before:
            continue
        sent[x] = now
        for y, _, data in g.in_edges(x, data=True):
            cur = state.get(y, UP)
            if cur == DOWN:
                continue
            kind = data["kind"]
            cand = UP
            if kind == PARENT:
                cand = DOWN if now == DOWN else UP
            elif kind == RUNSON:
                if now == DOWN and before != DOWN:
                    down_placed[y] = down_placed.get(y, 0) + 1
                    _, count, minimum = nodes[y]
                    cand = DOWN if count - down_placed[y] < minimum else DEGRADED
            elif kind == HARD:
                cand = now
            elif kind == SOFT:
                cand = DEGRADED
            else:
                gi = data["group"]
                quorum, size, soft = groups[gi]
                if before == UP:
                    g_not_up[gi] = g_not_up.get(gi, 0) + 1
                if now == DOWN and before != DOWN:
                    g_down[gi] = g_down.get(gi, 0) + 1
                if size - g_down.get(gi, 0) < quorum:
                    cand = DEGRADED if soft else DOWN
                elif g_not_up.get(gi, 0) > 0:
                    cand = DEGRADED
            if cand > cur:
                state[y] = cand
                queue.append(y)
    down = sum(1 for v, s in state.items() if s == DOWN and v not in failed)
    degraded = sum(1 for s in state.values() if s == DEGRADED)
    return down, degraded


def timed(fn, reps):
    ts = []
    value = None
    for _ in range(reps):
        t = time.perf_counter()
        value = fn()
        ts.append((time.perf_counter() - t) * 1000)
    return median(ts), value


def main():
    path = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    t = time.perf_counter()
    g, nodes, groups, queries = load(path)
    out = {"networkx": nx.__version__, "loadMs": (time.perf_counter() - t) * 1000, "queries": []}
    for q in queries:
        a_ms, anc = timed(lambda: nx.ancestors(g, q), reps)
        p_ms, (down, degraded) = timed(lambda: propagate(g, nodes, groups, [q]), reps)
        out["queries"].append({"node": q, "ancestorsMs": a_ms, "reached": len(anc), "propagateMs": p_ms, "down": down, "degraded": degraded})
    try:
        import resource
        out["maxRssMB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    except ImportError:
        pass
    print(json.dumps(out))


if __name__ == "__main__":
    main()
