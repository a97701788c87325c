/**
 * The files users adopt: the composite action's script is run as GitHub would run it
 * (with the runner's environment files), and the pre-commit hook's entry is run too.
 */
import { afterEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { BIN, REPO, runCli } from "../helpers/cli.js";
import { LOCATIONS, repoWith, SERVICES, writeFiles } from "./git-repo.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

interface Step {
  id?: string;
  run?: string;
  env?: Record<string, string>;
  uses?: string;
}

const action = parse(readFileSync(join(REPO, "action.yml"), "utf8")) as { inputs: Record<string, { default: string }>; runs: { using: string; steps: Step[] } };

function runActionStep(dir: string, inputs: Record<string, string>) {
  const step = action.runs.steps.find((s) => s.id === "check")!;
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FAULTLINE_JS: BIN, RUNNER_TEMP: dir, GITHUB_STEP_SUMMARY: join(dir, "summary.md"), GITHUB_OUTPUT: join(dir, "output.txt") };
  for (const [k, v] of Object.entries(step.env!)) {
    const m = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(v)!;
    env[k] = inputs[m[1]!] ?? action.inputs[m[1]!]!.default;
  }
  writeFiles(dir, { "summary.md": "", "output.txt": "" });
  // The shell GitHub uses for `shell: bash`.
  const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run!], { cwd: dir, env, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, summary: readFileSync(join(dir, "summary.md"), "utf8"), output: readFileSync(join(dir, "output.txt"), "utf8") };
}

describe("action.yml", () => {
  it("is a composite action whose inputs reach the script only through the environment", async () => {
    expect(action.runs.using).toBe("composite");
    for (const s of action.runs.steps) if (s.run) expect(s.run).not.toContain("${{");
  });

  it("appends the markdown report to the step summary, annotates, and fails on a new single point of failure", async () => {
    const r0 = repoWith({ "m/locations.yaml": LOCATIONS, "m/services.yaml": SERVICES });
    cleanups.push(r0.cleanup);
    const dir = r0.dir;
    writeFiles(dir, { "m/services.yaml": SERVICES.replace("    - payments\n", "    - payments\n    - ledger\n") + "---\napiVersion: faultline/v1\nkind: Service\nmetadata: {name: ledger}\nspec: {runsOn: [aws/us-east-1/az1]}\n" });
    const r = runActionStep(dir, { manifests: "m", base: "main", "sarif-file": "out.sarif" });
    expect(r.code).toBe(1);
    expect(r.summary).toContain("## faultline check: ❌ failed");
    expect(r.stdout).toMatch(/^::error file=m\/services.yaml,line=9,col=7,title=faultline new-single-point-of-failure::/m);
    expect(r.output).toBe("exit-code=1\n");
    expect(JSON.parse(readFileSync(join(dir, "out.sarif"), "utf8")).version).toBe("2.1.0");
  });

  it("passes an unrelated change and stops with exit 2, without a summary, on a broken head", async () => {
    const r0 = repoWith({ "m/locations.yaml": LOCATIONS, "m/services.yaml": SERVICES });
    cleanups.push(r0.cleanup);
    const dir = r0.dir;
    writeFiles(dir, { "m/services.yaml": SERVICES.replace("tier: critical\n  runsOn", "tier: critical\n  owner: me\n  runsOn") });
    const ok = runActionStep(dir, { manifests: "m", base: "main" });
    expect(ok.code).toBe(0);
    expect(ok.summary).toContain("✅ passed");
    writeFiles(dir, { "m/services.yaml": SERVICES.replace("- payments", "- paymnets") });
    const bad = runActionStep(dir, { manifests: "m", base: "main" });
    expect(bad.code).toBe(2);
    expect(bad.summary).toBe("");
    expect(bad.stderr).toContain('unknown dependency "paymnets"');
  });
});

describe(".pre-commit-hooks.yaml", () => {
  it("runs `faultline validate` on the whole estate", async () => {
    const hooks = parse(readFileSync(join(REPO, ".pre-commit-hooks.yaml"), "utf8")) as Array<{ id: string; entry: string; pass_filenames: boolean; language: string }>;
    expect(hooks.map((h) => h.id)).toEqual(["faultline-validate"]);
    const [bin, ...args] = hooks[0]!.entry.split(" ");
    expect(bin).toBe("faultline");
    expect(hooks[0]!.pass_filenames).toBe(false);
    const r0 = repoWith({ "m/locations.yaml": LOCATIONS, "m/services.yaml": SERVICES, "faultline.config.yaml": "manifests: [m]\n" });
    cleanups.push(r0.cleanup);
    expect((await runCli(args, { cwd: r0.dir })).code).toBe(0);
    writeFiles(r0.dir, { "m/services.yaml": SERVICES.replace("- payments", "- paymnets") });
    expect((await runCli(args, { cwd: r0.dir })).code).toBe(2);
  });
});
