/**
 * Fuzz (short run for `npm test`): mutated estates on disk through every command of the CLI,
 * in this process (`main(argv)`), and a sample through the built CLI. Exit codes are 0, 1
 * (check only) or 2; never 3 (internal error), never a stack trace or a raw control character.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { caseArb, checkRun, commandsFor, describeCase, filesOf, runCliCase, runInProcess, seeds, writeEstate } from "./harness.js";
import { runCli } from "../helpers/cli.js";

const runs = Number(process.env.FUZZ_CLI_RUNS ?? 4);
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : undefined;
const work = mkdtempSync(join(tmpdir(), "faultline-fuzz-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("fuzz: every command (CLI in process)", () => {
  it("the seeds pass every command with exit 0 (the harness accepts good input)", async () => {
    for (const s of seeds().slice(0, 3)) {
      writeEstate(join(work, "estate"), s.files);
      writeEstate(join(work, "base/estate"), s.files);
      for (const argv of commandsFor(s, 0).filter((a) => !a.includes("constructor") && !a.some((x) => x.startsWith("\u001b")))) {
        const r = await runInProcess(argv, work);
        checkRun(argv, r);
      }
    }
  });

  it("the checker catches what it must: exit 3, a stack trace, a control character", async () => {
    expect(() => checkRun(["blast"], { code: 3, stdout: "", stderr: "faultline: internal error: x" })).toThrow(/exited 3/);
    expect(() => checkRun(["check"], { code: 1, stdout: "", stderr: "" })).not.toThrow();
    expect(() => checkRun(["blast"], { code: 1, stdout: "", stderr: "" })).toThrow(/exited 1/);
    expect(() => checkRun(["blast"], { code: 2, stdout: "", stderr: "TypeError: x\n    at foo (/a/b.js:1:2)\n" })).toThrow(/stack trace/);
    expect(() => checkRun(["blast"], { code: 0, stdout: "\u001b[2J", stderr: "" })).toThrow(/control character/);
  });

  it("a mutated estate: validate --json, then every command", async () => {
    let commands = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        try {
          commands += await runCliCase(work, c, undefined, c.file % 4 === 0);
        } catch (err) {
          throw new Error(`${describeCase(c)}\n${(err as Error).stack}`);
        }
      }),
      { numRuns: runs, ...(seed !== undefined ? { seed } : {}) },
    );
    expect(commands).toBeGreaterThanOrEqual(runs * 13);
  });

  it("a sample of mutated estates through the commands a user runs first", async () => {
    const sample = fc.sample(caseArb, { numRuns: 2, seed: seed ?? 8 });
    for (const c of sample) {
      const { seed: s, files } = filesOf(c);
      writeEstate(join(work, "estate"), files);
      writeEstate(join(work, "base/estate"), s.files);
      for (const argv of [["validate", "-m", "estate"], commandsFor(s, c.file)[0]!, commandsFor(s, c.file)[11]!]) {
        const r = (await runCli(argv, { cwd: work }));
        checkRun(argv, r);
      }
    }
  });

  it("random bytes named .yaml, on disk: exit 2 with the file named, or a clean load", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (bytes) => {
        rmSync(join(work, "bytes"), { recursive: true, force: true });
        mkdirSync(join(work, "bytes"), { recursive: true });
        writeFileSync(join(work, "bytes", "blob.yaml"), bytes);
        const argv = ["validate", "-m", "bytes", "--json"];
        const r = await runInProcess(argv, work);
        checkRun(argv, r);
        const out = JSON.parse(r.stdout) as { diagnostics: Array<{ file?: string; line?: number }> };
        for (const d of out.diagnostics) {
          expect(d.file).toBe("bytes/blob.yaml");
          expect(d.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: runs * 4, ...(seed !== undefined ? { seed } : {}) },
    );
  });
});
