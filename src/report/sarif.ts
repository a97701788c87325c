/**
 * `faultline check --format sarif`: SARIF 2.1.0 for GitHub code scanning. Locations are
 * relative to the repository root (`uriBaseId: %SRCROOT%`); fingerprints are the
 * violations' own (rule + nodes), so alerts follow a risk across commits, not a line.
 */
import type { CheckResult } from "../policy/check.js";
import type { SourcePos } from "../diagnostics/diagnostics.js";

export interface SarifOptions {
  /** faultline's version, for tool.driver.version. */
  version: string;
  /** The folder of the displayed paths relative to the repository root, with a trailing `/` ("" at the top). */
  srcRootPrefix?: string;
}

/** Repository-relative, percent-encoded URI of a displayed path; absolute paths become file URIs. */
export function artifactUri(file: string, prefix = ""): { uri: string; uriBaseId?: string } {
  const enc = (p: string) => p.split("/").map(encodeURIComponent).join("/");
  if (file.startsWith("/")) return { uri: "file://" + enc(file) };
  const parts: string[] = [];
  for (const seg of (prefix + file).split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") parts.pop();
    else parts.push(seg);
  }
  return { uri: enc(parts.join("/")), uriBaseId: "%SRCROOT%" };
}

const LEVEL = { error: "error", warning: "warning", off: "none" } as const;

function physical(at: SourcePos, prefix: string) {
  return { physicalLocation: { artifactLocation: artifactUri(at.file, prefix), region: { startLine: at.line, startColumn: at.column } } };
}

/** Renders the check result as a SARIF 2.1.0 log. */
export function formatSarif(r: CheckResult, options: SarifOptions): string {
  const prefix = options.srcRootPrefix ?? "";
  const ruleIndex = new Map(r.rules.map((x, i) => [x.id, i]));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "faultline",
            version: options.version,
            semanticVersion: options.version,
            rules: r.rules.map((x) => ({
              id: x.id,
              name: x.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: x.shortDescription },
              fullDescription: { text: x.fullDescription },
              help: { text: x.help, markdown: x.help },
              defaultConfiguration: { level: LEVEL[x.severity], enabled: x.severity !== "off" },
            })),
          },
        },
        columnKind: "unicodeCodePoints",
        // The change and the blast-radius difference, for tools that read the log beyond results.
        properties: { faultline: { passed: r.passed, failOn: r.failOn, summary: r.summary, change: r.change, blastDiff: r.blastDiff } },
        results: r.violations.map((v) => {
          const res: Record<string, unknown> = {
            ruleId: v.rule,
            ruleIndex: ruleIndex.get(v.rule),
            level: v.severity,
            message: { text: v.path.length > 1 ? `${v.message}. Path: ${v.path.join(" → ")}` : v.message },
            locations: v.location ? [physical(v.location, prefix)] : [],
            partialFingerprints: { "faultline/v1": v.fingerprint },
            baselineState: v.status === "new" ? "new" : "unchanged",
            properties: { nodes: v.nodes, path: v.path, status: v.status, ...(v.knownFrom ? { knownFrom: v.knownFrom } : {}) },
          };
          return res;
        }),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
