/**
 * Files and folders: manifests that point at other files — Backstage `Location` targets, Compose
 * `include`, `extends: {file}` and `env_file` — are never followed: every path the CLI touches is
 * logged by an in-process spy (test/helpers/fs-spy.ts) and none lies in the folder next door, and no network
 * call is made for a URL target.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { spyFiles } from "../helpers/fs-spy.js";

const work = mkdtempSync(join(tmpdir(), "faultline-files-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  const p = join(work, rel);
  mkdirSync(resolve(p, ".."), { recursive: true });
  writeFileSync(p, text);
}

/** Runs the CLI in-process from `work` under the file and network spy; returns the run and the (kind, path) pairs it touched. */
async function spied(args: string[]) {
  const { result, touched } = await spyFiles(() => runCli(args, { cwd: work }));
  return { ...result, touched };
}

const OUTSIDE_CATALOG = `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: secret-svc}\nspec: {type: service, owner: x, lifecycle: production}\n`;
const OUTSIDE_COMPOSE = `services:\n  secret: {image: secret}\n`;

write("outside/catalog-info.yaml", OUTSIDE_CATALOG);
write("outside/compose.yaml", OUTSIDE_COMPOSE);
write("outside/.env", "SECRET=1\n");
write(
  "named/catalog/catalog-info.yaml",
  [
    `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: everything}\nspec:\n  type: url\n  target: https://example.invalid/catalog-info.yaml\n  targets:\n    - ../../outside/catalog-info.yaml\n    - ${join(work, "outside/catalog-info.yaml")}\n    - ./sub/../../../outside/catalog-info.yaml\n    - https://example.invalid/all.yaml\n    - file://${join(work, "outside/catalog-info.yaml")}\n`,
    `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: file-type}\nspec: {type: file, target: ../../outside/catalog-info.yaml}\n`,
    `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: shop}\nspec: {type: service, owner: x, lifecycle: production, dependsOn: ["component:secret-svc"]}\n`,
  ].join("---\n"),
);
write(
  "named/app/compose.yaml",
  `include:\n  - ../../outside/compose.yaml\n  - path: ${join(work, "outside/compose.yaml")}\nservices:\n  web:\n    image: web\n    env_file: ../../outside/.env\n    extends: {file: ../../outside/compose.yaml, service: secret}\n    depends_on: [db]\n  db: {image: db}\n`,
);

describe("hardening: manifests that point at other files", () => {
  it("Backstage Location targets and Compose include/extends/env_file are never read, nor any URL fetched", async () => {
    const r = await spied(["graph", "-m", "named", "--format", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const ids = (JSON.parse(r.stdout) as { nodes: Array<{ id: string }> }).nodes.map((n) => n.id);
    expect(ids).toEqual(expect.arrayContaining(["shop", "web", "db"]));
    expect(ids).not.toContain("secret-svc");
    expect(ids).not.toContain("secret");
    // The spy saw the named files (so it works) and nothing outside them.
    const paths = r.touched.map(([, p]) => resolve(work, p));
    expect(paths).toContain(join(work, "named/catalog/catalog-info.yaml"));
    expect(paths.filter((p) => p.startsWith(join(work, "outside")))).toEqual([]);
    expect(r.touched.filter(([k]) => k.startsWith("net:"))).toEqual([]);
    // The user is told that the pointers were not followed.
    expect(r.stderr).toMatch(/include.*not followed/);
    expect(r.stderr).toMatch(/extends.*not followed/);
    expect(r.stderr).toMatch(/secret-svc/); // the dangling reference is reported, not resolved from outside
  });

  it("every command stays inside the named folders (check reads its base folder, nothing else)", async () => {
    write("base/named/app/compose.yaml", `services:\n  web: {image: web}\n  db: {image: db}\n`);
    // The catalog is on the base too: a dangling reference new in the change would fail check (exit 2).
    write("base/named/catalog/catalog-info.yaml", readFileSync(join(work, "named/catalog/catalog-info.yaml"), "utf8"));
    const runs = [
      ["validate", "-m", "named"],
      ["blast", "-m", "named", "--json", "--", "db"],
      ["exposure", "-m", "named", "--json"],
      ["spof", "-m", "named", "--json"],
      ["risk", "-m", "named", "--json", "--", "web"],
      ["scenarios", "-m", "named", "--json"],
      ["graph", "-m", "named", "--format", "svg"],
      ["check", "-m", "named", "--base-dir", "base", "--format", "json"],
    ];
    for (const args of runs) {
      const r = await spied(args);
      expect([0, 1], `${args.join(" ")}: ${r.stderr}`).toContain(r.code);
      const paths = r.touched.map(([, p]) => resolve(work, p));
      expect(paths.filter((p) => p.startsWith(join(work, "outside"))), args.join(" ")).toEqual([]);
      expect(r.touched.filter(([k]) => k.startsWith("net:")), args.join(" ")).toEqual([]);
    }
  });
});
