import { describe, expect, it } from "vitest";
import { DiagnosticBag, DEFAULT_LIMITS, parseYamlText } from "../helpers/internals.js";

describe("read-yaml parseYamlText and process.env", () => {
  it("gives the real environment back after parsing, even when the YAML is broken", () => {
    const env = process.env;
    process.env.FAULTLINE_TEST_MARK = "kept";
    const bag = new DiagnosticBag();
    const docs = parseYamlText("a: 1\n---\nb: [2\n", "x.yaml", DEFAULT_LIMITS, bag);
    expect(process.env).toBe(env);
    expect(process.env.FAULTLINE_TEST_MARK).toBe("kept");
    expect(bag.items.some((d) => d.severity === "error")).toBe(true);
    expect(docs.length).toBeLessThanOrEqual(1);
    delete process.env.FAULTLINE_TEST_MARK;
  });
});
