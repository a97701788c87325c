/**
 * Issue 18: no recursion, and no argument spread, whose depth grows with the input. Measured
 * before: `blast` on 150,000 services exited 3 ("Maximum call stack size exceeded", the text
 * table's Math.max over every row). Proved on small inputs: the built code runs in a Worker
 * whose stack is 0.3 MB (test/scale/small-stack-worker.mjs; the default is about 1 MB). There a
 * depth-first search of one frame per node overflows at about 530 nodes and a spread at
 * 10,000–20,000 arguments — the first test checks that the stack is that small, so the proof
 * cannot silently lose its teeth. On a 1,000-step dependency chain and a 1,000-service fan-in,
 * both loaded from YAML: blast (its text table), spof, scenarios, exposure, risk, validate,
 * graph JSON, and the SVG, DOT and Mermaid pictures with layout; and a 60,000-row text table.
 * 200,000 services end to end are measured by `npm run bench` (docs/scale.md).
 */
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";

/** Stack of the worker, in MB. */
const STACK_MB = 0.3;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Reply = { ok: boolean; result?: any; error?: string };

function inSmallStack(task: string, arg: Record<string, number>): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL("./small-stack-worker.mjs", import.meta.url), { workerData: { task, arg }, resourceLimits: { stackSizeMb: STACK_MB } });
    w.once("message", (m: Reply) => {
      resolve(m);
      void w.terminate();
    });
    w.once("error", reject);
  });
}

const ANSWERS = ["spofText", "scenariosText", "exposureText", "riskText", "validateText", "json", "svg", "dot", "mermaid"];

describe(`in a ${STACK_MB} MB stack`, () => {
  it("a recursion of 5,000 frames overflows (the proof has teeth), 200 do not", async () => {
    expect(await inSmallStack("recursion", { depth: 200 })).toEqual({ ok: true, result: 200 });
    const deep = await inSmallStack("recursion", { depth: 5000 });
    expect(deep.ok).toBe(false);
    expect(deep.error).toMatch(/Maximum call stack size exceeded/);
  });

  it("a 1,000-step chain and a 1,000-service fan-in answer every analysis and report; a 60,000-row table prints", async () => {
    const r = await inSmallStack("all", { n: 1000, rows: 60_000 });
    expect(r.error).toBeUndefined();
    const { chain, wide, table } = r.result;
    expect(chain.services).toBe(1003);
    // The end of the chain takes everything down; its paths (500,000 ids) exceed the budget given.
    expect(chain.blastDown).toBe("too-large");
    expect(chain.spofServices).toBe(1000);
    for (const k of ANSWERS) expect(chain[k], k).toBeGreaterThan(0);
    expect(wide.blastDown).toBe(999);
    expect(wide.spofServices).toBe(1000);
    for (const k of ["blastText", ...ANSWERS]) expect(wide[k], k).toBeGreaterThan(0);
    expect(table).toBe(60_001);
  });
});
