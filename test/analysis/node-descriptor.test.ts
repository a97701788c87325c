/**
 * One node descriptor serves every result (`NodeDescriptor`: id, kind, hosting, a service's
 * tier): a node is described with the same values wherever a result names it — blast impacts,
 * spof rows, spof-for details, risk nodes and graph JSON nodes.
 */
import { describe, expect, it } from "vitest";
import { loadEstate } from "../../src/load/load.js";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { spofFor, spofRanking } from "../../src/analysis/spof.js";
import { riskGroups } from "../../src/analysis/risk.js";
import { graphToJson } from "../../src/report/graph-json.js";
import type { NodeDescriptor } from "../../src/model/types.js";
import { REPO } from "../helpers/cli.js";

const pick = (n: NodeDescriptor): NodeDescriptor => ({ id: n.id, kind: n.kind, hosting: n.hosting, ...(n.tier !== undefined ? { tier: n.tier } : {}) });

describe("NodeDescriptor", () => {
  it("describes each node the same in blast, spof, spof-for, risk and graph JSON", () => {
    const { estate } = loadEstate([`${REPO}/fixtures/retail`]);
    const graph = new Map(graphToJson(estate).nodes.map((n) => [n.id, pick(n)]));
    const seen: Record<string, number> = {};
    const check = (from: string, n: NodeDescriptor) => {
      expect(pick(n), `${from}: ${n.id}`).toEqual(graph.get(n.id));
      seen[from] = (seen[from] ?? 0) + 1;
    };
    for (const i of blastRadius(estate, ["aws/us-east-1"]).impacts) check("blast", i);
    for (const r of spofRanking(estate, {}).nodes) check("spof", r);
    for (const d of spofFor(estate, "checkout").details) check("spof-for", d);
    for (const n of riskGroups(estate, "checkout", { maxSize: 2 }).nodes) check("risk", n);
    // Locations and services alike, in every result.
    for (const from of ["blast", "spof", "spof-for", "risk"]) expect(seen[from], from).toBeGreaterThan(2);
  });
});
