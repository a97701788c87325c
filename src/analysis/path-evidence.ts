/**
 * The evidence of each step of the explanation paths of a blast result: for a dependency hop
 * (`cart ← valkey-cart`), how the dependency is known and where (`inferred: VALKEY_ADDR,
 * compose.yaml:120`). Placement and parent hops have none; a result whose steps are all
 * native `dependsOn` (no variable or field to name) gets none. Only done while the paths of the
 * result hold at most MAX_STEPS ids, so a huge result costs no more than before.
 */
import type { EvidenceKind } from "../model/entities.js";
import type { Estate } from "../model/types.js";

/** One dependency hop of a path, or null for a placement or parent hop. */
export interface PathStep {
  evidence: EvidenceKind;
  via?: string;
  file: string;
  line: number;
}

export const MAX_STEPS = 200_000;

/** What this module needs of a blast result (its impacts' paths), so it need not import blast-radius. */
export interface WithPaths {
  impacts: ReadonlyArray<{ path: readonly string[] }>;
}

/** Adds `steps` (one per hop of `path`) to every impact of `result`, in place. */
export function addPathEvidence(estate: Estate, result: WithPaths): void {
  let total = 0;
  for (const i of result.impacts) total += i.path.length;
  if (total > MAX_STEPS) return;
  const g = estate.graph;
  const all: Array<Array<PathStep | null>> = [];
  let imported = false;
  for (const impact of result.impacts) {
    const steps: Array<PathStep | null> = [];
    for (let k = 0; k + 1 < impact.path.length; k++) {
      let step: PathStep | null = null;
      for (const e of g.edges(impact.path[k]!, impact.path[k + 1]!)) {
        const a = g.getEdgeAttributes(e);
        if (a.relation === "parent" || a.relation === "runsOn" || !a.evidence) continue;
        step = { evidence: a.evidence.kind, file: a.at.file, line: a.at.line };
        if (a.evidence.via !== undefined) {
          step.via = a.evidence.via;
          imported = true;
        }
        // A hard edge explains a `down` better than a soft one: prefer it.
        if (a.relation !== "soft") break;
      }
      steps.push(step);
    }
    all.push(steps);
  }
  // Native manifests say only `dependsOn`: their steps would add nothing but bytes.
  if (!imported) return;
  result.impacts.forEach((impact, k) => ((impact as { steps?: Array<PathStep | null> }).steps = all[k]!));
}
