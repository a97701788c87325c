#!/usr/bin/env node
/**
 * npm run fuzz [-- --runs N] [--seed S] [--shards K]: the long fuzz campaign.
 * Runs test/fuzz/campaign.fuzz.ts through vitest (it imports the TypeScript sources) in K
 * processes, shard i with seed S+i and N/K cases, then prints the cases run, the seeds, the
 * time and every distinct failure. Exit 0 when no case failed.
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
const shards = Math.max(1, opt("shards", 1));
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

const total = {};
for (const r of reports) for (const [k, v] of Object.entries(r.counts)) total[k] = (total[k] ?? 0) + v;
const findings = new Map();
for (const r of reports) for (const f of r.findings) findings.set(f.message, { ...f, count: (findings.get(f.message)?.count ?? 0) + f.count });
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(`\nfaultline fuzz: ${total.cases} cases in ${seconds} s, seeds ${reports.map((r) => r.seed).join(", ")}`);
console.log(`  file alone through load:          ${total.loadAlone}`);
console.log(`  estate through load + analyses:   ${total.loadAndAnalyse} (${total.analysesRun} analysis/report calls)`);
console.log(`  estate through the CLI:           ${total.cliCases} (${total.cliRuns} command runs)`);
console.log(`  cases that still loaded cleanly:  ${total.loadedClean}`);
console.log(`  time in each path (ms):           alone ${total.msAlone}, analyses ${total.msAnalyse}, CLI ${total.msCli}`);
console.log(`  distinct failures:                ${findings.size}`);
for (const f of findings.values()) console.log(`\n  ${f.count}x ${f.message}\n    first case: ${f.firstCase ?? "?"}\n${(f.detail ?? "").split("\n").slice(0, 8).map((l) => "    " + l).join("\n")}`);
process.exit(findings.size === 0 && reports.every((r) => r.done) ? 0 : 1);
