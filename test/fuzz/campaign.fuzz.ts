/**
 * The long fuzz campaign, run by `npm run fuzz` (scripts/fuzz.mjs) through its own vitest
 * config, never by `npm test`. Each case is one mutation of a seed estate; a case runs
 * through one of three paths, in a fixed mix:
 *   - the mutated file alone through the library load (most cases: cheap, hits the parser
 *     and the importers hardest),
 *   - the whole mutated estate through load and every analysis and reporter of the library,
 *   - the whole mutated estate on disk through the CLI in this process: validate --json and
 *     one command (every 50th case: every command, every 500th also the SVG picture).
 * Failures are recorded (first line of the error, deduplicated, with the first case that
 * showed it) and the campaign goes on; the report is written to FUZZ_REPORT.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "vitest";
import fc from "fast-check";
import { analyse, caseArb, describeCase, filesOf, loadCase, runCliCase, type FuzzCase } from "./harness.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 42);
const REPORT = process.env.FUZZ_REPORT;

interface Finding {
  message: string;
  count: number;
  firstCase: string;
  detail: string;
}

it(`fuzz campaign: ${RUNS} cases, seed ${SEED}`, async () => {
  const work = mkdtempSync(join(tmpdir(), "faultline-fuzz-campaign-"));
  const findings = new Map<string, Finding>();
  const counts = { cases: 0, loadAlone: 0, loadAndAnalyse: 0, analysesRun: 0, cliCases: 0, cliRuns: 0, loadedClean: 0, msAlone: 0, msAnalyse: 0, msCli: 0 };
  const started = Date.now();
  const save = (done: boolean) => {
    if (!REPORT) return;
    writeFileSync(REPORT, JSON.stringify({ seed: SEED, runs: RUNS, done, seconds: (Date.now() - started) / 1000, counts, findings: [...findings.values()] }, null, 2));
  };
  const record = (c: FuzzCase, err: unknown) => {
    const e = err as Error;
    const message = String(e?.message ?? e).split("\n")[0]!.replace(/\d+/g, "N").slice(0, 200);
    const f = findings.get(message);
    if (f) f.count++;
    else findings.set(message, { message, count: 1, firstCase: describeCase(c), detail: String(e?.stack ?? e).slice(0, 3000) });
  };
  await fc.assert(
    fc.asyncProperty(caseArb, async (c) => {
      const n = counts.cases++;
      const t0 = performance.now();
      const path = n % 10 !== 9 ? "msAlone" : Math.floor(n / 10) % 5 === 4 ? "msCli" : "msAnalyse";
      try {
        if (n % 10 === 9) {
          const kind = Math.floor(n / 10) % 5;
          if (kind === 4) {
            const all = n % 500 === 499 ? undefined : n % 50 === 49 ? undefined : [n % 13];
            counts.cliRuns += await runCliCase(work, c, all, n % 500 === 499);
            counts.cliCases++;
          } else {
            const { seed, files } = filesOf(c);
            const r = loadCase(files);
            counts.loadAndAnalyse++;
            if (r.ok) {
              counts.loadedClean++;
              counts.analysesRun += analyse(r.estate, seed, c.file);
            }
          }
        } else {
          const { files, seed } = filesOf(c);
          const names = [...seed.files.keys()];
          const target = names[c.file % names.length]!;
          const alone = new Map([[target, files.get(target)!]]);
          if (files.has("zz-added.yaml")) alone.set("zz-added.yaml", files.get("zz-added.yaml")!);
          const r = loadCase(alone);
          if (r.ok) counts.loadedClean++;
          counts.loadAlone++;
        }
      } catch (err) {
        record(c, err);
      }
      counts[path] += Math.round(performance.now() - t0);
      if (n % 5000 === 0) save(false);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
  save(true);
  rmSync(work, { recursive: true, force: true });
  if (findings.size > 0) throw new Error(`${findings.size} distinct failures:\n${[...findings.values()].map((f) => `${f.count}x ${f.message}\n   first: ${f.firstCase}`).join("\n")}`);
}, 24 * 3600 * 1000);
