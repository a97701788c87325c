import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { ResultTooLargeError } from "../../src/analysis/errors.js";
import { spofFor } from "../../src/analysis/spof.js";
import { runCli } from "../helpers/cli.js";
import { estateOf } from "../helpers/estate.js";

/** A chain s(n-1) → … → s1 → s0 of hard dependencies: every output with a path per item is quadratic in n. */
function chainYaml(n: number, spec = ""): string {
  let text = "";
  for (let i = 0; i < n; i++) text += `apiVersion: faultline/v1\nkind: Service\nmetadata: {name: s${i}}\nspec: {${spec}${i > 0 ? `${spec ? ", " : ""}dependsOn: [s${i - 1}]` : ""}}\n---\n`;
  return text;
}

describe("hardening: outputs quadratic in a dependency chain's length", () => {
  const chain = estateOf(chainYaml(200));

  it("blast refuses a result whose paths exceed the limit, and answers below it", async () => {
    // Failing s0 takes down s1 … s199 with paths of 2 … 200 ids: 20,099 ids in all.
    expect(blastRadius(chain, ["s0"], { maxPathIds: 20_099 }).impacts).toHaveLength(199);
    expect(() => blastRadius(chain, ["s0"], { maxPathIds: 20_098 })).toThrow(ResultTooLargeError);
  });

  it("spof --for refuses when explaining every single point would take too long", async () => {
    expect(spofFor(chain, "s199").singlePointsOfFailure).toHaveLength(199);
    expect(() => spofFor(chain, "s199", { maxWork: 1000 })).toThrow(ResultTooLargeError);
  });

  it("the CLI exits 2 with the flag to raise the limit, never runs out of memory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-chain-"));
    writeFileSync(join(dir, "chain.yaml"), chainYaml(200));
    const r = (await runCli(["blast", "s0", "-m", dir, "--json", "--max-path-ids", "1000"]));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/hold more than 1000 ids .*--max-path-ids/);
    expect((await runCli(["blast", "s0", "-m", dir, "--json"])).code).toBe(0);
  });

  it("check refuses an estate with more (critical service, single point) pairs than it reports one by one", async () => {
    const repo = mkdtempSync(join(tmpdir(), "faultline-chain-check-"));
    mkdirSync(join(repo, "base"));
    mkdirSync(join(repo, "m"));
    // 700 critical services in a chain: 244,650 pairs, over the limit of 200,000.
    writeFileSync(join(repo, "m", "chain.yaml"), chainYaml(700, "tier: critical"));
    const r = (await runCli(["check", "-m", "m", "--base-dir", "base", "--format", "json"], { cwd: repo }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/new-single-point-of-failure: the estate has 244650 \(service, single point of failure\) pairs/);
    expect(r.stderr).not.toMatch(/internal error/);
    // 600 of them: 179,700 pairs, under that limit, but their paths hold ~36 million ids.
    writeFileSync(join(repo, "m", "chain.yaml"), chainYaml(600, "tier: critical"));
    const r2 = (await runCli(["check", "-m", "m", "--base-dir", "base", "--format", "json"], { cwd: repo }));
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/the paths of its violations hold more than 2000000 ids/);
  });
});
