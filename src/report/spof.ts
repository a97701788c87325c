/** The `spof` results for a person: the ranking of all nodes, and one service's single points. */
import { pathText } from "./blast-text.js";
import type { SpofForResult, SpofRanking } from "../analysis/spof.js";
import { PLAIN, safeText, table, type Style } from "./terminal.js";

const LIST = 6;
const short = (ids: readonly string[] | undefined, total: number) => {
  if (!ids) return "";
  const shown = ids.slice(0, LIST).join(", ");
  return total > LIST ? `${shown}, … (+${total - LIST})` : shown;
};

/** Text ranking: a headline, then one row per node, most damaging first. */
export function formatSpofText(r: SpofRanking, style: Style = PLAIN, options: { limit?: number } = {}): string {
  const tierWord = r.tier === "critical" ? "critical" : `${r.tier}-or-above`;
  const head = [
    style.bold("Single points of failure") + ` (ranked by ${tierWord} services down, then all services down)`,
    `  ${r.summary.singlePoints} of ${r.summary.nodes} nodes take down at least one other service on their own; ` +
      (r.summary.singlePointsAtTier === 0 ? style.green(`none takes down a ${tierWord} service`) : style.red(`${r.summary.singlePointsAtTier} take down a ${tierWord} service`)),
  ];
  if (r.nodes.length === 0) return head.join("\n") + "\n\nNo single failure takes down another service.\n";
  const limit = options.limit ?? Infinity;
  const shown = r.nodes.slice(0, limit);
  const rows = shown.map((n, i) =>
    [String(i + 1), n.id, n.kind === "service" ? `service (${n.tier})` : "location", n.hosting, String(n.servicesDownAtTier), String(n.servicesDown), short(n.servicesAtTier, n.servicesDownAtTier)].map(safeText),
  );
  const t = table(["#", "NODE", "KIND", "HOSTING", tierWord.toUpperCase() + " DOWN", "SERVICES DOWN", tierWord.toUpperCase() + " SERVICES DOWN"], rows, [
    undefined,
    (c) => style.bold(c),
    undefined,
    undefined,
    (c, i) => (shown[i]!.servicesDownAtTier > 0 ? style.red(c) : c),
    undefined,
    (c) => style.dim(c),
  ]);
  const more = r.nodes.length > shown.length ? `\n… and ${r.nodes.length - shown.length} more (use --limit or --json for all)` : "";
  return head.join("\n") + "\n\n" + t + more + "\n";
}

/** Text for one service: each single point of failure with the path that takes the service down. */
export function formatSpofForText(r: SpofForResult, style: Style = PLAIN): string {
  const n = r.singlePointsOfFailure.length;
  const head = style.bold(`Single points of failure of ${safeText(r.service)}`) + `: ${n === 0 ? style.green("none") : style.red(String(n))}`;
  if (n === 0) return head + "\n\nNo single failure takes it down.\n";
  const rows = r.details.map((d) => [d.id, d.kind === "service" ? `service (${d.tier})` : "location", d.hosting, pathText(d.path, d.observedSteps)].map(safeText));
  return head + "\n\n" + table(["NODE", "KIND", "HOSTING", "PATH"], rows, [(c) => style.bold(c), undefined, undefined, (c) => style.dim(c)]) + "\n";
}
