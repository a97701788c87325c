import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { referenceStates } from "../../src/analysis/blast-reference.js";
import { DiagnosticBag } from "../../src/manifest/diagnostics.js";
import { buildModel } from "../../src/model/build-model.js";
import type { DependencyEntry, Entity, LocationEntity, ServiceEntity } from "../../src/model/entities.js";
import type { Estate } from "../../src/model/types.js";

const at = { file: "random.yaml", line: 1, column: 1 };

/** A random estate as a recipe of small integers, turned into entities by `buildEstate`. */
const recipe = fc.record({
  locations: fc.array(fc.integer({ min: -1, max: 8 }), { minLength: 1, maxLength: 8 }),
  services: fc.array(
    fc.record({
      tier: fc.integer({ min: 0, max: 3 }),
      placements: fc.uniqueArray(fc.nat(7), { maxLength: 3 }),
      min: fc.integer({ min: 1, max: 3 }),
      deps: fc.array(
        fc.oneof(
          fc.record({ kind: fc.constant("ref" as const), target: fc.nat(40), soft: fc.boolean() }),
          fc.record({ kind: fc.constant("group" as const), members: fc.uniqueArray(fc.nat(40), { minLength: 1, maxLength: 4 }), quorum: fc.integer({ min: 1, max: 4 }), soft: fc.boolean() }),
        ),
        { maxLength: 4 },
      ),
    }),
    { minLength: 1, maxLength: 14 },
  ),
});

type Recipe = typeof recipe extends fc.Arbitrary<infer T> ? T : never;

function buildEstate(r: Recipe): Estate {
  const entities: Entity[] = [];
  const locIds: string[] = [];
  r.locations.forEach((parent, i) => {
    const p = parent >= 0 && parent < i ? locIds[parent] : undefined;
    const name = `l${i}`;
    const e: LocationEntity = { kind: "location", id: p ? `${p}/${name}` : name, name, labels: new Map(), annotations: new Map(), origin: "native", at };
    if (p) e.parent = p;
    else e.hosting = i % 2 ? "in-house" : "public-cloud";
    locIds.push(e.id);
    entities.push(e);
  });
  const n = r.services.length;
  const ids = [...locIds, ...r.services.map((_, i) => `s${i}`)];
  r.services.forEach((s, i) => {
    const placements = [...new Set(s.placements.map((p) => locIds[p % locIds.length]!))];
    const deps: DependencyEntry[] = [];
    for (const d of s.deps) {
      if (d.kind === "ref") {
        const t = ids[d.target % ids.length]!;
        if (t !== `s${i}`) deps.push({ kind: "ref", ref: t, soft: d.soft, at });
      } else {
        const members = [...new Set(d.members.map((m) => ids[m % ids.length]!))].filter((m) => m !== `s${i}`);
        if (members.length === 0) continue;
        deps.push({ kind: "group", members: members.map((ref) => ({ ref, at })), quorum: Math.min(d.quorum, members.length), soft: d.soft, at });
      }
    }
    const svc: ServiceEntity = {
      kind: "service",
      id: `s${i}`,
      name: `s${i}`,
      tier: (["critical", "high", "medium", "low"] as const)[s.tier]!,
      runsOn: placements.map((ref) => ({ ref, at })),
      minPlacements: Math.min(s.min, Math.max(1, placements.length)),
      dependsOn: deps,
      labels: new Map(),
      annotations: new Map(),
      attributes: new Map(),
      origin: "native",
      at,
      danglingSeverity: "error",
    };
    entities.push(svc);
  });
  void n;
  const bag = new DiagnosticBag();
  const estate = buildModel(entities, bag);
  if (bag.hasErrors()) throw new Error(bag.items.map((d) => d.message).join("; "));
  return estate;
}

const RANK = { up: 0, degraded: 1, down: 2 } as const;

function engineStates(estate: Estate, failed: string[]): Map<string, "up" | "degraded" | "down"> {
  const out = new Map<string, "up" | "degraded" | "down">();
  estate.graph.forEachNode((id) => out.set(id, "up"));
  for (const f of failed) out.set(f, "down");
  for (const i of blastRadius(estate, failed).impacts) out.set(i.id, i.state);
  return out;
}

const scenario = recipe.chain((r) => {
  const estate = buildEstate(r);
  const nodes = estate.graph.nodes().sort();
  return fc.record({ estate: fc.constant(estate), failed: fc.subarray(nodes, { minLength: 1, maxLength: Math.min(4, nodes.length) }), more: fc.subarray(nodes, { maxLength: Math.min(3, nodes.length) }) });
});

describe("blast-radius (property)", () => {
  it("equals the readable fixed-point transcription of spec 3", () => {
    fc.assert(
      fc.property(scenario, ({ estate, failed }) => {
        const fast = engineStates(estate, failed);
        const slow = referenceStates(estate, failed);
        expect(Object.fromEntries(fast)).toEqual(Object.fromEntries(slow));
      }),
      { numRuns: 400 },
    );
  });

  it("is monotone: failing more never makes a node better off", () => {
    fc.assert(
      fc.property(scenario, ({ estate, failed, more }) => {
        const a = engineStates(estate, failed);
        const b = engineStates(estate, [...new Set([...failed, ...more])]);
        for (const [id, s] of a) expect(RANK[b.get(id)!]).toBeGreaterThanOrEqual(RANK[s]);
      }),
      { numRuns: 300 },
    );
  });

  it("explains every casualty with a chain of real relations that carries the state to a failed id", () => {
    fc.assert(
      fc.property(scenario, ({ estate, failed }) => {
        const g = estate.graph;
        const st = engineStates(estate, failed);
        const F = new Set(failed);
        for (const imp of blastRadius(estate, failed).impacts) {
          expect(imp.path[0]).toBe(imp.id);
          expect(F.has(imp.path[imp.path.length - 1]!)).toBe(true);
          expect(imp.path.slice(0, -1).some((p) => F.has(p))).toBe(false);
          for (let k = 0; k + 1 < imp.path.length; k++) {
            const from = imp.path[k]!;
            const to = imp.path[k + 1]!;
            const relations = g.outEdges(from, to).map((e) => g.getEdgeAttributes(e));
            expect(relations.length).toBeGreaterThan(0);
            const sFrom = st.get(from)!;
            const sTo = st.get(to)!;
            expect(sTo).not.toBe("up");
            // The step must be one along which sFrom can arrive from sTo.
            const carries = relations.some((a) => {
              switch (a.relation) {
                case "parent":
                case "runsOn":
                  return sTo === "down";
                case "hard":
                  return sFrom === "down" ? sTo === "down" : true;
                case "soft":
                  return sFrom === "degraded";
                case "group":
                  return sFrom === "down" ? sTo === "down" && !a.group!.soft : true;
              }
            });
            expect(carries).toBe(true);
            if (k === 0) expect(relations.map((a) => a.relation)).toContain(imp.relation);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
