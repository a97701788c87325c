#!/usr/bin/env node
/**
 * npm run fuzz [-- --runs N] [--seed S] [--shards K]: the long fuzz campaign (default
 * 1,000,000 cases on 2 shards, one per core; test/fuzz/campaign.fuzz.ts lists the kinds).
 * Runs test/fuzz/campaign.fuzz.ts through vitest (it imports the TypeScript sources) in K
 * processes, shard i with seed S+i and N/K cases, then prints the cases run by kind, the seeds,
 * the time, the slowest case and every distinct failure. Needs the build (dist/) for the cases
 * that spawn the binary. Then it runs the fast YAML path's differential test
 * (test/manifest/fast-yaml.test.ts) with FAST_YAML_RUNS = cases / 50,000. Exit 0 when no case
 * failed, every shard finished and the differential test passed.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(fileURLToPath(import.meta.url), "../..");
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : dflt;
};
const runs = opt("runs", 1_000_000);
const seed = opt("seed", Date.now() % 1_000_000);
const shards = Math.max(1, opt("shards", 2));
if (![runs, seed, shards].every(Number.isInteger)) {
  console.error("usage: npm run fuzz -- [--runs N] [--seed S] [--shards K]");
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "faultline-fuzz-"));
const started = Date.now();
console.log(`faultline fuzz: ${runs} cases, seed ${seed}, ${shards} shard${shards === 1 ? "" : "s"}`);
const vitest = resolve(repo, "node_modules/vitest/vitest.mjs");
const jobs = Array.from({ length: shards }, (_, i) => {
  const shardRuns = Math.floor(runs / shards) + (i < runs % shards ? 1 : 0);
  const report = join(dir, `shard-${i}.json`);
  return new Promise((done) => {
    const child = spawn(process.execPath, [vitest, "run", "--config", "test/fuzz/vitest.campaign.config.ts"], {
      cwd: repo,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, FUZZ_RUNS: String(shardRuns), FUZZ_SEED: String(seed + i), FUZZ_REPORT: report },
    });
    child.on("exit", (code) => {
      let r;
      try {
        r = JSON.parse(readFileSync(report, "utf8"));
      } catch {
        r = { seed: seed + i, runs: shardRuns, done: false, counts: { cases: 0 }, findings: [{ message: `shard ${i} ended (exit ${code}) without a report`, count: 1 }] };
      }
      done(r);
    });
  });
});
const reports = await Promise.all(jobs);
rmSync(dir, { recursive: true, force: true });
// The fast YAML path against the yaml library (test/manifest/fast-yaml.test.ts), at
// FAST_YAML_RUNS times the short share `npm test` runs: one per 50,000 cases.
const yamlRuns = Math.max(1, Math.round(runs / 50_000));
console.log(`\nfaultline fuzz: the fast YAML path's differential test at FAST_YAML_RUNS=${yamlRuns}`);
const yamlCode = await new Promise((done) => {
  const child = spawn(process.execPath, [vitest, "run", "test/manifest/fast-yaml.test.ts"], { cwd: repo, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, FAST_YAML_RUNS: String(yamlRuns) } });
  child.on("exit", (code) => done(code ?? 1));
});

const total = {};
const time = {};
for (const r of reports) for (const [k, v] of Object.entries(r.counts)) total[k] = (total[k] ?? 0) + v;
for (const r of reports) for (const [k, v] of Object.entries(r.ms ?? {})) time[k] = (time[k] ?? 0) + v;
const findings = new Map();
for (const r of reports) for (const f of r.findings) findings.set(f.message, { ...f, count: (findings.get(f.message)?.count ?? 0) + f.count });
if (yamlCode !== 0) findings.set("fast-yaml", { message: `the fast YAML differential test failed (exit ${yamlCode}; its output is above)`, count: 1, firstCase: `FAST_YAML_RUNS=${yamlRuns} npx vitest run test/manifest/fast-yaml.test.ts` });
const slowest = reports.map((r) => ({ ...r.slowest, shard: r.seed })).sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0))[0];
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(`\nfaultline fuzz: ${total.cases ?? 0} cases in ${seconds} s, seeds ${reports.map((r) => r.seed).join(", ")}`);
for (const k of ["escape", "glob", "config", "alone", "tiny", "fileLayer", "estate", "output", "cli", "spawn", "hugeConfig", "deepChain"]) {
  if (total[k] === undefined) continue;
  console.log(`  ${k.padEnd(12)} ${String(total[k]).padStart(9)} cases  ${String(Math.round(time[k] ?? 0)).padStart(9)} ms`);
}
console.log(`  loaded cleanly: ${total.loadedClean ?? 0}; analysis/report calls: ${total.analysesRun ?? 0}; CLI runs: ${total.cliRuns ?? 0}`);
if (slowest) console.log(`  slowest case: ${slowest.ms} ms, ${slowest.kind} case ${slowest.case} of the shard with seed ${slowest.shard} (case seed ${slowest.seed})`);
console.log(`  distinct failures: ${findings.size}`);
for (const f of findings.values()) console.log(`\n  ${f.count}x ${f.message}\n    first case: ${f.firstCase ?? "?"}\n${(f.detail ?? "").split("\n").slice(0, 8).map((l) => "    " + l).join("\n")}`);
process.exit(findings.size === 0 && reports.every((r) => r.done) ? 0 : 1);
