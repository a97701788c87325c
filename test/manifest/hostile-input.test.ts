import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadEstate, loadSources } from "../../src/load/load.js";
import { DiagnosticBag } from "../../src/diagnostics/diagnostics.js";
import { DEFAULT_LIMITS } from "../../src/yaml/limits.js";
import { readYamlFile } from "../../src/yaml/read-yaml.js";
import { runCli } from "../helpers/cli.js";
import { loc, svc } from "../helpers/estate.js";

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "faultline-hostile-"));
}

function codes(text: string, limits = {}): string[] {
  return loadSources([{ file: "x.yaml", text }], { limits }).diagnostics.map((d) => d.code);
}

describe("manifest: resource limits", () => {
  it("refuses an alias bomb (billion laughs) quickly", async () => {
    const lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(",")}]`);
    const r = loadSources([{ file: "bomb.yaml", text: lines.join("\n") }]);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ code: "alias-bomb", file: "bomb.yaml", line: 1 });
  });

  it("expands ordinary aliases and merge keys", async () => {
    const text = "apiVersion: faultline/v1\nkind: Service\nmetadata: {name: a, labels: &l {team: x}, annotations: *l}\nspec:\n  <<: {tier: critical, owner: them}\n  owner: me\n";
    const r = loadSources([{ file: "m.yaml", text }]);
    expect(r.ok).toBe(true);
    const a = r.estate.graph.getNodeAttributes("a");
    expect(a).toMatchObject({ tier: "critical", owner: "me" });
    expect(a.annotations.get("team")).toBe("x");
  });

  it("refuses flow nesting tens of thousands deep without overflowing the stack", async () => {
    expect(codes("a: " + "[".repeat(50_000) + "]".repeat(50_000))).toEqual(["too-deep"]);
  });

  it("refuses block nesting deeper than the limit, and accepts it when raised", async () => {
    let deep = "";
    for (let i = 0; i < 150; i++) deep += " ".repeat(i) + `k${i}:\n`;
    expect(codes(deep)).toEqual(["too-deep"]);
    expect(codes(deep, { maxDepth: 400 })).toEqual(["unrecognised-document"]);
  });

  it("refuses files over the size limit", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "big.yaml"), "a: " + "x".repeat(2000) + "\n");
    const r = loadEstate([dir], { limits: { maxFileBytes: 1000 } });
    expect(r.diagnostics[0]).toMatchObject({ code: "file-too-large", file: expect.stringMatching(/big\.yaml$/), line: 1 });
  });

  it("refuses a file with too many documents before parsing it", async () => {
    expect(codes("a: 1\n---\n".repeat(200), { maxDocuments: 100 })).toEqual(["too-many-documents"]);
  });

  it("summarises thousands of unrecognised documents in one warning", async () => {
    const r = loadSources([{ file: "x.yaml", text: "a: 1\n---\n".repeat(5000) }]);
    expect(r.diagnostics).toHaveLength(21);
    expect(r.diagnostics.filter((d) => /^4980 more unrecognised documents/.test(d.message))).toHaveLength(1);
  });

  it("refuses very long names and keeps long notes", async () => {
    expect(codes(svc("a" + "x".repeat(300)))).toEqual(["bad-name"]);
    const r = loadSources([{ file: "n.yaml", text: svc("b") + svc("a", `{dependsOn: [{ref: b, note: "${"n".repeat(100_000)}"}]}`) }]);
    expect(r.ok).toBe(true);
  });

  it("bounds the total number of YAML nodes", async () => {
    expect(codes(svc("a") + svc("b"), { maxNodes: 5 })).toContain("too-many-nodes");
  });
});

describe("manifest: bad bytes", () => {
  it("reports a binary file", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "bin.yaml"), Buffer.from([0x61, 0x3a, 0x0a, 0x00, 0x01]));
    expect(loadEstate([dir]).diagnostics[0]).toMatchObject({ code: "binary-file", line: 2, column: 1 });
  });

  it("reports invalid UTF-8 with its line and column", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "bad.yaml"), Buffer.concat([Buffer.from("a: b\nc: "), Buffer.from([0xff, 0xfe]), Buffer.from("\n")]));
    expect(loadEstate([dir]).diagnostics[0]).toMatchObject({ code: "invalid-utf8", line: 2, column: 4 });
  });

  it("reads a BOM and CRLF line ends", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "crlf.yaml"), "\ufeff" + svc("a").replace(/\n/g, "\r\n") + svc("b", "{dependsOn: [nope]}").replace(/\n/g, "\r\n"));
    const r = loadEstate([dir]);
    expect(r.estate.graph.hasNode("a")).toBe(true);
    expect(r.diagnostics[0]).toMatchObject({ code: "unknown-reference", line: 9, column: 20 });
  });

  it("explains a tab used for indentation", async () => {
    const r = loadSources([{ file: "t.yaml", text: "apiVersion: faultline/v1\nkind: Service\nmetadata:\n\tname: x\n" }]);
    expect(r.diagnostics[0]).toMatchObject({ code: "yaml-syntax", line: 4, found: "a tab character" });
    expect(r.diagnostics[0]!.hint).toMatch(/spaces/);
  });
});

describe("manifest: files and folders", () => {
  it("never loops on symbolic-link cycles and never leaves the named folders", async () => {
    const dir = tmp();
    const outside = tmp();
    writeFileSync(join(outside, "secret.yaml"), svc("secret"));
    mkdirSync(join(dir, "m"));
    writeFileSync(join(dir, "m", "a.yaml"), svc("a"));
    symlinkSync(join(dir, "m"), join(dir, "m", "loop"));
    symlinkSync(outside, join(dir, "m", "escape"));
    symlinkSync(join(outside, "secret.yaml"), join(dir, "m", "secret.yaml"));
    const r = loadEstate([join(dir, "m")]);
    expect(r.estate.graph.nodes()).toEqual(["a"]);
    expect(r.diagnostics.filter((d) => d.code === "link-outside")).toHaveLength(2);
  });

  it("reports an unreadable file and goes on", async () => {
    // As root every file is readable, so make the read fail the way a vanished file does.
    const bag = new DiagnosticBag();
    const docs = readYamlFile(join(tmp(), "gone.yaml"), "gone.yaml", DEFAULT_LIMITS, bag, { nodes: 0 });
    expect(docs).toEqual([]);
    expect(bag.items[0]).toMatchObject({ code: "unreadable-file", file: "gone.yaml", line: 1, message: "cannot read file: ENOENT" });
  });

  it("reads thousands of files in sorted order", async () => {
    const dir = tmp();
    for (let i = 0; i < 2000; i++) writeFileSync(join(dir, `s${String(i).padStart(4, "0")}.yaml`), svc(`s${i}`, i > 0 ? `{dependsOn: [s${i - 1}]}` : "{}"));
    const r = loadEstate([dir]);
    expect(r.ok).toBe(true);
    expect(r.estate.files).toHaveLength(2000);
    expect(r.estate.files).toEqual([...r.estate.files].sort());
    expect(r.estate.graph.order).toBe(2000);
  });

  it("exits 2 through the CLI on each of these, never with a stack trace", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "a.yaml"), "a: " + "[".repeat(20_000));
    const r = (await runCli(["validate", "-m", dir]));
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\s+at \S+ \(/);
  });
});

describe("manifest: many unknown references", () => {
  it("suggests the nearest id while the load's budget lasts, then says why there is none", async () => {
    let text = "";
    for (let i = 0; i < 3000; i++) text += svc(`s${i}`, `{dependsOn: [nope-${i}]}`);
    const r = loadSources([{ file: "many.yaml", text }]);
    const unknown = r.diagnostics.filter((d) => d.code === "unknown-reference");
    expect(unknown).toHaveLength(3000);
    expect(unknown[0]!.hint).toMatch(/did you mean|no service or location has a similar id/);
    // 3,000 references × 3,000 ids is over the budget of 2,000,000 ids scanned.
    expect(unknown[2999]!.hint).toBe("check the id (too many unknown references to suggest the nearest)");
  });
});

describe("manifest: minPlacements", () => {
  it("is an error above the number of placements, and has no effect (no error) without placements (spec 3.2)", async () => {
    expect(loadSources([{ file: "m.yaml", text: loc("aws", "public-cloud", "[{name: z1}]") + svc("a", "{runsOn: [aws/z1], minPlacements: 2}") }]).diagnostics.map((d) => d.code)).toEqual(["min-placements"]);
    const r = loadSources([{ file: "m.yaml", text: svc("a", "{minPlacements: 1}") + svc("b", "{dependsOn: [a]}") }]);
    expect(r.ok).toBe(true);
    expect(r.estate.graph.getNodeAttributes("a")).toMatchObject({ hosting: "unplaced", placements: [] });
  });
});

describe("model: counters of the engines", () => {
  it("refuses more than 65,535 placements or 65,534 group members, and says so", async () => {
    let children = "";
    for (let i = 0; i < 65_536; i++) children += `{name: z${i}},`;
    const locs = `apiVersion: faultline/v1\nkind: Location\nmetadata: {name: p}\nspec: {hosting: public-cloud, children: [${children}]}\n---\n`;
    const placements = Array.from({ length: 65_536 }, (_, i) => `p/z${i}`).join(", ");
    const r = loadSources([{ file: "big.yaml", text: locs + svc("a", `{runsOn: [${placements}]}`) + svc("b", `{dependsOn: [{anyOf: [${Array.from({ length: 65_535 }, (_, i) => `p/z${i}`).join(", ")}]}]}`) }]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["too-many-placements", "too-many-members"]);
  });
});
