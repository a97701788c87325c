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
import type { ClassOverride, ClassificationOverrides } from "../import/classify.js";
import { readPlacementConfig, type PlacementOptions } from "../import/placement-locations.js";
import { readAvailabilityConfig, type AvailabilityDefaultsConfig } from "./availability-config.js";
import { leavesRepository } from "./config-paths.js";

export const CONFIG_FILE = "faultline.config.yaml";

export interface FaultlineConfig {
  /** Manifest files or folders, relative to the config's folder. */
  manifests?: string[];
  /** True when the config has a `policy:` section (check reads it with its own positions). */
  hasPolicy?: boolean;
  /** Location that Kubernetes workloads without a runs-on annotation run on. */
  k8sLocation?: string;
  /** Globs of files and folders not to read (docs/importers.md). */
  exclude?: string[];
  /** `compose: {profiles: [...]}`: the active Compose profiles (docs/importers.md). */
  compose?: { profiles?: string[] };
  /** Hard/soft overrides of imported dependencies, by service or by variable pattern (docs/importers.md). */
  classify?: ClassificationOverrides;
  /** How the snapshot and Terraform importers name locations (docs/placement.md). */
  placement?: PlacementOptions;
  /** `observed:` a list of files, or {files, names, as} (docs/drift.md). */
  observed?: ObservedConfig;
  /** Availability defaults by location type and service type (spec 7; assumptions). */
  availability?: AvailabilityDefaultsConfig;
}

/** The observed-data part of the config. */
export interface ObservedConfig {
  /** Observed-call exports, relative to the config's folder. */
  files: string[];
  /** Observed name (`name` or `name.namespace`) → service id. */
  names: Map<string, string>;
  /** How an observed call no manifest declares counts (default hard). */
  as?: "hard" | "soft";
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
  /**
   * From `loadConfig`: the manifest paths of the config that leave its folder (the repository),
   * and why (absolute, `..`, a symbolic link leading out). Such a config comes with a pull
   * request: its caller refuses it (the CLI reads nothing, exit 2). Empty when none do.
   */
  leaving?: Array<{ path: string; why: string }>;
}

/** The name of the config file (`faultline.config.yaml`), as a type: a caller that spells it out is checked against it. */
export type ConfigFileName = typeof CONFIG_FILE;

/** The manifest paths of `config` that leave `dir`, and why. */
function manifestsLeaving(dir: string, config: FaultlineConfig | undefined): Array<{ path: string; why: string }> {
  const out: Array<{ path: string; why: string }> = [];
  for (const p of config?.manifests ?? []) {
    const why = leavesRepository(dir, p);
    if (why) out.push({ path: p, why });
  }
  return out;
}

/** Top-level keys and what each holds; other modules add theirs here. */
export const CONFIG_KEYS: ReadonlyMap<string, string> = new Map([
  ["manifests", "manifest files or folders"],
  ["policy", "the policy of `faultline check`"],
  ["k8sLocation", "the location of Kubernetes workloads without a runs-on annotation"],
  ["exclude", "globs of files and folders not to read"],
  ["classify", "hard/soft overrides of imported dependencies"],
  ["compose", "Compose options: `profiles`, the active profiles"],
  ["placement", "how cluster snapshots and Terraform states name locations (docs/placement.md)"],
  ["observed", "observed-call exports and name mapping (docs/drift.md)"],
  ["availability", "availability defaults by location and service type (`faultline availability`)"],
]);

const CLASSIFY_FIELDS = ["variable", "service", "from", "to"] as const;

/** `classify: {soft: [{variable: "*_FLAGS_URL"}], hard: [{from: a, to: b}]}`. */
function readClassify(node: YNode, bag: DiagnosticBag): ClassificationOverrides | undefined {
  if (node.kind !== "map") {
    bag.error("config-classify", "classify must be a mapping with soft: and hard: lists", node.pos, { expected: "{soft: [...], hard: [...]}", found: describe(node), hint: "write `classify: {soft: [{variable: \"*_FLAG_URL\"}]}`" });
    return undefined;
  }
  const out: ClassificationOverrides = {};
  for (const e of node.entries) {
    if (e.key !== "soft" && e.key !== "hard") {
      bag.error("config-classify", `unknown classify key ${JSON.stringify(e.key)}`, e.keyPos, { expected: "soft or hard", found: JSON.stringify(e.key), hint: "write `soft:` or `hard:`" });
      continue;
    }
    if (e.value.kind !== "seq") {
      bag.error("config-classify", `classify.${e.key} must be a list`, e.value.pos, { expected: "a list of {variable|service|from|to: ...}", found: describe(e.value) });
      continue;
    }
    const list: ClassOverride[] = [];
    for (const it of e.value.items) {
      if (it.kind !== "map" || it.entries.length === 0) {
        bag.error("config-classify", "a classify rule must be a mapping", it.pos, { expected: "{variable: GLOB} or {service: id} or {from: id, to: id}", found: describe(it) });
        continue;
      }
      const rule: ClassOverride = {};
      for (const f of it.entries) {
        if (!(CLASSIFY_FIELDS as readonly string[]).includes(f.key) || f.value.kind !== "scalar" || typeof f.value.value !== "string" || f.value.value === "") {
          const near = nearest(f.key, CLASSIFY_FIELDS);
          bag.error("config-classify", `bad classify field ${JSON.stringify(f.key)}`, f.keyPos, { expected: `${CLASSIFY_FIELDS.join(", ")} with a string value`, found: describe(f.value), ...(near && near !== f.key ? { hint: `did you mean ${JSON.stringify(near)}?` } : {}) });
          continue;
        }
        rule[f.key as (typeof CLASSIFY_FIELDS)[number]] = f.value.value;
      }
      list.push(rule);
    }
    out[e.key] = list;
  }
  return out;
}

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
  const r = parseConfig(CONFIG_FILE, text, lim, bag);
  r.leaving = manifestsLeaving(dir, r.config);
  return r;
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
  const x = entryOf(root, "exclude");
  if (x) {
    const list = stringList(x.value);
    if (!list) bag.error("config-exclude", "exclude must be a list of globs", x.value.pos, { expected: "a glob or a list of globs", found: describe(x.value), hint: "write `exclude: [\"**/templates/**\", docs]`" });
    else out.exclude = list;
  }
  const cp = entryOf(root, "compose");
  if (cp) {
    const profiles = cp.value.kind === "map" ? entryOf(cp.value, "profiles") : undefined;
    const list = profiles ? stringList(profiles.value) : undefined;
    if (cp.value.kind === "map") {
      for (const e of cp.value.entries) {
        if (e.key !== "profiles") bag.error("config-compose", `unknown key compose.${e.key}`, e.keyPos, { expected: "profiles", found: JSON.stringify(e.key), hint: "write `compose: {profiles: [debug]}`" });
      }
    }
    if (cp.value.kind !== "map" || (profiles && !list)) {
      const at = profiles ? profiles.value : cp.value;
      bag.error("config-compose", "compose.profiles must be a list of profile names", at.pos, { expected: "compose: {profiles: [name, ...]}", found: describe(at), hint: "write `compose: {profiles: [debug, monitoring]}`" });
    } else if (list) out.compose = { profiles: list };
  }
  const c = entryOf(root, "classify");
  if (c) {
    const cl = readClassify(c.value, bag);
    if (cl) out.classify = cl;
  }
  const pl = entryOf(root, "placement");
  if (pl) {
    const placement = readPlacementConfig(pl.value, bag);
    if (placement) out.placement = placement;
  }
  const o = entryOf(root, "observed");
  if (o && !(o.value.kind === "scalar" && o.value.value === null)) {
    const obs = readObservedConfig(o.value, bag);
    if (obs) out.observed = obs;
  }
  const av = entryOf(root, "availability");
  if (av) out.availability = readAvailabilityConfig(av.value, bag);
  return done(out, root);
}

function readObservedConfig(node: YNode, bag: DiagnosticBag): ObservedConfig | undefined {
  const files = (n: YNode): string[] | undefined => {
    const list = stringList(n);
    if (!list) bag.error("config-observed", "observed files must be a list of paths", n.pos, { expected: "a path or a list of paths", found: describe(n), hint: "write `observed: [observed/jaeger-dependencies.json]`" });
    return list;
  };
  if (node.kind !== "map") {
    const list = files(node);
    return list ? { files: list, names: new Map() } : undefined;
  }
  const out: ObservedConfig = { files: [], names: new Map() };
  for (const e of node.entries) {
    if (e.key === "files") out.files = files(e.value) ?? [];
    else if (e.key === "names") {
      if (e.value.kind === "scalar" && e.value.value === null) continue;
      if (e.value.kind !== "map") {
        bag.error("config-observed", "observed.names must be a mapping", e.value.pos, { expected: "observed name: service id", found: describe(e.value), hint: "write `names: {checkout-api: checkout}`" });
        continue;
      }
      for (const n of e.value.entries) {
        if (n.value.kind === "scalar" && typeof n.value.value === "string" && n.value.value !== "") out.names.set(n.key, n.value.value);
        else bag.error("config-observed", `observed.names.${n.key} must be a service id`, n.value.pos, { expected: "a service id", found: describe(n.value), hint: "write `<observed name>: <service id>`" });
      }
    } else if (e.key === "as") {
      if (e.value.kind === "scalar" && (e.value.value === "hard" || e.value.value === "soft")) out.as = e.value.value;
      else bag.error("config-observed", "observed.as must be hard or soft", e.value.pos, { expected: "hard or soft", found: describe(e.value), hint: "hard (the default) counts an undeclared observed call as a hard dependency" });
    } else {
      const near = nearest(e.key, ["files", "names", "as"]);
      bag.error("config-observed", `unknown key observed.${e.key}`, e.keyPos, { expected: "files, names or as", found: JSON.stringify(e.key), ...(near ? { hint: `did you mean \`${near}\`?` } : {}) });
    }
  }
  return out;
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
