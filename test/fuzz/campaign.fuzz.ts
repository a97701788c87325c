/**
 * The long fuzz campaign, run by `npm run fuzz` (scripts/fuzz.mjs) through its own vitest
 * config, never by `npm test`. Case n of a shard is drawn from its own seed (the shard's seed
 * and n), so any case can be replayed alone; its kind follows a fixed schedule, most of them
 * in this process against the library and `main(args, streams)`, a few spawning the binary:
 *
 *   per 1,000 cases   kind
 *   515               escape: hostile text through every escaping function (cases.ts)
 *   200               glob: exclude globs against the regular-expression form
 *   200               config: random and mutated config text through the config reader
 *    30               alone: one mutated seed file through the library load (harness.ts)
 *    40               tiny: a tiny estate named with hostile text through load, check, every report
 *     5               file layer: links to devices, FIFOs, sockets, /proc, loops, deep folders
 *     7               estate: a mutated seed estate through load, every analysis and reporter
 *     2               output: -o onto /dev/null, links, folders, long and missing names
 *     1               CLI: a mutated seed estate on disk through validate and one command
 *                     (every 10th of these: every command; every 100th: also the SVG)
 *   and, in place of an escape case: every 20,000th case spawns the built binary, every
 *   50,000th reads a config with tens of thousands of entries, every 100,000th runs a
 *   location chain (300 … 3,000 deep) or a dependency chain (300 … 2,000 long) through one
 *   command of the CLI.
 *
 * Every case is timed; one over 10 s is a failure. Failures are recorded (first line of the
 * error, deduplicated, with the first case that showed it) and the campaign goes on; the
 * report, with the slowest case, goes to FUZZ_REPORT every 5,000 cases and at the end.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "vitest";
import fc from "fast-check";
import { analyse, caseArb, describeCase, filesOf, loadCase, runCliCase, type FuzzCase } from "./harness.js";
import {
  configCase,
  configCaseArb,
  deepChainCase,
  escapeCase,
  fileLayerArb,
  fileLayerCase,
  globCase,
  globCaseArb,
  hugeConfigCase,
  outputArb,
  outputCase,
  spawnCase,
  textArb,
  tinyEstateArb,
  tinyEstateCase,
} from "./cases.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 42);
const REPORT = process.env.FUZZ_REPORT;
/** A case slower than this is a failure (issue 12: no case over 10 s). */
const CASE_LIMIT_MS = 10_000;

interface Finding {
  message: string;
  count: number;
  firstCase: string;
  detail: string;
}

type Kind = "escape" | "glob" | "config" | "alone" | "tiny" | "fileLayer" | "estate" | "output" | "cli" | "spawn" | "hugeConfig" | "deepChain";

/** The kind of case n (see the table above). */
export function kindOf(n: number): Kind {
  if (n % 100_000 === 99_999) return "deepChain";
  if (n % 50_000 === 49_999) return "hugeConfig";
  if (n % 20_000 === 19_999) return "spawn";
  const s = n % 1000;
  if (s < 515) return "escape";
  if (s < 715) return "glob";
  if (s < 915) return "config";
  if (s < 945) return "alone";
  if (s < 985) return "tiny";
  if (s < 990) return "fileLayer";
  if (s < 997) return "estate";
  if (s < 999) return "output";
  return "cli";
}

/** The seed of case n of a shard: fixed by the shard's seed and n, so a case replays alone. */
const caseSeed = (n: number) => (Math.imul(SEED ^ 0x9e3779b9, 2654435761) + Math.imul(n, 40503) + n * 7919) | 0;
const draw = <T,>(arb: fc.Arbitrary<T>, n: number): T => fc.sample(arb, { numRuns: 1, seed: caseSeed(n) })[0]!;

it(`fuzz campaign: ${RUNS} cases, seed ${SEED}`, async () => {
  const work = mkdtempSync(join(tmpdir(), "faultline-fuzz-campaign-"));
  const findings = new Map<string, Finding>();
  const counts: Record<string, number> = { cases: 0, loadedClean: 0, analysesRun: 0, cliRuns: 0 };
  const ms: Record<string, number> = {};
  let slowest = { ms: 0, kind: "", case: 0, seed: 0 };
  const started = Date.now();
  const save = (done: boolean) => {
    if (!REPORT) return;
    writeFileSync(REPORT, JSON.stringify({ seed: SEED, runs: RUNS, done, seconds: (Date.now() - started) / 1000, counts, ms, slowest, findings: [...findings.values()] }, null, 2));
  };
  const record = (message: string, first: string, detail: string) => {
    const key = message.split("\n")[0]!.replace(/\d+/g, "N").slice(0, 200);
    const f = findings.get(key);
    if (f) f.count++;
    else findings.set(key, { message: key, count: 1, firstCase: first, detail: detail.slice(0, 3000) });
  };
  for (let n = 0; n < RUNS; n++) {
    const kind = kindOf(n);
    const t0 = performance.now();
    let c: FuzzCase | undefined;
    try {
      switch (kind) {
        case "escape":
          escapeCase(draw(textArb, n));
          break;
        case "glob":
          globCase(draw(globCaseArb, n));
          break;
        case "config":
          configCase(draw(configCaseArb, n));
          break;
        case "tiny":
          tinyEstateCase(draw(tinyEstateArb, n));
          break;
        case "fileLayer":
          fileLayerCase(work, draw(fileLayerArb, n), n);
          break;
        case "output":
          await outputCase(work, draw(outputArb, n));
          break;
        case "hugeConfig":
          hugeConfigCase(work, 10_000 + (n % 40_000), n / 50_000);
          break;
        case "deepChain":
          {
            // Location chains 300 … 3,000 deep, dependency chains 300 … 2,000 long; one command each.
            const locations = Math.floor(n / 100_000) % 2 === 0;
            counts.cliRuns! += await deepChainCase(work, 300 + ((n * 7) % (locations ? 2700 : 1700)), locations, Math.floor(n / 200_000));
          }
          break;
        case "spawn":
          c = draw(caseArb, n);
          spawnCase(work, c, n);
          break;
        case "alone": {
          c = draw(caseArb, n);
          const { files, seed } = filesOf(c);
          const names = [...seed.files.keys()];
          const target = names[c.file % names.length]!;
          const alone = new Map([[target, files.get(target)!]]);
          if (files.has("zz-added.yaml")) alone.set("zz-added.yaml", files.get("zz-added.yaml")!);
          if (loadCase(alone).ok) counts.loadedClean!++;
          break;
        }
        case "estate": {
          c = draw(caseArb, n);
          const { seed, files } = filesOf(c);
          const r = loadCase(files);
          if (r.ok) {
            counts.loadedClean!++;
            counts.analysesRun! += analyse(r.estate, seed, c.file);
          }
          break;
        }
        case "cli": {
          c = draw(caseArb, n);
          const k = Math.floor(n / 1000);
          counts.cliRuns! += await runCliCase(work, c, k % 10 === 9 ? undefined : [k % 13], k % 100 === 99);
          break;
        }
      }
    } catch (err) {
      const e = err as Error;
      record(String(e?.message ?? e), `case ${n} (${kind}, seed ${caseSeed(n)})${c ? `: ${describeCase(c)}` : ""}`, String(e?.stack ?? e));
    }
    const dt = performance.now() - t0;
    counts.cases!++;
    counts[kind] = (counts[kind] ?? 0) + 1;
    ms[kind] = (ms[kind] ?? 0) + dt;
    if (dt > slowest.ms) slowest = { ms: Math.round(dt), kind, case: n, seed: caseSeed(n) };
    if (dt > CASE_LIMIT_MS) record(`a ${kind} case took over 10 s`, `case ${n} (${kind}, seed ${caseSeed(n)}): ${Math.round(dt)} ms${c ? `: ${describeCase(c)}` : ""}`, "");
    if (n % 5000 === 0) save(false);
  }
  for (const k of Object.keys(ms)) ms[k] = Math.round(ms[k]!);
  save(true);
  rmSync(work, { recursive: true, force: true });
  if (findings.size > 0) throw new Error(`${findings.size} distinct failures:\n${[...findings.values()].map((f) => `${f.count}x ${f.message}\n   first: ${f.firstCase}`).join("\n")}`);
}, 24 * 3600 * 1000);
