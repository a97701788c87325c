/** The `scenarios` result for a person (text) and for a wiki or pull request (Markdown). */
import type { ScenariosResult } from "../analysis/scenarios.js";
import { capMarkdown, mdCode, mdEscape } from "./escape/markdown.js";
import { PLAIN, safeText, table, type Style } from "./terminal.js";

const LIST = 5;
const short = (ids: readonly string[]) => (ids.length > LIST ? `${ids.slice(0, LIST).join(", ")}, … (+${ids.length - LIST})` : ids.join(", "));

/** Text: one row per scenario, most damaging first. */
export function formatScenariosText(r: ScenariosResult, style: Style = PLAIN): string {
  const head = style.bold(`Standard failure scenarios`) + ` for ${r.summary.services} services, ranked by damage (critical services down, then services down, then degraded)`;
  if (r.scenarios.length === 0) return head + "\n\nNo locations: add Location documents to get scenarios.\n";
  const obs = r.summary.observed;
  const rows = r.scenarios.map((s, i) => [String(i + 1), s.name, s.scope, String(s.servicesDown), String(s.servicesDegraded), String(s.criticalDown), short(s.critical), ...(obs ? [short(s.observedOnly ?? [])] : [])].map(safeText));
  const headObs = obs ? `\n  ${obs.scenariosWithObservedOnly} of them reach services only through observed calls (${obs.edges} observed-only edge${obs.edges === 1 ? "" : "s"}, counted ${obs.as})` : "";
  const t = table(["#", "SCENARIO", "SCOPE", "DOWN", "DEGRADED", "CRITICAL DOWN", "CRITICAL SERVICES", ...(obs ? ["ONLY THROUGH OBSERVED"] : [])], rows, [
    undefined,
    (c) => style.bold(c),
    undefined,
    (c, i) => (r.scenarios[i]!.servicesDown > 0 ? style.red(c) : style.green(c)),
    (c, i) => (r.scenarios[i]!.servicesDegraded > 0 ? style.yellow(c) : c),
    (c, i) => (r.scenarios[i]!.criticalDown > 0 ? style.red(style.bold(c)) : c),
    (c) => style.dim(c),
    (c) => style.yellow(c),
  ]);
  return head + headObs + "\n\n" + t + "\n";
}

const mdList = (ids: readonly string[]) =>
  ids.length === 0 ? "—" : ids.slice(0, LIST).map(mdCode).join(", ") + (ids.length > LIST ? `, … (+${ids.length - LIST})` : "");

/** Markdown: the same table. */
export function formatScenariosMarkdown(r: ScenariosResult): string {
  const out = [
    "## Standard failure scenarios",
    "",
    `${r.summary.services} services, ranked by damage (critical services down, then services down, then degraded).`,
    "",
    "| # | Scenario | Scope | Down | Degraded | Critical down | Critical services |",
    "|---:|---|---|---:|---:|---:|---|",
  ];
  r.scenarios.forEach((s, i) => out.push(`| ${i + 1} | ${mdEscape(s.name)} | ${mdEscape(s.scope)} | ${s.servicesDown} | ${s.servicesDegraded} | ${s.criticalDown} | ${mdList(s.critical)} |`));
  return capMarkdown(out);
}
