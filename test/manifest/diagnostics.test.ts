import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSources } from "../../src/load/load.js";
import { loadEstate } from "../../src/load/load.js";
import { formatDiagnostics } from "../../src/report/diagnostics-text.js";
import { runCli } from "../helpers/cli.js";
import { loc, svc } from "../helpers/estate.js";

/** Loads inline files and renders the diagnostics as the CLI prints them (without colour). */
function diagnose(files: Record<string, string>): string {
  const r = loadSources(Object.entries(files).map(([file, text]) => ({ file, text })));
  const lines = (file: string, line: number) => files[file]?.split("\n")[line - 1];
  return formatDiagnostics(r.diagnostics, undefined, lines);
}

const cloud = loc("aws", "public-cloud", "[{name: us-east-1, children: [{name: az1}]}]");

describe("diagnostics", () => {
  it("invalid YAML", async () => {
    expect(diagnose({ "bad.yaml": "apiVersion: faultline/v1\nkind: Service\nmetadata:\n  name: [oops\n" })).toMatchInlineSnapshot(`
      "bad.yaml:5:1: error: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] [yaml-syntax]
        5 | 
          | ^
        expected: valid YAML
        found:    end of file
        hint:     check the indentation and punctuation on this line and the one before

      1 error
      "
    `);
  });

  it("unknown reference, with a suggestion", async () => {
    expect(diagnose({ "s.yaml": svc("payments") + svc("checkout", "{dependsOn: [paymnts]}") })).toMatchInlineSnapshot(`
      "s.yaml:9:20: error: unknown dependency "paymnts" [unknown-reference]
        9 | spec: {dependsOn: [paymnts]}
          |                    ^
        expected: the id of a service or location
        found:    "paymnts"
        hint:     did you mean \`payments\`?

      1 error
      "
    `);
  });

  it("duplicate id across two files", async () => {
    expect(diagnose({ "a.yaml": svc("cart"), "b.yaml": svc("cart") })).toMatchInlineSnapshot(`
      "b.yaml:3:18: error: service "cart" is defined twice [duplicate-id]
        3 | metadata: {name: cart}
          |                  ^
        expected: ids unique across all files (services and locations share one id space)
        found:    also defined at a.yaml:3:18
        hint:     remove or rename one of them

      1 error
      "
    `);
  });

  it("service and location with the same id", async () => {
    expect(diagnose({ "a.yaml": loc("edge", "in-house"), "b.yaml": svc("edge") })).toMatchInlineSnapshot(`
      "b.yaml:3:18: error: service "edge" has the same id as a location [id-collision]
        3 | metadata: {name: edge}
          |                  ^
        expected: ids unique across all files (services and locations share one id space)
        found:    also defined at a.yaml:3:18
        hint:     rename the service or the location

      1 error
      "
    `);
  });

  it("hosting on a child that differs from its root", async () => {
    expect(diagnose({ "l.yaml": loc("aws", "public-cloud", "[{name: us-east-1, hosting: in-house}]") })).toMatchInlineSnapshot(`
      "l.yaml:4:69: error: location "aws/us-east-1" sets hosting in-house but its root "aws" is public-cloud [hosting-mismatch]
        4 | spec: {hosting: public-cloud, children: [{name: us-east-1, hosting: in-house}]}
          |                                                                     ^
        expected: no hosting (inherited: public-cloud)
        found:    in-house
        hint:     set \`hosting\` on the root only; a child inherits it

      1 error
      "
    `);
  });

  it("bad enum value", async () => {
    expect(diagnose({ "s.yaml": svc("cart", "{tier: critcal}") })).toMatchInlineSnapshot(`
      "s.yaml:4:14: error: invalid tier [bad-enum]
        4 | spec: {tier: critcal}
          |              ^
        expected: one of critical, high, medium, low
        found:    "critcal"
        hint:     did you mean \`critical\`?

      1 error
      "
    `);
  });

  it("quorum larger than its group", async () => {
    expect(diagnose({ "s.yaml": svc("a") + svc("b") + svc("c", "{dependsOn: [{quorum: 3, of: [a, b]}]}") })).toMatchInlineSnapshot(`
      "s.yaml:14:29: error: quorum 3 is larger than the group's 2 member(s) [bad-quorum]
        14 | spec: {dependsOn: [{quorum: 3, of: [a, b]}]}
           |                             ^
        expected: a quorum from 1 to 2
        found:    3
        hint:     the group could never be up: lower the quorum or add members

      1 error
      "
    `);
  });

  it("self-dependency", async () => {
    expect(diagnose({ "s.yaml": svc("loop", "{dependsOn: [loop]}") })).toMatchInlineSnapshot(`
      "s.yaml:4:20: error: service "loop" depends on itself [self-dependency]
        4 | spec: {dependsOn: [loop]}
          |                    ^
        hint:     remove the entry

      1 error
      "
    `);
  });

  it("spec that is not a mapping", async () => {
    expect(diagnose({ "s.yaml": "apiVersion: faultline/v1\nkind: Service\nmetadata: {name: x}\nspec: [a, b]\n" })).toMatchInlineSnapshot(`
      "s.yaml:4:7: error: spec must be a mapping [bad-spec]
        4 | spec: [a, b]
          |       ^
        expected: a mapping
        found:    a list
        hint:     write \`spec:\` followed by indented keys such as \`tier:\` and \`dependsOn:\`

      1 error
      "
    `);
  });

  it("unknown placement and unknown field", async () => {
    expect(diagnose({ "s.yaml": cloud + svc("x", "{runsOn: [aws/us-east-1/az2], dependsOn: [], tierr: high}") })).toMatchInlineSnapshot(`
      "s.yaml:9:17: error: unknown placement "aws/us-east-1/az2" [unknown-reference]
        9 | spec: {runsOn: [aws/us-east-1/az2], dependsOn: [], tierr: high}
          |                 ^
        expected: the id of a location
        found:    "aws/us-east-1/az2"
        hint:     did you mean \`aws/us-east-1/az1\`?

      s.yaml:9:52: error: unknown field "tierr" in Service spec [unknown-field]
        9 | spec: {runsOn: [aws/us-east-1/az2], dependsOn: [], tierr: high}
          |                                                    ^
        expected: one of type, tier, owner, runsOn, minPlacements, dependsOn, description, observedAs, availability, availabilityTarget
        found:    "tierr"
        hint:     did you mean \`tier\`?

      2 errors
      "
    `);
  });

  it("a service: prefix in runsOn is an error, never a silently dropped or accepted placement", async () => {
    for (const files of [
      { "s.yaml": cloud + svc("x", "{runsOn: [service:y]}") + svc("y") },
      { "s.yaml": cloud + svc("y") + svc("x", "{runsOn: [service:y]}") },
    ]) {
      const r = loadSources(Object.entries(files).map(([file, text]) => ({ file, text })));
      expect(r.ok).toBe(false);
      expect(r.diagnostics.map((d) => [d.code, d.message, d.line, d.column])).toContainEqual(["wrong-kind", 'placement "service:y" is a service, not a location', expect.any(Number), 17]);
    }
  });

  it("unrecognised documents are warnings", async () => {
    expect(diagnose({ "s.yaml": "hello: world\n" })).toMatchInlineSnapshot(`
      "s.yaml:1:1: warning: unrecognised document: skipped [unrecognised-document]
        1 | hello: world
          | ^
        expected: a faultline/v1 manifest, a Backstage entity, a Docker Compose file or a Kubernetes object
        found:    a mapping without apiVersion
        hint:     remove the file from the manifest paths, or use options.strict to make this an error

      1 warning
      "
    `);
  });

  it("collects every problem of every file before failing", async () => {
    const r = loadSources([
      { file: "a.yaml", text: svc("a", "{dependsOn: [nope], tier: x}") },
      { file: "b.yaml", text: "key: [unclosed\n" },
    ]);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => `${d.file}:${d.code}`)).toEqual(["a.yaml:unknown-reference", "a.yaml:bad-enum", "b.yaml:yaml-syntax"]);
  });

  it("an empty folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "faultline-empty-"));
    const r = loadEstate([dir]);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ code: "no-manifests", hint: "point -m at the folder that holds your manifests" });
  });
});

describe("diagnostics (CLI)", () => {
  const cases: Record<string, Record<string, string>> = {
    "invalid YAML": { "bad.yaml": "a: [b\n" },
    "unknown reference": { "s.yaml": svc("payments") + svc("checkout", "{dependsOn: [paymnts]}") },
    "duplicate id": { "a.yaml": svc("cart"), "b.yaml": svc("cart") },
    "spec not a mapping": { "s.yaml": "apiVersion: faultline/v1\nkind: Service\nmetadata: {name: x}\nspec: 3\n" },
    "empty folder": {},
  };
  for (const [name, files] of Object.entries(cases)) {
    it(`${name}: exit 2, file and line, no stack trace, nothing on stdout`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "faultline-diag-"));
      mkdirSync(join(dir, "m"));
      for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, "m", f), text);
      const r = (await runCli(["validate", "-m", "m"], { cwd: dir }));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
      if (Object.keys(files).length > 0) expect(r.stderr).toMatch(/^m\/\w+\.yaml:\d+:\d+: error: /m);
      else expect(r.stderr).toMatch(/no manifest files/);
    });
  }
});
