/**
 * Structural checks of a SARIF log against the required properties of the 2.1.0 schema
 * (sarif-schema-2.1.0.json), plus what GitHub code scanning needs. Written out here
 * so tests need no network and no schema download.
 */
import { expect } from "vitest";

const LEVELS = ["none", "note", "warning", "error"];

/** Throws (through expect) when `log` lacks a property the schema or GitHub requires. */
export function checkSarifStructure(log: any): void {
  expect(log.version).toBe("2.1.0");
  expect(typeof log.$schema).toBe("string");
  expect(Array.isArray(log.runs)).toBe(true);
  expect(log.runs.length).toBeGreaterThan(0);
  for (const run of log.runs) {
    // run: required tool; tool: required driver; driver: required name.
    expect(typeof run.tool.driver.name).toBe("string");
    expect(typeof run.tool.driver.version).toBe("string");
    const rules = run.tool.driver.rules;
    expect(Array.isArray(rules)).toBe(true);
    const ids = new Set<string>();
    for (const r of rules) {
      // reportingDescriptor: required id.
      expect(typeof r.id).toBe("string");
      expect(ids.has(r.id)).toBe(false);
      ids.add(r.id);
      // multiformatMessageString: required text.
      for (const k of ["shortDescription", "fullDescription", "help"]) expect(typeof r[k].text).toBe("string");
      expect(LEVELS).toContain(r.defaultConfiguration.level);
    }
    expect(Array.isArray(run.results)).toBe(true);
    for (const res of run.results) {
      // result: required message; message: text (or id).
      expect(typeof res.message.text).toBe("string");
      expect(res.message.text.length).toBeGreaterThan(0);
      expect(ids.has(res.ruleId)).toBe(true);
      if (res.ruleIndex !== undefined) expect(rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(LEVELS).toContain(res.level);
      expect(Array.isArray(res.locations)).toBe(true);
      expect(res.locations.length).toBeGreaterThan(0); // GitHub rejects results without a location
      for (const l of res.locations) {
        const pl = l.physicalLocation;
        expect(typeof pl.artifactLocation.uri).toBe("string");
        expect(pl.artifactLocation.uri).not.toMatch(/^\.?\//); // relative to the repository root
        expect(() => new URL(pl.artifactLocation.uri, "file:///root/")).not.toThrow();
        expect(Number.isInteger(pl.region.startLine) && pl.region.startLine >= 1).toBe(true);
        expect(Number.isInteger(pl.region.startColumn) && pl.region.startColumn >= 1).toBe(true);
      }
      for (const v of Object.values(res.partialFingerprints ?? {})) expect(typeof v).toBe("string");
      if (res.baselineState !== undefined) expect(["new", "unchanged", "updated", "absent"]).toContain(res.baselineState);
    }
  }
}
