/**
 * The root element of an SVG picture, made by d3-node (the project's SVG library) and
 * serialised by the DOM's XMLSerializer. d3-node brings jsdom, whose loading is a good part of
 * drawing a big estate (0.3 s of 5 on a quiet machine); so it is loaded in a worker thread,
 * started when a picture is begun, while this thread lays the picture out and writes its
 * shapes. One worker serves the process (a library drawing many pictures loads jsdom once, as
 * an import would); it does not keep the process alive while no root is asked for. Where a
 * worker cannot be had, d3-node is imported here instead: the same root, the same bytes.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** What d3-node is asked for: the root's size and attributes, in the order set. */
export interface RootSpec {
  width: number;
  height: number;
  attrs: Record<string, string | number>;
}

interface D3NodeInstance {
  createSVG(width?: number, height?: number, attrs?: Record<string, string | number>): { node(): unknown };
  window: { XMLSerializer: new () => { serializeToString(node: unknown): string } };
}
type D3NodeClass = new () => D3NodeInstance;

/** The root element as XMLSerializer writes it (without children: "<svg …/>"). */
function serialiseRoot(D3Node: D3NodeClass, spec: RootSpec): string {
  const d3n = new D3Node();
  const root = d3n.createSVG(spec.width, spec.height, spec.attrs);
  return new d3n.window.XMLSerializer().serializeToString(root.node());
}

/**
 * The worker: imports d3-node at once and makes the first request's document (a new jsdom
 * document, itself some work) before it is asked; then answers each request with the
 * serialised root of a document of its own.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const ready = import(workerData.d3node).then((m) => ({ D3Node: m.D3Node, spare: new m.D3Node() }));
parentPort.on("message", ({ id, spec }) => {
  ready.then((lib) => {
    const d3n = lib.spare || new lib.D3Node();
    lib.spare = undefined;
    const root = d3n.createSVG(spec.width, spec.height, spec.attrs);
    parentPort.postMessage({ id, open: new d3n.window.XMLSerializer().serializeToString(root.node()) });
  }).catch((err) => parentPort.postMessage({ id, error: String((err && err.stack) || err) }));
});
`;

interface Pending {
  resolve(open: string): void;
  reject(err: Error): void;
}

/** The process's worker, started by the first picture; undefined before, or after it failed. */
let shared: { worker: Worker; pending: Map<number, Pending>; next: number } | undefined;

function startWorker(): typeof shared {
  let d3node: string;
  try {
    d3node = pathToFileURL(createRequire(import.meta.url).resolve("d3-node")).href;
  } catch {
    return undefined;
  }
  let worker: Worker;
  try {
    worker = new Worker(WORKER_CODE, { eval: true, workerData: { d3node } });
  } catch {
    return undefined;
  }
  const state = { worker, pending: new Map<number, Pending>(), next: 0 };
  worker.unref();
  const fail = (err: Error) => {
    if (shared === state) shared = undefined;
    for (const p of state.pending.values()) p.reject(err);
    state.pending.clear();
  };
  worker.on("message", (m: { id: number; open?: string; error?: string }) => {
    const p = state.pending.get(m.id);
    if (!p) return;
    state.pending.delete(m.id);
    if (state.pending.size === 0) worker.unref();
    if (m.open !== undefined) p.resolve(m.open);
    else p.reject(new Error(m.error));
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the SVG worker stopped (exit code ${code})`)));
  return state;
}

/**
 * Starts loading d3-node (in the worker) and returns a function that asks it for the root.
 * Call it when a picture is begun; call the function once the picture's size is known.
 * `inWorker` false imports d3-node in this thread (what is done when no worker can be had).
 */
export function prepareRoot(inWorker = true): (spec: RootSpec) => Promise<string> {
  if (inWorker) shared ??= startWorker();
  const state = inWorker ? shared : undefined;
  return async (spec) => {
    if (state && shared === state) {
      try {
        return await new Promise<string>((resolve, reject) => {
          const id = state.next++;
          state.pending.set(id, { resolve, reject });
          state.worker.ref(); // a root is awaited: the process waits for it
          state.worker.postMessage({ id, spec });
        });
      } catch {
        // The worker failed (it is dropped): d3-node is imported here instead.
      }
    }
    const name = "d3-node"; // a variable keeps the import lazy and untyped (the package has no types)
    const { D3Node } = (await import(name)) as { D3Node: D3NodeClass };
    return serialiseRoot(D3Node, spec);
  };
}
