/** `faultline drift` for a person (text) and for a pull request or wiki page (Markdown). */
import type { DriftResult } from "../analysis/drift.js";
import { mdEscape } from "./check-markdown.js";
import { PLAIN, safeText, table, type Style } from "./terminal.js";

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The summary line both formats start with. */
export function driftSummaryLine(r: DriftResult): string {
  const s = r.summary;
  return (
    `${plural(s.undeclared, "undeclared dependency", "undeclared dependencies")} (${s.undeclaredCriticalOrHigh} from critical or high services), ` +
    `${plural(s.neverObserved, "declared dependency", "declared dependencies")} never observed, ` +
    `${plural(s.unknownPeers, "unknown peer")}, ${plural(s.ambiguous, "ambiguous name")}; ` +
    `${s.declaredAndObserved} of ${s.observedPairs} observed calls declared; ${s.observedServices} of ${s.services} services seen calling`
  );
}

const peerList = (xs: ReadonlyArray<{ name: string; calls: number }>, limit = 5) => {
  const shown = xs.slice(0, limit).map((x) => `${x.name} (${fmt(x.calls)})`);
  return xs.length > limit ? `${shown.join(", ")} and ${xs.length - limit} more` : shown.join(", ");
};

export function formatDriftText(r: DriftResult, style: Style = PLAIN, options: { limit?: number } = {}): string {
  const limit = options.limit ?? Infinity;
  const out: string[] = [style.bold("Drift: declared against observed") + ` (${r.observedFiles.map(safeText).join(", ")})`, `  ${driftSummaryLine(r)}`];
  const more = (n: number) => (n > limit ? [`… and ${n - limit} more (use --json for all)`] : []);
  if (r.undeclared.length > 0) {
    const rows = r.undeclared.slice(0, limit);
    out.push("", style.bold("Undeclared dependencies (observed, not in the manifests)"));
    out.push(
      table(
        ["CALLER", "TIER", "CALLS", "ERRORS", "DEPENDENCY", "SEEN IN"],
        rows.map((u) => [u.from, u.fromTier, fmt(u.calls), fmt(u.errors), u.to, u.sources[0]! + (u.sources.length > 1 ? ` +${u.sources.length - 1}` : "")].map(safeText)),
        [(c, i) => (rank(rows[i]!.fromTier) <= 1 ? style.red(c) : style.yellow(c)), (c, i) => (rows[i]!.fromTier === "critical" ? style.bold(c) : c)],
      ),
      ...more(r.undeclared.length),
    );
  }
  if (r.neverObserved.length > 0) {
    const rows = r.neverObserved.slice(0, limit);
    out.push("", style.bold("Declared dependencies never observed (the caller was observed)"));
    out.push(table(["CALLER", "TIER", "RELATION", "DEPENDENCY", "DECLARED AT"], rows.map((u) => [u.from, u.fromTier, u.relation, u.to, u.at].map(safeText))), ...more(r.neverObserved.length));
  }
  if (r.unknownPeers.length > 0) {
    const rows = r.unknownPeers.slice(0, limit);
    out.push("", style.bold("Unknown peers (observed names that are no manifest service)"));
    out.push(table(["NAME", "CALLS", "CALLED BY", "CALLS OUT TO"], rows.map((p) => [p.name, fmt(p.calls), peerList(p.callers), peerList(p.callees)].map(safeText))), ...more(r.unknownPeers.length));
    out.push(style.dim("  map one to a service with `observed: {names: {<name>: <id>}}` in faultline.config.yaml, or `observedAs:` on the service"));
  }
  if (r.ambiguous.length > 0) {
    out.push("", style.bold("Ambiguous names (left out: they fit several services)"));
    out.push(table(["NAME", "MATCHED BY", "CANDIDATES"], r.ambiguous.map((a) => [a.name, a.by, a.candidates.join(", ")].map(safeText))));
  }
  if (r.undeclared.length === 0 && r.neverObserved.length === 0 && r.unknownPeers.length === 0 && r.ambiguous.length === 0) out.push("", style.green("The declared and the observed graph agree."));
  return out.join("\n") + "\n";
}

const rank = (t: string) => ["critical", "high", "medium", "low"].indexOf(t);

const MD_ROWS = 200;

export function formatDriftMarkdown(r: DriftResult): string {
  const out: string[] = ["## faultline drift: declared against observed", "", mdEscape(driftSummaryLine(r)), ""];
  const cut = (n: number) => (n > MD_ROWS ? ["", `…and ${n - MD_ROWS} more: run \`faultline drift --json\` for all of them.`] : []);
  if (r.undeclared.length > 0) {
    out.push("### Undeclared dependencies", "", "| Caller | Tier | Calls | Errors | Dependency | Seen in |", "| --- | --- | ---: | ---: | --- | --- |");
    for (const u of r.undeclared.slice(0, MD_ROWS)) out.push(`| ${mdEscape(u.from)} | ${u.fromTier} | ${fmt(u.calls)} | ${fmt(u.errors)} | ${mdEscape(u.to)} | ${mdEscape(u.sources.join(", "))} |`);
    out.push(...cut(r.undeclared.length), "");
  }
  if (r.neverObserved.length > 0) {
    out.push("### Declared dependencies never observed", "", "| Caller | Tier | Relation | Dependency | Declared at |", "| --- | --- | --- | --- | --- |");
    for (const u of r.neverObserved.slice(0, MD_ROWS)) out.push(`| ${mdEscape(u.from)} | ${u.fromTier} | ${u.relation} | ${mdEscape(u.to)} | ${mdEscape(u.at)} |`);
    out.push(...cut(r.neverObserved.length), "");
  }
  if (r.unknownPeers.length > 0) {
    out.push("### Unknown peers", "", "| Name | Calls | Called by | Calls out to |", "| --- | ---: | --- | --- |");
    for (const p of r.unknownPeers.slice(0, MD_ROWS)) out.push(`| ${mdEscape(p.name)} | ${fmt(p.calls)} | ${mdEscape(peerList(p.callers)) || "—"} | ${mdEscape(peerList(p.callees)) || "—"} |`);
    out.push(...cut(r.unknownPeers.length), "");
  }
  if (r.ambiguous.length > 0) {
    out.push("### Ambiguous names", "", "| Name | Matched by | Candidates |", "| --- | --- | --- |");
    for (const a of r.ambiguous.slice(0, MD_ROWS)) out.push(`| ${mdEscape(a.name)} | ${a.by} | ${mdEscape(a.candidates.join(", "))} |`);
    out.push("");
  }
  return out.join("\n").replace(/\n+$/, "") + "\n";
}
