/**
 * `faultline check` on a real estate: Google's Online Boutique Kubernetes manifests
 * (test/corpus/online-boutique, see its SOURCE.md), with a pull request that makes
 * checkoutservice call adservice through a new environment value.
 */
import { afterEach, describe, expect, it } from "vitest";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, REPO } from "../helpers/cli.js";
import { git, repoWith } from "./git-repo.js";
import { checkSarifStructure } from "./sarif-structure.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

describe("faultline check on the Online Boutique corpus", () => {
  it("reports only what the change introduces, at the line of the new environment value", async () => {
    const r = repoWith({
      "gke.yaml": "apiVersion: faultline/v1\nkind: Location\nmetadata: {name: gke}\nspec: {hosting: public-cloud, children: [{name: zone-a}]}\n",
      "faultline.config.yaml": "manifests: [k8s, gke.yaml]\nk8sLocation: gke/zone-a\npolicy:\n  rules:\n    new-single-point-of-failure: {options: {tiers: [medium]}}\n",
    });
    cleanups.push(r.cleanup);
    cpSync(join(REPO, "test/corpus/online-boutique/kubernetes-manifests"), join(r.dir, "k8s"), { recursive: true });
    git(r.dir, "add", "-A");
    git(r.dir, "commit", "-q", "-m", "online boutique");

    const file = join(r.dir, "k8s/checkoutservice.yaml");
    const before = readFileSync(file, "utf8");
    const anchor = '          - name: PORT\n            value: "5050"\n';
    expect(before).toContain(anchor);
    writeFileSync(file, before.replace(anchor, anchor + '          - name: AD_SERVICE_ADDR\n            value: "adservice:9555"\n'));
    const line = readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes('"adservice:9555"')) + 1;

    const j = (await runCli(["check", "--base", "main", "--format", "json", "-q"], { cwd: r.dir }));
    expect(j.code).toBe(1);
    const out = JSON.parse(j.stdout);
    expect(out.change.dependencies.added).toEqual([expect.objectContaining({ from: "checkoutservice", to: "adservice", relation: "hard" })]);
    const fresh = out.violations.filter((v: { status: string }) => v.status === "new");
    expect(fresh.map((v: { rule: string; nodes: string[] }) => `${v.rule}:${v.nodes.join(",")}`)).toEqual(["new-single-point-of-failure:checkoutservice,adservice"]);
    expect(fresh[0].location).toEqual({ file: "k8s/checkoutservice.yaml", line, column: 20 });
    // The estate's other single points (frontend → cartservice → redis-cart, ...) are known.
    expect(out.summary.known).toBeGreaterThan(10);
    expect(out.blastDiff.find((b: { id: string }) => b.id === "adservice").newlyDown).toEqual(["checkoutservice"]);

    const s = (await runCli(["check", "--base", "main", "--format", "sarif", "-q"], { cwd: r.dir }));
    const log = JSON.parse(s.stdout);
    checkSarifStructure(log);
    const newOnes = log.runs[0].results.filter((x: { baselineState: string }) => x.baselineState === "new");
    expect(newOnes.map((x: { locations: Array<{ physicalLocation: { region: { startLine: number } } }> }) => x.locations[0]!.physicalLocation.region.startLine)).toEqual([line]);
  });
});
