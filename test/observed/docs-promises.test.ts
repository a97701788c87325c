/** What docs/drift.md promises beyond the other observed tests. */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { NameMatcher } from "../../src/observed/match-names.js";
import { readObservedSources } from "../../src/observed/read-observed.js";
import { resolveObserved } from "../../src/observed/resolve.js";
import { REPO, runCli } from "../helpers/cli.js";
import { estateOf, loc, svc } from "../helpers/estate.js";

const DOC = readFileSync(join(REPO, "docs/drift.md"), "utf8");
const hasJq = spawnSync("jq", ["--version"]).status === 0;

describe("docs/drift.md promises", () => {
  it.skipIf(!hasJq)("the documented jq program turns a Prometheus query answer into text the reader takes (fractional increase() counts kept)", async () => {
    const prog = /TO_TEXT='([^']+)'/.exec(DOC)![1]!;
    expect(DOC.match(/TO_TEXT='/g)!.length).toBe(2);
    expect(DOC).toContain(`TO_TEXT='${prog}'`);
    // SOURCE: the instant-vector answer of the Prometheus HTTP API (/api/v1/query):
    // {"status":"success","data":{"resultType":"vector","result":[{"metric":{…},"value":[<unix time>,"<value>"]}]}}
    const answer = JSON.stringify({
      status: "success",
      data: {
        resultType: "vector",
        result: [
          { metric: { client: "checkout", server: "payments" }, value: [1764633600.123, "1234.56"] },
          { metric: { client: 'we"ird\\one', server: "payments" }, value: [1764633600.123, "2"] },
        ],
      },
    });
    const text = execFileSync("jq", ["-r", "--arg", "m", "traces_service_graph_request_total", prog], { input: answer, encoding: "utf8" });
    const r = readObservedSources([{ file: "sg.prom", text }]);
    expect(r.diagnostics).toEqual([]);
    expect(r.data.calls.map((c) => [c.client.name, c.server.name, c.calls])).toEqual([
      ["checkout", "payments", 1234.56],
      ['we"ird\\one', "payments", 2],
    ]);
  });

  it("a bare Jaeger list; any metric prefix ending in service_graph_request_total; calls summed over files", async () => {
    const r = readObservedSources([
      { file: "a.json", text: '[{"parent": "a", "child": "b", "callCount": 2}]' },
      { file: "b.prom", text: 'tempo_service_graph_request_total{client="a",server="b"} 3\notel_traces_service_graph_request_failed_total{client="a",server="b"} 1\n' },
    ]);
    expect(r.ok).toBe(true);
    const e = estateOf(svc("a") + svc("b"));
    const p = resolveObserved(e, r.data).pairs;
    expect(p.map((x) => [x.from, x.to, x.calls, x.errors, x.sources])).toEqual([["a", "b", 5, 1, ["a.json:1", "b.prom:1"]]]);
  });

  it("aliases from a Backstage annotation and from Compose x-faultline; Istio namespace keys in the mapping", async () => {
    const e = estateOf({
      "catalog.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: billing\n  annotations: {faultline/observed-as: billing-svc}\nspec: {type: service, lifecycle: production, owner: team-a}\n",
      "compose.yaml": "services:\n  web:\n    image: web\n    x-faultline: {observedAs: [web-frontend]}\n",
    });
    const m = new NameMatcher(e, new Map([["pg-primary.data", "web"]]));
    expect(m.match({ name: "billing-svc" })).toMatchObject({ status: "matched", by: "alias" });
    expect(m.match({ name: "web-frontend" })).toEqual({ status: "matched", id: "web", by: "alias" });
    expect(m.match({ name: "pg-primary", namespace: "data" })).toEqual({ status: "matched", id: "web", by: "mapping" });
    expect(m.match({ name: "pg-primary", namespace: "other" })).toEqual({ status: "unknown" });
  });
});

describe("docs/drift.md promises (CLI)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "faultline-drift-doc-"));
    mkdirSync(join(dir, "m"));
    writeFileSync(join(dir, "m", "l.yaml"), loc("dc", "in-house", "[{name: a}, {name: b}]"));
    writeFileSync(join(dir, "m", "s.yaml"), svc("web", "{tier: critical, runsOn: [dc/a]}") + svc("db", "{runsOn: [dc/b]}"));
    writeFileSync(join(dir, "deps.json"), '[{"parent": "web", "child": "db", "callCount": 5}]');
  });

  it("observed: as a plain list, observed.as: soft, and --observed-as overriding it", async () => {
    const web = async (args: string[]) => JSON.parse((await runCli(["blast", "dc/b", "--json", ...args], { cwd: dir })).stdout).impacts.find((i: { id: string }) => i.id === "web");
    writeFileSync(join(dir, "faultline.config.yaml"), "manifests: [m]\nobserved: [deps.json]\n");
    expect(await web([])).toMatchObject({ state: "down", observedSteps: [0] });
    writeFileSync(join(dir, "faultline.config.yaml"), "manifests: [m]\nobserved: {files: [deps.json], as: soft}\n");
    expect(await web([])).toMatchObject({ state: "degraded" });
    expect(await web(["--observed-as", "hard"])).toMatchObject({ state: "down" });
  });

  it("risk sees observed edges too", async () => {
    writeFileSync(join(dir, "faultline.config.yaml"), "manifests: [m]\n");
    const without = await runCli(["risk", "web", "--json"], { cwd: dir });
    const withObs = await runCli(["risk", "web", "--json", "--observed", "deps.json"], { cwd: dir });
    expect(withObs.code).toBe(0);
    expect(withObs.stdout).toContain('"db"');
    expect(without.stdout).not.toContain('"db"');
    const r = JSON.parse(withObs.stdout);
    expect(r.observedOnly).toEqual([["db"], ["dc/b"]]);
    expect(JSON.parse(without.stdout).observedOnly).toBeUndefined();
    const text = (await runCli(["risk", "web", "--observed", "deps.json"], { cwd: dir })).stdout;
    expect(text).toContain("2 of them only through observed calls");
    expect(text).toMatch(/1\s+db  \(observed\)/);
  });
});

describe("library", () => {
  it("reads, resolves and compares observed calls without the CLI", async () => {
    const lib = await import("../helpers/internals.js");
    const estate = lib.loadSources([{ file: "s.yaml", text: svc("web", "{tier: critical}") + svc("db") }]).estate;
    const obs = lib.readObservedSources([{ file: "d.json", text: '[{"parent":"web","child":"db","callCount":3}]' }]);
    const resolved = lib.resolveObserved(estate, obs.data);
    const d = lib.drift(estate, resolved);
    expect(d.undeclared.map((u) => `${u.from}->${u.to}`)).toEqual(["web->db"]);
    expect(lib.formatDriftText(d)).toContain("1 undeclared dependency (1 from critical or high services)");
    const withObs = lib.withObserved(estate, resolved);
    expect(lib.blastRadius(withObs, ["db"]).impacts.map((i) => [i.id, i.state, i.observedSteps, i.observedOnly])).toEqual([["web", "down", [0], true]]);
  });
});
