/**
 * `faultline check --format github`: workflow commands that GitHub Actions turns into
 * annotations on the changed lines (`::error file=…,line=…,col=…,title=…::message`).
 */
import type { CheckResult } from "../policy/check.js";
import { artifactUri } from "./sarif.js";
import { changeLines, gateHeadline, gateLines, verdict, where } from "./check-common.js";
import { safeText } from "./terminal.js";
import { escapeData, escapeProperty, stopCommands } from "./escape/github.js";

export { escapeData, escapeProperty } from "./escape/github.js";

export interface GithubOptions {
  /** The folder of the displayed paths relative to the repository root, with a trailing `/`. */
  srcRootPrefix?: string;
}

/** Renders new violations as annotations, then a summary line. */
export function formatGithub(r: CheckResult, options: GithubOptions = {}): string {
  const out: string[] = [];
  for (const v of r.violations) {
    if (v.status !== "new") continue;
    const props: string[] = [];
    if (v.location) {
      const file = artifactUri(v.location.file, options.srcRootPrefix ?? "");
      // Annotations want a plain repository path, not a percent-encoded URI.
      props.push(`file=${escapeProperty(file.uriBaseId ? decodeURIComponent(file.uri) : v.location.file)}`, `line=${v.location.line}`, `col=${v.location.column}`);
    }
    props.push(`title=${escapeProperty(`faultline ${v.rule}`)}`);
    const body = v.path.length > 1 ? `${v.message}\npath: ${v.path.join(" → ")}` : v.message;
    out.push(`::${v.severity} ${props.join(",")}::${escapeData(safeText(body))}`);
  }
  const gate = gateHeadline(r);
  if (gate) {
    out.push(`::warning title=${escapeProperty("faultline: gate inputs changed")}::${escapeData(safeText(gate))}`);
    out.push(`::group::faultline: gate inputs the change edits`);
    out.push(...stopCommands(gateLines(r)));
    out.push("::endgroup::");
  }
  // Everything that is not an annotation is manifest text: wrapped in ::stop-commands:: blocks
  // (and neutralised line by line), so nothing in it can act as a workflow command.
  if (r.change) {
    const lines = changeLines(r.change);
    out.push(`::group::faultline: the change (${lines.length})`);
    out.push(...stopCommands(lines.map((l) => `  ${l.sign} ${l.text}${l.at ? `  ${where(l.at)}` : ""}`)));
    out.push("::endgroup::");
  }
  if (r.blastDiff.length > 0) {
    out.push(`::group::faultline: blast radius of changed services (services down, base → head)`);
    out.push(...stopCommands(r.blastDiff.map((b) => `  ${b.id}: ${b.base?.down ?? "—"} → ${b.head?.down ?? "—"}${b.newlyDown.length ? `; newly down: ${b.newlyDown.join(", ")}` : ""}`)));
    out.push("::endgroup::");
  }
  out.push(...stopCommands([`faultline check ${verdict(r)}`]));
  return out.join("\n") + "\n";
}
