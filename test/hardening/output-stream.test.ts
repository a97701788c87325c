/**
 * Reports written in pieces (issue 18: exposure of 50,000 services is 80 MB of text, 200 MB of
 * JSON) keep the promises of `-o`: the pieces go to a temporary file beside the target, renamed
 * over it only when the whole report is written; a report that fails half-way leaves the target
 * as it was and no temporary file; bad input writes nothing. Through a pipe the pieces arrive in
 * order, and a reader that stops early ends the run quietly.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exposure } from "../../src/analysis/exposure.js";
import { contextOf } from "../../src/cli/io.js";
import { printReport } from "../../src/cli/output-options.js";
import { stageStream } from "../../src/cli/write-output.js";
import { loadEstate } from "../../src/load/load.js";
import { report } from "../../src/report/registry.js";
// @ts-expect-error the bench's generator is plain JavaScript
import { generateEstate, toSources, writeSources } from "../../bench/generate.mjs";
import { BIN, REPO, runCli } from "../helpers/cli.js";

const work = mkdtempSync(join(tmpdir(), "faultline-stream-"));
const RETAIL = join(REPO, "fixtures/retail");
// 200 generated services: 220 KB of exposure JSON, four pieces.
const BIG = mkdtempSync(join(work, "big-"));
writeSources(BIG, toSources(generateEstate({ services: 200, seed: 7 })));

describe("hardening: stageStream (-o written in pieces)", () => {
  it("shows nothing before commit: the target keeps its old text, the pieces sit in one temporary file beside it", () => {
    const dir = mkdtempSync(join(work, "a-"));
    const target = join(dir, "out.txt");
    writeFileSync(target, "old\n");
    const s = stageStream(target);
    s.write("one\n");
    s.write(Buffer.from("two\n"));
    expect(readFileSync(target, "utf8")).toBe("old\n");
    const tmps = readdirSync(dir).filter((f) => f.endsWith(".tmp"));
    expect(tmps).toHaveLength(1);
    expect(readFileSync(join(dir, tmps[0]!), "utf8")).toBe("one\ntwo\n");
    s.commit();
    expect(readFileSync(target, "utf8")).toBe("one\ntwo\n");
    expect(readdirSync(dir)).toEqual(["out.txt"]);
    expect(() => s.write("late")).toThrow(/after it was committed/);
  });

  it("abort leaves the target as it was and removes the temporary file; a device gets the pieces on commit", () => {
    const dir = mkdtempSync(join(work, "b-"));
    const target = join(dir, "out.txt");
    writeFileSync(target, "old\n");
    const s = stageStream(target);
    s.write("half");
    s.abort();
    expect(readFileSync(target, "utf8")).toBe("old\n");
    expect(readdirSync(dir)).toEqual(["out.txt"]);
    const d = stageStream("/dev/null");
    d.write("x");
    d.commit();
    expect(() => stageStream(dir)).toThrow(/it is a folder/);
  });
});

describe("hardening: printReport with a report that fails half-way", () => {
  it("leaves -o as it was and no temporary file, after pieces were already written", async () => {
    const { estate } = loadEstate([BIG]);
    const t = exposure(estate, undefined, { table: true });
    const dir = mkdtempSync(join(work, "c-"));
    writeFileSync(join(dir, "out.json"), "old\n");
    // The last entry fails: by then the JSON's first pieces are in the temporary file.
    let writtenBefore = 0;
    const service = (i: number) => {
      if (i < t.serviceCount - 1) return t.service(i);
      for (const f of readdirSync(dir)) if (f.endsWith(".tmp")) writtenBefore += readFileSync(join(dir, f)).length;
      throw new Error("broken entry");
    };
    const ctx = contextOf({ stdout: { write: () => true }, stderr: { write: () => true }, cwd: dir, env: {} });
    await expect(printReport(ctx, "exposure", { ...t, service }, "json", { output: "out.json" })).rejects.toThrow("broken entry");
    expect(writtenBefore).toBeGreaterThan(1 << 16);
    expect(readFileSync(join(dir, "out.json"), "utf8")).toBe("old\n");
    expect(readdirSync(dir)).toEqual(["out.json"]);
  });
});

describe("hardening: faultline exposure written in pieces", () => {
  it("-o holds exactly what stdout gets and what report() makes, in every format; bad input writes nothing", async () => {
    const { estate } = loadEstate([RETAIL]);
    const result = exposure(estate);
    const dir = mkdtempSync(join(work, "d-"));
    for (const format of ["text", "json", "markdown"]) {
      const out = join(dir, `x.${format}`);
      const r = await runCli(["exposure", "-m", RETAIL, "--format", format, "-o", out]);
      expect(r.code).toBe(0);
      const shown = await runCli(["exposure", "-m", RETAIL, "--format", format]);
      expect(readFileSync(out, "utf8")).toBe(shown.stdout);
      expect(shown.stdout).toBe(await report(result, format));
    }
    writeFileSync(join(dir, "bad.yaml"), "apiVersion: faultline/v1\nkind: Service\nmetadata: {name: a}\nspec: {dependsOn: [nowhere]}\n");
    writeFileSync(join(dir, "keep.txt"), "old\n");
    const bad = await runCli(["exposure", "-m", join(dir, "bad.yaml"), "-o", join(dir, "keep.txt")]);
    expect(bad.code).toBe(2);
    expect(readFileSync(join(dir, "keep.txt"), "utf8")).toBe("old\n");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("through a pipe: many pieces arrive whole and in order; a reader that stops early ends it quietly (exit 0)", () => {
    const dir = BIG;
    const all = spawnSync(process.execPath, [BIN, "exposure", "--json", "-m", dir], { encoding: "utf8", maxBuffer: 64 << 20 });
    expect(all.status).toBe(0);
    expect(all.stdout.length).toBeGreaterThan(3 << 16); // several pieces
    const { estate } = loadEstate([dir]);
    expect(all.stdout).toBe(JSON.stringify(exposure(estate), null, 2) + "\n");
    const head = spawnSync("bash", ["-c", `"${process.execPath}" "${BIN}" exposure -m "${dir}" | head -c 100 >/dev/null; echo "exit \${PIPESTATUS[0]}"`], { encoding: "utf8" });
    expect(head.stderr).not.toMatch(/EPIPE|node:events|    at /);
    expect(head.stdout).toBe("exit 0\n");
  });
});
