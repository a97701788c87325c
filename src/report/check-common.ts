/** What the check reporters share: the change described as lines, without any escaping. */
import type { EstateDiff } from "../analysis/diff.js";
import type { SourcePos } from "../diagnostics/diagnostics.js";
import type { CheckResult } from "../policy/check.js";

/** One line of the change: a sign (+ added, - removed, ~ changed, ! redundancy lost), text and place. */
export interface ChangeLine {
  sign: "+" | "-" | "~" | "!";
  text: string;
  at?: SourcePos;
}

/** The change as lines, in a fixed order: nodes, dependencies, strength, redundancy, tiers. */
export function changeLines(d: EstateDiff): ChangeLine[] {
  const out: ChangeLine[] = [];
  for (const s of d.services.added) out.push({ sign: "+", text: `service ${s.id}`, at: s.at });
  for (const s of d.services.removed) out.push({ sign: "-", text: `service ${s.id}`, at: s.at });
  for (const s of d.locations.added) out.push({ sign: "+", text: `location ${s.id}`, at: s.at });
  for (const s of d.locations.removed) out.push({ sign: "-", text: `location ${s.id}`, at: s.at });
  const dep = (x: EstateDiff["dependencies"]["added"][number]) =>
    `dependency ${x.from} → ${x.to} (${x.relation === "group" && x.group ? `${x.group.soft ? "soft " : ""}${x.group.quorum === 1 ? "anyOf" : `quorum ${x.group.quorum} of`} [${x.group.members.join(", ")}]` : x.relation})`;
  for (const x of d.dependencies.added) out.push({ sign: "+", text: dep(x), at: x.at });
  for (const x of d.dependencies.removed) out.push({ sign: "-", text: dep(x), at: x.at });
  for (const x of d.strength) out.push({ sign: "~", text: `${x.from} → ${x.to.join(", ")}: ${x.change === "soft-to-hard" ? "soft → hard" : "hard → soft"}`, at: x.at });
  for (const x of d.redundancy)
    out.push({ sign: x.effect === "lost" ? "!" : "~", text: `redundancy ${x.effect}: ${x.service}, ${x.change.replace(/-/g, " ")} ${x.nodes.join(", ")} (${x.detail})`, at: x.at });
  for (const x of d.tiers) out.push({ sign: "~", text: `tier of ${x.id}: ${x.from} → ${x.to}`, at: x.at });
  return out;
}

/** `file:line:col`. */
export function where(at: SourcePos | undefined): string {
  return at ? `${at.file}:${at.line}:${at.column}` : "";
}

/** One-line verdict. */
export function verdict(r: CheckResult): string {
  const n = r.summary;
  const parts = [`${n.new.error} new error${n.new.error === 1 ? "" : "s"}`, `${n.new.warning} new warning${n.new.warning === 1 ? "" : "s"}`, `${n.known} known`];
  if (n.staleBaseline) parts.push(`${n.staleBaseline} stale baseline entr${n.staleBaseline === 1 ? "y" : "ies"}`);
  return `${r.passed ? "passed" : "failed"}: ${parts.join(", ")} (fails on ${r.failOn === "error" ? "new errors" : "new errors and warnings"})`;
}

/** What the check examined, when it examined only what the change can affect (else undefined). */
export function scopeLine(r: CheckResult): string | undefined {
  const s = r.scope;
  if (s.mode !== "change") return undefined;
  return `examined ${s.examined} of ${s.services} services: those the change can affect; risks elsewhere are neither new nor listed (--scope all lists them)`;
}

/** `3 → 5`, `— → 5` for a side without the service. */
export function fromTo(a: number | undefined, b: number | undefined): string {
  return `${a ?? "—"} → ${b ?? "—"}`;
}

/** The headline about the gate's inputs, or undefined when there is nothing to say. */
export function gateHeadline(r: CheckResult): string | undefined {
  const g = r.gateInputs;
  if (!g) return undefined;
  const names = g.changed.map((c) => `${c.input} (${c.file})`).join(", ");
  if (g.from === "head") return g.changed.length > 0 ? `gate inputs read from the change, which edits them: ${names}` : undefined;
  return g.changed.length > 0 ? `the change edits the gate's inputs: ${names}; the base's are used, the new ones take effect after merge` : undefined;
}

/** The differences of the gate's inputs as lines (`policy faultline.policy.yaml: rule x: error → off`). */
export function gateLines(r: CheckResult): string[] {
  return (r.gateInputs?.changed ?? []).flatMap((c) => c.differences.map((d) => `${c.input} ${c.file}: ${d}`));
}
