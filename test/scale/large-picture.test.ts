/** Issue 18: past a documented size (LARGE_PICTURE_SERVICES), `graph` says the picture will be large and how to get a readable one. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LARGE_PICTURE_SERVICES, largePictureWarning } from "../../src/report/picture-size.js";
import type { GraphView } from "../../src/picture/view.js";
import { runCli } from "../helpers/cli.js";
// @ts-expect-error the generator is plain JavaScript
import { generateEstate, toSources, writeSources } from "../../bench/generate.mjs";

const dir = mkdtempSync(join(tmpdir(), "faultline-large-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function estate(n: number): string {
  const d = join(dir, String(n));
  writeSources(d, toSources(generateEstate({ services: n })));
  return d;
}

describe("graph on a big estate", { timeout: 120_000 }, () => {
  it("warns past the documented size unless --collapse or --focus, and still draws", async () => {
    const big = estate(LARGE_PICTURE_SERVICES + 100);
    const r = (await runCli(["graph", "--format", "mermaid", "-m", big]));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`draws ${LARGE_PICTURE_SERVICES + 100} services one by one \\(more than ${LARGE_PICTURE_SERVICES}\\)`));
    expect(r.stderr).toContain("--collapse");
    expect(r.stderr).toContain("--focus");
    expect(r.stdout.length).toBeGreaterThan(0);
    const collapsed = (await runCli(["graph", "--format", "mermaid", "--collapse", "-m", big]));
    expect(collapsed.code).toBe(0);
    expect(collapsed.stderr).toBe("");
  });

  it("the documented size is the boundary; a focused or collapsed view is exempt", () => {
    const view = (services: number, collapsed = false) => ({ collapsed, nodes: Array.from({ length: services }, (_, i) => ({ id: `s${i}`, kind: "service" })) }) as unknown as GraphView;
    expect(largePictureWarning(view(LARGE_PICTURE_SERVICES), false)).toBeUndefined();
    expect(largePictureWarning(view(LARGE_PICTURE_SERVICES + 1), false)).toContain(`draws ${LARGE_PICTURE_SERVICES + 1} services one by one`);
    expect(largePictureWarning(view(LARGE_PICTURE_SERVICES + 1), true)).toBeUndefined();
    expect(largePictureWarning(view(LARGE_PICTURE_SERVICES + 1, true), false)).toBeUndefined();
  });

  it("says nothing for a readable estate", async () => {
    const r = (await runCli(["graph", "--format", "mermaid", "-m", estate(200)]));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });
});
