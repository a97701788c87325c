import { describe, expect, it } from "vitest";
import { runCheck, type CheckResult } from "../../src/policy/check.js";
import { defaultPolicy } from "../../src/policy/policy-file.js";
import { formatCheckMarkdown, mdEscape } from "../../src/report/check-markdown.js";
import { escapeData, escapeProperty, formatGithub } from "../../src/report/github.js";
import { artifactUri, formatSarif } from "../../src/report/sarif.js";
import { formatCheckText } from "../../src/report/check-text.js";
import { formatCheckJson } from "../../src/report/check-json.js";
import { safeText } from "../../src/report/terminal.js";
import { estateOf, loc, svc } from "../helpers/estate.js";
import { checkSarifStructure } from "./sarif-structure.js";

const LOCS = loc("aws", "public-cloud", "[{name: az1}]") + loc("dc", "in-house", "[{name: a}, {name: b}]");
// A file name carrying Markdown, HTML, workflow-command and terminal syntax.
const HOSTILE = "m/we|ird <b>`x`</b>%0A::error::,:\u001b[31m.yaml";

function result(): CheckResult {
  const base = estateOf({ [HOSTILE]: LOCS + svc("web", "{tier: critical, runsOn: [dc/a, dc/b]}") + svc("ledger", "{runsOn: [aws/az1]}") });
  const head = estateOf({ [HOSTILE]: LOCS + svc("web", "{tier: critical, runsOn: [dc/a, dc/b], dependsOn: [ledger]}") + svc("ledger", "{runsOn: [aws/az1]}") });
  return runCheck({ head, base, baseLabel: "origin/main|<x>", policy: defaultPolicy() });
}

describe("check reporters", () => {
  it("markdown escapes manifest text: no table cell, tag, code span or line break escapes", () => {
    expect(mdEscape("a|b<c>`d`\ne*f_[g](h)")).toBe("a\\|b&lt;c&gt;\\`d\\` e\\*f\\_\\[g\\]\\(h\\)");
    const md = formatCheckMarkdown(result());
    expect(md).not.toContain("<b>");
    expect(md).toContain("we\\|ird");
    expect(md).not.toMatch(/[^\\]\|ird/);
    expect(md).not.toMatch(/[^\\]`x/);
    expect(md).not.toContain("\u001b");
    expect(md).toContain("origin/main\\|&lt;x&gt;");
    // Every table row has the number of cells of its header.
    for (const block of md.split("\n\n")) {
      const rows = block.split("\n").filter((l) => l.startsWith("|"));
      if (rows.length === 0) continue;
      const cells = (l: string) => l.replace(/\\\|/g, "").split("|").length;
      for (const r of rows) expect(cells(r)).toBe(cells(rows[0]!));
    }
  });

  it("github workflow commands escape %, CR, LF in data and also : and , in properties", () => {
    expect(escapeData("50%\r\nx")).toBe("50%25%0D%0Ax");
    expect(escapeProperty("a:b,c%")).toBe("a%3Ab%2Cc%25");
    const out = formatGithub(result(), { srcRootPrefix: "infra/" });
    const lines = out.trimEnd().split("\n");
    const cmds = lines.filter((l) => /^::(error|warning) /.test(l));
    expect(cmds.length).toBeGreaterThan(0);
    for (const c of cmds) {
      const m = /^::(error|warning) ([^:]*)::(.*)$/.exec(c);
      expect(m).not.toBeNull();
      const props = m![2]!.split(",");
      expect(props.map((p) => p.split("=")[0])).toEqual(["file", "line", "col", "title"]);
      expect(props[0]).toBe(`file=${escapeProperty("infra/" + HOSTILE)}`);
    }
    // Only the commands start with "::"; the summary cannot be taken for one.
    const plain = lines.filter((l) => !l.startsWith("::"));
    expect(plain.at(-1)).toMatch(/^faultline check failed/);
    for (const l of plain.slice(0, -1)) expect(l).toMatch(/^  /);
    expect(plain).toContain(`  + dependency web → ledger (hard)  ${safeText(HOSTILE.replace(/[\r\n]/g, " "))}:${result().change!.dependencies.added[0]!.at.line}:${result().change!.dependencies.added[0]!.at.column}`);
    expect(lines).toContain("::group::faultline: the change (1)");
  });

  it("SARIF: valid structure, repository-relative percent-encoded URIs, fingerprints, baseline state", () => {
    const log = JSON.parse(formatSarif(result(), { version: "1.2.3", srcRootPrefix: "infra/" }));
    checkSarifStructure(log);
    expect(log.runs[0].tool.driver).toMatchObject({ name: "faultline", version: "1.2.3" });
    const res = log.runs[0].results[0];
    expect(res.locations[0].physicalLocation.artifactLocation.uriBaseId).toBe("%SRCROOT%");
    expect(decodeURIComponent(res.locations[0].physicalLocation.artifactLocation.uri)).toBe("infra/" + HOSTILE);
    expect(res.partialFingerprints["faultline/v1"]).toMatch(/^[0-9a-f]{32}$/);
    expect(artifactUri("../x/y.yaml", "a/b/")).toEqual({ uri: "a/x/y.yaml", uriBaseId: "%SRCROOT%" });
    expect(artifactUri("/abs/p q.yaml")).toEqual({ uri: "file:///abs/p%20q.yaml" });
  });

  it("terminal text carries no control characters from manifests, and every format is deterministic", () => {
    const text = formatCheckText(result());
    expect(text).not.toContain("\u001b");
    expect(text).toContain("\\u001b");
    for (const f of [formatCheckText, formatCheckMarkdown, formatCheckJson, (r: CheckResult) => formatSarif(r, { version: "1" }), (r: CheckResult) => formatGithub(r)]) {
      expect(f(result())).toBe(f(result()));
    }
  });
});
