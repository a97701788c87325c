/** The coverage summary for a person (stderr after loading): what faultline could not see. */
import type { Coverage } from "../model/types.js";
import { safeText } from "./terminal.js";

const SHOWN = 8;

function names(list: readonly string[]): string {
  const shown = list.slice(0, SHOWN).map(safeText).join(", ");
  return list.length > SHOWN ? `${shown} and ${list.length - SHOWN} more` : shown;
}

const WHY: Record<string, string> = {
  "not-a-manifest": "not manifests (app configs, CI files, docs)",
  excluded: "excluded (--exclude, exclude: in the config)",
  "compose-variant": "Compose files `docker compose` does not read by default (name them with -m to combine them)",
  "helm-chart": "Helm charts (load `helm template` output instead)",
  "app-config: test resources": "test resources of an app",
};

/** A few lines, or "" when there is nothing to say (a native-only estate with nothing skipped). */
export function formatCoverage(c: Coverage): string {
  const lines: string[] = [];
  if (c.imported > 0) {
    const e = c.edges;
    lines.push(`coverage: ${c.imported} imported service${c.imported === 1 ? "" : "s"}; dependencies ${e.declared} declared, ${e.inferred} inferred, ${e.possible} possible${e.possible > 0 ? " (left out of analyses; --include-possible keeps them)" : ""}`);
    if (c.unknown.length > 0) lines.push(`  ${c.unknown.length} with no dependency faultline could see: ${names(c.unknown)}`);
    if (c.declaredOnly.length > 0) lines.push(`  ${c.declaredOnly.length} with declared dependencies only (calls made from code are not visible): ${names(c.declaredOnly)}`);
    if (c.unresolved.length > 0) lines.push(`  ${c.unresolved.length} address${c.unresolved.length === 1 ? "" : "es"} leading to no workload of the load: ${names(c.unresolved.map((u) => `${u.service} → ${u.host} (${u.via}${u.why !== undefined ? `; ${u.why}` : ""})`))}`);
    for (const p of c.composeProjects) if (p.files.length > 1) lines.push(`  compose ${safeText(p.folder)}: combined ${p.files.map((f) => safeText(f.slice(f.lastIndexOf("/") + 1))).join(" + ")}`);
    for (const p of c.composeProjects) {
      if (!p.leftOut || p.leftOut.length === 0) continue;
      const active = p.activeProfiles && p.activeProfiles.length > 0 ? `profiles ${p.activeProfiles.map(safeText).join(", ")} active` : "no profile active";
      lines.push(`  compose ${safeText(p.folder)}: ${active}; left out ${p.leftOut.length} service${p.leftOut.length === 1 ? "" : "s"} (--profile adds them): ${names(p.leftOut.map((l) => `${l.service} [${l.profiles.join(", ")}]`))}`);
    }
  }
  if (c.skipped.length > 0) {
    const groups = new Map<string, string[]>();
    for (const s of c.skipped) {
      const why = WHY[s.why] ?? s.why;
      let list = groups.get(why);
      if (!list) groups.set(why, (list = []));
      list.push(s.file);
    }
    const parts = [...groups].map(([why, files]) => (why === WHY["not-a-manifest"] ? `${files.length} ${why}` : `${names(files)}: ${why}`));
    lines.push(`${c.imported > 0 ? "  " : "coverage: "}skipped ${c.skipped.length} file${c.skipped.length === 1 ? "" : "s"} or folder${c.skipped.length === 1 ? "" : "s"}: ${parts.join("; ")}`);
  }
  return lines.length > 0 ? lines.join("\n") + "\n" : "";
}

/**
 * The one-line caveat of `blast` and `spof` when the answer may miss something: services whose
 * dependencies faultline could not (fully) see, other than those already in the answer.
 */
export function coverageCaveat(c: Coverage | undefined, inAnswer: ReadonlySet<string> = new Set()): string {
  if (!c) return "";
  const blind = [...new Set([...c.unknown, ...c.declaredOnly])].filter((id) => !inAnswer.has(id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (blind.length === 0) return "";
  return `note: ${blind.length} service${blind.length === 1 ? " has" : "s have"} dependencies faultline cannot (fully) see (${names(blind)}): the answer may miss them; see \`faultline validate\`\n`;
}
