/**
 * `faultline check --format github`: workflow commands that GitHub Actions turns into
 * annotations on the changed lines (`::error file=…,line=…,col=…,title=…::message`).
 */
import type { CheckResult } from "../policy/check.js";
import { artifactUri } from "./sarif.js";
import { verdict } from "./check-common.js";

/** Escapes the message part of a workflow command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a property value of a workflow command. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

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
    out.push(`::${v.severity} ${props.join(",")}::${escapeData(body)}`);
  }
  // A plain line, kept free of line breaks so manifest text cannot start a command.
  out.push(`faultline check ${verdict(r)}`.replace(/[\r\n]/g, " "));
  return out.join("\n") + "\n";
}
