/** The `blast` result for a person: a headline, then an aligned table of casualties. */
import type { BlastResult } from "../analysis/blast-radius.js";
import { PLAIN, safeText, table, type Style } from "./terminal.js";

export function formatBlastText(r: BlastResult, style: Style = PLAIN, options: { limit?: number } = {}): string {
  const s = r.summary.services;
  const failed = r.failed.map(safeText).join(", ");
  const head = [
    `${style.bold("Failure of")} ${style.bold(failed)}`,
    `  ${s.down === 0 ? style.green("0 services down") : style.red(`${s.down} service${s.down === 1 ? "" : "s"} down`)}` +
      `, ${s.degraded === 0 ? "0 degraded" : style.yellow(`${s.degraded} degraded`)}` +
      ` (of ${s.total})` +
      `, ${s.criticalDown === 0 ? "no critical service down" : style.red(style.bold(`${s.criticalDown} critical down`))}`,
  ];
  const locDown = r.summary.down - s.down;
  if (locDown > 0) head.push(`  ${locDown} location${locDown === 1 ? "" : "s"} down with it`);
  const obs = r.summary.observed;
  if (obs) {
    const n = obs.casualtiesOnlyObserved;
    head.push(`  ${n === 0 ? "none" : style.yellow(String(n))} of them only through observed calls (${obs.edges} observed-only edge${obs.edges === 1 ? "" : "s"}, counted ${obs.as})`);
  }
  if (r.impacts.length === 0) return head.join("\n") + "\n\nNothing else is affected.\n";
  const limit = options.limit ?? Infinity;
  const shown = r.impacts.slice(0, limit);
  const rows = shown.map((i) => [i.state, i.id, i.kind === "service" ? (i.tier ?? "") : "location", i.hosting, pathText(i.path, i.observedSteps)].map(safeText));
  const t = table(["STATE", "ID", "TIER", "HOSTING", "PATH"], rows, [
    (c, row) => (shown[row]!.state === "down" ? style.red(c) : style.yellow(c)),
    (c, row) => (shown[row]!.tier === "critical" ? style.bold(c) : c),
    undefined,
    undefined,
    (c) => style.dim(c),
  ]);
  const more = r.impacts.length > shown.length ? `\n… and ${r.impacts.length - shown.length} more (use --json for all)` : "";
  return head.join("\n") + "\n\n" + t + more + "\n";
}

/** A path read "x ← y ← failed id"; a step only observation shows reads "←(observed)". */
export function pathText(path: readonly string[], observedSteps: readonly number[] = []): string {
  let out = path[0] ?? "";
  for (let i = 1; i < path.length; i++) out += (observedSteps.includes(i - 1) ? " ←(observed) " : " ← ") + path[i];
  return out;
}
