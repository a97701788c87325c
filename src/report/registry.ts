/**
 * The reporter registry: one table from (result kind, format) to a reporter, imported lazily so
 * that a command loads only the reporter it prints with. Every reporter has one signature,
 * `(result, options) => string` (or a promise of one, for pictures); `json` is one generic reporter.
 * A reporter may return its text as pieces made on demand (exposure's do), which `report` hands to
 * `options.write` one at a time (or joins, without it).
 */
import type { Style } from "./terminal.js";
import type { Estate } from "../model/types.js";
import type { HtmlOptions } from "../explorer/html.js";

/**
 * What a result is, so that `report` knows which reporters apply. Three kinds are notes about
 * another result, for a person (stderr), and are always asked for by name: `coverage` (an
 * estate's `coverage`: what faultline could not see), `coverage-caveat` (the same coverage: the
 * one-line caveat of an answer, `options.answer` naming the ids already in it) and
 * `picture-size` (a view: the warning for a picture too large to read, `options.focused`).
 */
export type ResultKind = "load" | "blast" | "estate" | "view" | "exposure" | "spof" | "spof-for" | "risk" | "scenarios" | "check" | "drift" | "availability" | "fault-tree" | "coverage" | "coverage-caveat" | "picture-size";

export interface ReportOptions {
  /** The result's kind; found from its shape when left out. */
  kind?: ResultKind;
  /** Terminal colours for text reports (default: none). */
  style?: Style;
  /** Most rows in text tables (blast, spof, risk). */
  limit?: number;
  /** Contributors shown per service (availability text and Markdown). */
  top?: number;
  /** faultline's version, named in SARIF. */
  version?: string;
  /** The path of the working folder inside its repository, for SARIF and GitHub file names. */
  srcRootPrefix?: string;
  /** The explorer page (`estate` as `html`): renderer and the state it opens in. */
  explorer?: HtmlOptions;
  /** `coverage-caveat`: the ids already in the answer (failed and impacted), not named again. */
  answer?: Iterable<string>;
  /** `picture-size`: the view is focused on one service's neighbourhood (never too large). */
  focused?: boolean;
  /**
   * Where the text goes: given, the report is handed to `write` — in pieces as they are made, for
   * reports that can be very large (`exposure`), waiting for a promise it returns before the next
   * piece — and `report` resolves to `""`.
   */
  write?: (chunk: string) => void | Promise<void>;
}

/** A reporter's text: whole, or in pieces made as they are asked for (for reports that can be very large). */
type ReportText = string | Iterable<string>;
export type Reporter = (result: never, options: ReportOptions) => ReportText | Promise<ReportText>;
type Lazy = () => Promise<Reporter>;

const json: Lazy = async () => ((r: unknown) => JSON.stringify(r, null, 2) + "\n") as Reporter;
const limitOf = (o: ReportOptions) => (o.limit !== undefined ? { limit: o.limit } : {});

/** `validate`: the load's summary line, or {schemaVersion, ok, files, diagnostics}. */
interface LoadLike {
  ok: boolean;
  estate: { files: string[]; graph: { size: number; forEachNode(cb: (id: string, a: { kind: string }) => void): void } };
  diagnostics: unknown[];
}
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;

const REPORTERS: { readonly [K in ResultKind]: ReadonlyMap<string, Lazy> } = {
  load: new Map<string, Lazy>([
    ["text", async () => ((r: LoadLike) => {
      let services = 0;
      let locations = 0;
      r.estate.graph.forEachNode((_id, a) => (a.kind === "service" ? services++ : locations++));
      return `ok: ${plural(r.estate.files.length, "file")}, ${services} services, ${locations} locations, ${r.estate.graph.size} relations\n`;
    }) as Reporter],
    [
      "json",
      async () => {
        const { graphToJson } = await import("./graph-json.js");
        // The coverage and the set-aside dependencies (possible ones, start-up order) appear when there is something to say.
        return ((r: LoadLike) => {
          const out: Record<string, unknown> = { schemaVersion: 1, ok: r.ok, files: r.estate.files, diagnostics: r.diagnostics };
          const c = (r.estate as unknown as Estate).coverage;
          if (c && (c.imported > 0 || c.skipped.length > 0)) out.coverage = c;
          const aside = graphToJson(r.estate as unknown as Estate).setAside;
          if (aside) out.setAside = aside;
          return JSON.stringify(out, null, 2) + "\n";
        }) as Reporter;
      },
    ],
  ]),
  blast: new Map<string, Lazy>([
    ["text", async () => { const m = await import("./blast-text.js"); return ((r, o) => m.formatBlastText(r, o.style, limitOf(o))) as Reporter; }],
    ["json", json],
  ]),
  estate: new Map<string, Lazy>([
    ["json", async () => { const m = await import("./graph-json.js"); return ((r) => JSON.stringify(m.graphToJson(r), null, 2) + "\n") as Reporter; }],
    ["html", async () => { const m = await import("../explorer/html.js"); return ((r, o) => m.renderHtml(r, o.explorer)) as Reporter; }],
  ]),
  view: new Map<string, Lazy>([
    ["svg", async () => (await import("./svg.js")).renderSvg as Reporter],
    ["dot", async () => (await import("./dot.js")).renderDot as Reporter],
    ["mermaid", async () => (await import("./mermaid.js")).renderMermaid as Reporter],
  ]),
  exposure: new Map<string, Lazy>([
    ["text", async () => { const m = await import("./exposure.js"); return ((r, o) => m.exposureTextPieces(r, o.style)) as Reporter; }],
    ["json", async () => (await import("./exposure.js")).exposureJsonPieces as Reporter],
    ["markdown", async () => (await import("./exposure.js")).formatExposureMarkdown as Reporter],
  ]),
  spof: new Map<string, Lazy>([
    ["text", async () => { const m = await import("./spof.js"); return ((r, o) => m.formatSpofText(r, o.style, limitOf(o))) as Reporter; }],
    ["json", json],
  ]),
  "spof-for": new Map<string, Lazy>([
    ["text", async () => { const m = await import("./spof.js"); return ((r, o) => m.formatSpofForText(r, o.style)) as Reporter; }],
    ["json", json],
  ]),
  risk: new Map<string, Lazy>([
    ["text", async () => { const m = await import("./risk.js"); return ((r, o) => m.formatRiskText(r, o.style, limitOf(o))) as Reporter; }],
    ["json", json],
  ]),
  scenarios: new Map<string, Lazy>([
    ["text", async () => { const m = await import("./scenarios.js"); return ((r, o) => m.formatScenariosText(r, o.style)) as Reporter; }],
    ["json", json],
    ["markdown", async () => (await import("./scenarios.js")).formatScenariosMarkdown as Reporter],
  ]),
  drift: new Map<string, Lazy>([
    ["text", async () => { const m = await import("./drift.js"); return ((r, o) => m.formatDriftText(r, o.style, limitOf(o))) as Reporter; }],
    ["json", json],
    ["markdown", async () => (await import("./drift.js")).formatDriftMarkdown as Reporter],
  ]),
  availability: new Map<string, Lazy>([
    ["text", async () => { const m = await import("./availability.js"); return ((r, o) => m.formatAvailabilityText(r, o.style, o.top !== undefined ? { top: o.top } : {})) as Reporter; }],
    ["json", json],
    ["markdown", async () => { const m = await import("./availability.js"); return ((r, o) => m.formatAvailabilityMarkdown(r, o.top !== undefined ? { top: o.top } : {})) as Reporter; }],
  ]),
  "fault-tree": new Map<string, Lazy>([
    ["open-psa", async () => (await import("./open-psa.js")).renderOpenPsa as Reporter],
  ]),
  coverage: new Map<string, Lazy>([
    ["text", async () => (await import("./coverage-text.js")).formatCoverage as Reporter],
  ]),
  "coverage-caveat": new Map<string, Lazy>([
    ["text", async () => { const m = await import("./coverage-text.js"); return ((r, o) => m.coverageCaveat(r, new Set(o.answer ?? []))) as Reporter; }],
  ]),
  "picture-size": new Map<string, Lazy>([
    ["text", async () => { const m = await import("./picture-size.js"); return ((r, o) => m.largePictureWarning(r, o.focused ?? false) ?? "") as Reporter; }],
  ]),
  check: new Map<string, Lazy>([
    ["text", async () => { const m = await import("./check-text.js"); return ((r, o) => m.formatCheckText(r, o.style)) as Reporter; }],
    ["json", json],
    ["markdown", async () => (await import("./check-markdown.js")).formatCheckMarkdown as Reporter],
    ["sarif", async () => { const m = await import("./sarif.js"); return ((r, o) => m.formatSarif(r, { version: o.version ?? "0.0.0", ...(o.srcRootPrefix !== undefined ? { srcRootPrefix: o.srcRootPrefix } : {}) })) as Reporter; }],
    ["github", async () => { const m = await import("./github.js"); return ((r, o) => m.formatGithub(r, o.srcRootPrefix !== undefined ? { srcRootPrefix: o.srcRootPrefix } : {})) as Reporter; }],
  ]),
};

/** The formats that apply to a kind of result, in the order `--help` lists them. */
export function formatsFor(kind: ResultKind): string[] {
  return [...REPORTERS[kind].keys()];
}

/** The kind of a result, from its shape (results carry no tag, so JSON stays as the spec has it). */
export function kindOf(result: unknown): ResultKind | undefined {
  if (!result || typeof result !== "object") return undefined;
  const r = result as Record<string, unknown>;
  if ("estate" in r && "diagnostics" in r && "ok" in r) return "load";
  if ("graph" in r && "files" in r) return "estate";
  if ("nodes" in r && "locations" in r && "edges" in r && "collapsed" in r) return "view";
  if ("violations" in r && "passed" in r) return "check";
  if ("undeclared" in r && "neverObserved" in r) return "drift";
  if ("failed" in r && "impacts" in r) return "blast";
  if ("scenarios" in r && Array.isArray(r.scenarios)) return "scenarios";
  if ("assumptions" in r && "services" in r) return "availability";
  if ("top" in r && "gates" in r && "events" in r) return "fault-tree";
  if ("roots" in r && ("services" in r || ("serviceCount" in r && typeof r.service === "function"))) return "exposure";
  if ("singlePointsOfFailure" in r && "service" in r) return "spof-for";
  if ("groups" in r && "service" in r) return "risk";
  if ("nodes" in r && "tier" in r) return "spof";
  return undefined;
}

/** Thrown when a result has no reporter for the format asked. */
export class UnknownFormatError extends Error {
  constructor(
    readonly kind: ResultKind | undefined,
    readonly format: string,
  ) {
    super(kind ? `no ${JSON.stringify(format)} report for a ${kind} result (formats: ${formatsFor(kind).join(", ")})` : "report: cannot tell what kind of result this is; pass options.kind");
    this.name = "UnknownFormatError";
  }
}

/** Renders any faultline result in a format: `report(blastRadius(estate, ["aws"]), "text")`. */
export async function report(result: unknown, format: string, options: ReportOptions = {}): Promise<string> {
  const kind = options.kind ?? kindOf(result);
  const lazy = kind ? REPORTERS[kind].get(format) : undefined;
  if (!lazy) throw new UnknownFormatError(kind, format);
  const reporter = await lazy();
  const text = await (reporter as (r: unknown, o: ReportOptions) => ReportText | Promise<ReportText>)(result, options);
  const write = options.write;
  if (typeof text === "string") {
    if (!write) return text;
    if (text !== "") await write(text);
    return "";
  }
  if (!write) return [...text].join("");
  for (const piece of text) await write(piece);
  return "";
}
