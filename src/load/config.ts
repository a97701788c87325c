/**
 * `faultline.config.yaml`: default manifest paths, the Kubernetes location, the policy. Read by
 * the same positioned YAML reader as manifests, with the same limits, so its problems are
 * diagnostics with file, line and column like any manifest error.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { DiagnosticBag, type Diagnostic } from "../diagnostics/diagnostics.js";
import { DEFAULT_LIMITS, type LoadLimits } from "../yaml/limits.js";
import { decodeText, parseYamlText } from "../yaml/read-yaml.js";
import { describe, type YMap, type YNode } from "../yaml/yaml-tree.js";
import { nearest } from "../diagnostics/suggest.js";

export const CONFIG_FILE = "faultline.config.yaml";

export interface FaultlineConfig {
  /** Manifest files or folders, relative to the config's folder. */
  manifests?: string[];
  /** True when the config has a `policy:` section (check reads it with its own positions). */
  hasPolicy?: boolean;
  /** Location that Kubernetes workloads without a runs-on annotation run on. */
  k8sLocation?: string;
}

export interface ConfigLoad {
  /** The config, or undefined when the folder has none. */
  config: FaultlineConfig | undefined;
  /** The file as shown in diagnostics. */
  file: string;
  /** The file's text, for quoting source lines. */
  text: string;
  /** The top-level mapping with positions, for sections other modules read (policy). */
  tree: YMap | undefined;
  diagnostics: Diagnostic[];
  ok: boolean;
}

/** Top-level keys and what each holds; other modules add theirs here. */
export const CONFIG_KEYS: ReadonlyMap<string, string> = new Map([
  ["manifests", "manifest files or folders"],
  ["policy", "the policy of `faultline check`"],
  ["k8sLocation", "the location of Kubernetes workloads without a runs-on annotation"],
]);

/** Reads `faultline.config.yaml` from `dir`; a folder without one gives `config: undefined`. */
export function loadConfig(dir: string, limits: Partial<LoadLimits> = {}): ConfigLoad {
  const path = join(dir, CONFIG_FILE);
  const st = statSync(path, { throwIfNoEntry: false });
  const empty: ConfigLoad = { config: undefined, file: CONFIG_FILE, text: "", tree: undefined, diagnostics: [], ok: true };
  if (!st) return empty;
  const bag = new DiagnosticBag();
  const lim = { ...DEFAULT_LIMITS, ...limits };
  if (!st.isFile()) {
    bag.error("config-unreadable", `${CONFIG_FILE} is not a regular file`, { file: CONFIG_FILE, line: 1, column: 1 }, { hint: "make it a file, or remove it" });
    return { ...empty, diagnostics: bag.items, ok: false };
  }
  if (st.size > lim.maxFileBytes) {
    bag.error("file-too-large", `${CONFIG_FILE} is ${st.size} bytes, over the limit of ${lim.maxFileBytes}`, { file: CONFIG_FILE, line: 1, column: 1 }, { hint: "raise limits.maxFileBytes" });
    return { ...empty, diagnostics: bag.items, ok: false };
  }
  const text = decodeText(readFileSync(path), CONFIG_FILE, bag);
  if (text === undefined) return { ...empty, diagnostics: bag.items, ok: false };
  return parseConfig(CONFIG_FILE, text, lim, bag);
}

/** Parses config text (shown as `file`). */
export function parseConfig(file: string, text: string, limits: LoadLimits = DEFAULT_LIMITS, bag: DiagnosticBag = new DiagnosticBag()): ConfigLoad {
  const docs = parseYamlText(text, file, limits, bag);
  const done = (config: FaultlineConfig | undefined, tree: YMap | undefined): ConfigLoad => ({ config, file, text, tree, diagnostics: bag.items, ok: !bag.hasErrors() });
  if (bag.hasErrors()) return done(undefined, undefined);
  if (docs.length > 1) bag.error("config-documents", `${file} holds ${docs.length} YAML documents; the config is one`, docs[1]!.root.pos, { expected: "one document", hint: "remove the `---` separators" });
  const root = docs[0]?.root;
  if (!root) return done({}, undefined);
  if (root.kind !== "map") {
    bag.error("config-not-mapping", "the config must be a mapping", root.pos, { expected: "a mapping", found: describe(root), hint: "write `manifests: [path/to/manifests]`" });
    return done(undefined, undefined);
  }
  const out: FaultlineConfig = {};
  for (const e of root.entries) {
    if (!CONFIG_KEYS.has(e.key)) {
      const near = nearest(e.key, [...CONFIG_KEYS.keys()]);
      bag.warning("config-unknown-key", `unknown config key ${JSON.stringify(e.key)} (ignored)`, e.keyPos, {
        expected: [...CONFIG_KEYS.keys()].join(", "),
        ...(near ? { hint: `did you mean ${JSON.stringify(near)}?` } : {}),
      });
    }
  }
  const m = entryOf(root, "manifests");
  if (m) {
    const list = stringList(m.value);
    if (!list) bag.error("config-manifests", "manifests must be a list of paths", m.value.pos, { expected: "a path or a list of paths", found: describe(m.value), hint: "write `manifests: [fixtures/retail]`" });
    else out.manifests = list;
  }
  const p = entryOf(root, "policy");
  if (p) out.hasPolicy = true;
  const k = entryOf(root, "k8sLocation");
  if (k) {
    if (k.value.kind === "scalar" && typeof k.value.value === "string") out.k8sLocation = k.value.value;
    else bag.error("config-k8s-location", "k8sLocation must be a location id", k.value.pos, { expected: "a location id", found: describe(k.value), hint: "write `k8sLocation: gcp/us-central1/us-central1-a`" });
  }
  return done(out, root);
}

function entryOf(map: YMap, key: string) {
  for (let i = map.entries.length - 1; i >= 0; i--) if (map.entries[i]!.key === key) return map.entries[i];
  return undefined;
}

function stringList(node: YNode): string[] | undefined {
  if (node.kind === "scalar") return typeof node.value === "string" ? [node.value] : undefined;
  if (node.kind !== "seq") return undefined;
  const out: string[] = [];
  for (const it of node.items) {
    if (it.kind !== "scalar" || typeof it.value !== "string") return undefined;
    out.push(it.value);
  }
  return out;
}
