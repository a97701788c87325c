// The gate's part of `npm run bench` (issue 18): `faultline check --base` on a git repository
// whose working tree changes one line of an estate of S services, against `faultline blast` of
// the same estate in the same run (target: check ≤ 2× blast, CPU and wall), with the peak
// memory of each.
//
// bench/run.mjs calls `benchCheck` with its estates; standalone, `node bench/check.mjs 10000 50000`
// generates the estates it needs (seed 42) and prints the rows. BENCH_CHECK_REPS sets the runs
// per figure (default 3 below 50,000 services, 2 at and above); the medians are reported, and
// every run beside them.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateEstate, toSources, writeSources } from "./generate.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "dist", "cli", "bin.js");
const hasTime = existsSync("/usr/bin/time");
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const r1 = (x) => (x === undefined || Number.isNaN(x) ? "n/a" : x >= 100 ? Math.round(x) : x >= 10 ? Number(x.toFixed(1)) : Number(x.toFixed(2)));

/** One process: wall time from here, CPU (user+sys) and peak memory from /usr/bin/time. */
function run(cmd, args, cwd, okCodes = [0]) {
  const full = hasTime ? ["/usr/bin/time", ["-f", "__maxrss_kb=%M __cpu=%U+%S", cmd, ...args]] : [cmd, args];
  const t = performance.now();
  const r = spawnSync(full[0], full[1], { cwd, encoding: "utf8", maxBuffer: 1 << 30 });
  const ms = performance.now() - t;
  if (!okCodes.includes(r.status)) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status ?? r.signal}): ${(r.stderr ?? "").slice(-2000)}`);
  const m = /__maxrss_kb=(\d+) __cpu=([\d.]+)\+([\d.]+)/.exec(r.stderr ?? "");
  return { ms, cpuMs: m ? (Number(m[2]) + Number(m[3])) * 1000 : NaN, maxRssMB: m ? Number(m[1]) / 1024 : NaN };
}

const git = (cwd, ...args) => spawnSync("git", ["-c", "user.email=bench@faultline", "-c", "user.name=bench", ...args], { cwd, encoding: "utf8" });

/**
 * A git repository holding the estate in `m/` at HEAD, whose working tree changes one line:
 * a 3-zone store now runs in two zones (minPlacements, at most 2, still holds). Returns the change.
 */
export function oneLineChangeRepo(estateDir, repo) {
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  cpSync(estateDir, join(repo, "m"), { recursive: true });
  git(repo, "init", "-q");
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "base");
  let changed = "";
  // The first file, in name order depth first, that has a store on three zones.
  const stack = [join(repo, "m")];
  while (stack.length > 0 && !changed) {
    const p = stack.pop();
    if (statSync(p).isDirectory()) {
      const names = readdirSync(p).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
      for (const n of names) stack.push(join(p, n));
      continue;
    }
    if (!p.includes("services")) continue;
    const text = readFileSync(p, "utf8");
    const m = /^( *runsOn: \[)([^,\]]+, [^,\]]+), [^,\]]+\]$/m.exec(text);
    if (m) {
      writeFileSync(p, text.replace(m[0], `${m[1]}${m[2]}]`));
      changed = `${p.slice(repo.length + 1)}: ${m[0].trim()} → ${m[1].trim()}${m[2]}]`;
    }
  }
  if (!changed) throw new Error(`no store with three zones under ${estateDir}`);
  return changed;
}

/**
 * Measures blast and check on each estate, interleaved (blast, check, blast, check, …) so both
 * see the same machine load. `estates`: [{S, dir, target}]. Appends rows
 * {section, measure, value, unit, extra} to `rows` (bench/run.mjs's table) and returns them with the raw figures.
 */
export function benchCheck({ estates, out, rows = [], reps: repsOf = (S) => Number(process.env.BENCH_CHECK_REPS ?? (S >= 50000 ? 2 : 3)), log = () => {} }) {
  const raw = {};
  for (const e of estates) {
    const repo = join(out, "bench-check", String(e.S));
    const changed = oneLineChangeRepo(e.dir, repo);
    const report = join(out, `bench-check-${e.S}.json`);
    const reps = repsOf(e.S);
    const B = [];
    const C = [];
    for (let i = 0; i < reps; i++) {
      B.push(run(process.execPath, [bin, "blast", e.target, "-m", "m"], repo));
      C.push(run(process.execPath, [bin, "check", "--base", "HEAD", "-m", "m", "--format", "json", "-o", report], repo, [0, 1]));
    }
    let scope = "";
    try {
      const r = JSON.parse(readFileSync(report, "utf8"));
      scope = `${r.scope?.examined ?? "?"} of ${r.scope?.services ?? "?"} services examined, ${r.summary.new.error + r.summary.new.warning} new, ${r.summary.known} known; `;
    } catch {
      /* the figure stands without it */
    }
    rmSync(report, { force: true });
    rmSync(repo, { recursive: true, force: true });
    const m = (xs, k) => median(xs.map((x) => x[k]));
    const b = { ms: m(B, "ms"), cpuMs: m(B, "cpuMs"), maxRssMB: m(B, "maxRssMB") };
    const c = { ms: m(C, "ms"), cpuMs: m(C, "cpuMs"), maxRssMB: m(C, "maxRssMB") };
    const each = (xs) => xs.map((x) => `${r1(x.cpuMs)}/${r1(x.ms)}`).join(", ");
    raw[`check${e.S}`] = { ...c, changed, runs: C };
    raw[`checkBlast${e.S}`] = { ...b, runs: B };
    const sec = `${e.S} services`;
    row(rows, sec, `faultline blast ${e.target} (process, beside check)`, r1(b.cpuMs), "ms CPU", `wall ${r1(b.ms)} ms; peak ${r1(b.maxRssMB)} MB; runs CPU/wall ${each(B)}`);
    row(
      rows,
      sec,
      "faultline check --base (one-line change, process)",
      r1(c.cpuMs),
      "ms CPU",
      `${(c.cpuMs / b.cpuMs).toFixed(2)}× blast CPU, ${(c.ms / b.ms).toFixed(2)}× blast wall (target ≤ 2×); wall ${r1(c.ms)} ms; peak ${r1(c.maxRssMB)} MB = ${(c.maxRssMB / b.maxRssMB).toFixed(2)}× blast's; runs CPU/wall ${each(C)}; ${scope}change: ${changed}`,
    );
    log(`measured check at ${e.S} services`);
  }
  return { rows, raw };
}

function row(rows, section, measure, value, unit, extra) {
  rows.push({ section, measure, value, unit, extra });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const out = join(root, "output");
  const estates = [];
  for (const S of sizes.length ? sizes : [10000, 50000]) {
    const dir = join(out, "bench-estates", String(S));
    const est = generateEstate({ services: S, seed: 42 });
    if (!existsSync(dir)) writeSources(dir, toSources(est));
    estates.push({ S, dir, target: est.platformTop });
  }
  const { rows } = benchCheck({ estates, out, log: (m) => process.stderr.write(`bench: ${m}\n`) });
  for (const r of rows) process.stdout.write(`${r.section}  ${r.measure}  ${r.value} ${r.unit}  ${r.extra}\n`);
}
