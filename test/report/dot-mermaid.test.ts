import { describe, expect, it } from "vitest";
import { buildView } from "../../src/picture/view.js";
import { blastRadius } from "../../src/analysis/blast-radius.js";
import { renderDot } from "../../src/report/dot.js";
import { dotString } from "../../src/report/escape/dot.js";
import { renderMermaid } from "../../src/report/mermaid.js";
import { mermaidText } from "../../src/report/escape/mermaid.js";
import { STATE_COLOURS } from "../../src/picture/palette.js";
import { HOSTILE, LOCATIONS, SERVICES, pictureEstate } from "./picture-estate.js";

/** Reads a DOT double-quoted string starting at `i`; returns its value and the index after it. */
function readDotString(s: string, i: number): { value: string; end: number } {
  expect(s[i]).toBe('"');
  let v = "";
  for (let k = i + 1; k < s.length; k++) {
    if (s[k] === "\\") {
      const n = s[++k]!;
      v += n === "n" ? "\n" : n === '"' || n === "\\" ? n : `\\${n}`;
    } else if (s[k] === '"') return { value: v, end: k + 1 };
    else if (s[k] === "\n") throw new Error("line break inside a DOT string");
    else v += s[k];
  }
  throw new Error("unterminated DOT string");
}

/** Every quoted string of a DOT document, decoded; throws when one is malformed. */
function dotStrings(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"') {
      const r = readDotString(s, i);
      out.push(r.value);
      i = r.end - 1;
    }
  }
  return out;
}

describe("report/dot", () => {
  it("quotes and escapes so that user text can neither end a string nor use an escape", () => {
    expect(dotString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(readDotString(dotString(HOSTILE), 0).value).toBe(HOSTILE);
  });

  it("has one cluster per location, nested, every service once, and the hostile text intact", () => {
    const dot = renderDot(buildView(pictureEstate()));
    const strings = dotStrings(dot);
    for (const l of LOCATIONS) expect(dot).toContain(`subgraph ${dotString(`cluster_${l}`)} {`);
    for (const s of SERVICES) expect(dot.match(new RegExp(`^\\s*${dotString(s).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\[label=`, "gm"))).toHaveLength(1);
    // Nesting: the zone's cluster opens after the region's and before the region's closes.
    const region = dot.indexOf('subgraph "cluster_aws/us-east-1" {');
    const zone = dot.indexOf('subgraph "cluster_aws/us-east-1/az1" {');
    expect(zone).toBeGreaterThan(region);
    // Braces balance outside quoted strings.
    let depth = 0;
    for (let i = 0; i < dot.length; i++) {
      if (dot[i] === '"') i = readDotString(dot, i).end - 1;
      else if (dot[i] === "{") depth++;
      else if (dot[i] === "}") expect(--depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
    expect(strings.some((s) => s.includes(HOSTILE))).toBe(true);
    expect(dot).toContain('"api" -> "db-a" [label="2/3"');
    expect(dot).toMatch(/"web" -> "recs" \[style=dashed/);
    expect(dot).toContain('"loop-b" -> "location:aws/us-east-1"');
  });

  it("colours nodes by the states blastRadius computes", () => {
    const estate = pictureEstate();
    const blast = blastRadius(estate, ["aws/us-east-1/az1"]);
    const dot = renderDot(buildView(estate, { blast }));
    const state = new Map<string, string>(blast.impacts.map((i) => [i.id, i.state]));
    for (const s of SERVICES) {
      const line = dot.split("\n").find((l) => l.trimStart().startsWith(`${dotString(s)} [label=`))!;
      expect(line, s).toContain(`fillcolor="${STATE_COLOURS[(state.get(s) ?? "up") as "up"].fill}"`);
    }
    expect(dot).toMatch(/label="az1 · zone · FAILED"/);
  });
});

describe("report/mermaid", () => {
  it("turns every syntax character into an entity", () => {
    expect(mermaidText('a"b<c>d&e#f`g\nh')).toBe("a#34;b#60;c#62;d#38;e#35;f#96;g h");
    expect(mermaidText(HOSTILE)).not.toMatch(/["<>&`\n]/);
  });

  it("has one subgraph per location, sanitised ids, quoted labels and the failure classes", () => {
    const estate = pictureEstate();
    const blast = blastRadius(estate, ["db-a", "db-c"]);
    const view = buildView(estate, { blast });
    const mm = renderMermaid(view);
    const lines = mm.split("\n");
    expect(lines[1]).toBe("flowchart TB");
    expect(lines.filter((l) => /^\s*subgraph /.test(l))).toHaveLength(LOCATIONS.length);
    expect(lines.filter((l) => /^\s*subgraph /.test(l)).length).toBe(lines.filter((l) => l.trim() === "end").length);
    // Ids are N<i>/L<i> only; labels are quoted and contain no raw quote.
    for (const l of lines.filter((x) => /\[".*"\]$/.test(x))) {
      expect(l).toMatch(/^\s*(subgraph )?[NL]\d+\["[^"]*"\]$/);
    }
    expect(mm).toContain(mermaidText(HOSTILE));
    const idOf = new Map(view.nodes.map((n, i) => [n.id, `N${i}`]));
    const state = new Map<string, string>(blast.impacts.map((i) => [i.id, i.state]));
    for (const st of ["down", "degraded", "up"]) {
      const want = SERVICES.filter((s) => (blast.failed.includes(s) ? "down" : (state.get(s) ?? "up")) === st).map((s) => idOf.get(s)!);
      const line = lines.find((l) => l.trim().startsWith("class ") && l.trim().endsWith(` ${st}`));
      expect(line?.trim().split(" ")[1]!.split(",").sort() ?? [], st).toEqual(want.sort());
    }
    expect(lines.find((l) => l.trim().endsWith(" failed") && l.trim().startsWith("class "))!.trim()).toBe(`class ${idOf.get("db-a")},${idOf.get("db-c")} failed`);
    expect(mm).toContain(`${idOf.get("api")} -->|"2/3"| ${idOf.get("db-a")}`);
    expect(mm).toContain(`${idOf.get("web")} -.-> ${idOf.get("recs")}`);
  });
});
