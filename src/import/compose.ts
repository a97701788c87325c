/**
 * Docker Compose files (a `services:` mapping): every service becomes a service entity.
 * The files of one folder are one project; override files merge onto the base file as
 * Compose merges them. Dependencies come from `depends_on` (short and long form),
 * `links`, `network_mode: service:x`, `volumes_from`, and environment values naming
 * another service's host (marked inferred). See docs/importers.md.
 */
import { basename, dirname, posix, resolve as resolvePath } from "node:path";
import type { DiagnosticBag, SourcePos } from "../diagnostics/diagnostics.js";
import type { YDoc } from "../yaml/read-yaml.js";
import { asMap, describe, get, type YMap, type YNode } from "../yaml/yaml-tree.js";
import type { Entity, Evidence, ServiceEntity } from "../model/entities.js";
import { hostsInValue, keyNamesHost } from "./env-hosts.js";
import { interpolate, parseEnvFile, readEnvFileInside, type EnvVar } from "./compose-env.js";
import { weakEvidence } from "./classify.js";
import { applyHints, hintsFromNode, hintsFromStrings, type HintItem, type HintName, type RawHint } from "./hints.js";
import { depOn, importedService } from "./ids.js";
import type { ComposeProjectReport, ImportContext, Importer } from "./importer.js";

const BASE_FILES = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];
const COMPOSE_FILE_RE = /^(docker-)?compose([.-][^/]+)?\.ya?ml$/;
const LABEL_PREFIXES = ["faultline.", "faultline/"];

/** The Docker Compose importer. */
export const composeImporter: Importer = {
  format: "compose",
  detect(doc) {
    const root = asMap(doc.root);
    if (!root || get(root, "apiVersion") !== undefined) return false;
    const services = asMap(get(root, "services"));
    if (!services) return false;
    if (COMPOSE_FILE_RE.test(basename(doc.file))) return true;
    return services.entries.some((e) => {
      const m = asMap(e.value);
      return m !== undefined && (get(m, "image") !== undefined || get(m, "build") !== undefined);
    });
  },
  importDocuments(docs, ctx) {
    const byDir = new Map<string, YDoc[]>();
    for (const d of docs) {
      const dir = dirname(d.file);
      let list = byDir.get(dir);
      if (!list) byDir.set(dir, (list = []));
      list.push(d);
    }
    const out: Entity[] = [];
    const cwd = (ctx.options as { cwd?: string }).cwd ?? process.cwd();
    for (const dir of [...byDir.keys()].sort()) {
      const chosen = selectFiles(byDir.get(dir)!, ctx);
      if (chosen.length === 0) continue;
      const project: ComposeProjectReport = { folder: dir, files: [...new Set(chosen.map((d) => d.file))].sort((a, b) => fileRank(a) - fileRank(b) || (a < b ? -1 : a > b ? 1 : 0)) };
      ctx.report?.composeProjects.push(project);
      for (const e of importProject(dir, chosen, cwd, ctx, project)) out.push(e);
    }
    return out;
  },
};

interface PosValue {
  value: string | null;
  at: SourcePos;
  /** How the value was found, when not written in place (`CART_ADDR (.env)`). */
  via?: string;
}

interface Dep {
  at: SourcePos;
  soft: boolean;
  note?: string;
  via?: string;
  value?: string;
  /** `condition: service_started` written out: start-up order unless something addresses the target. */
  startupOnly?: boolean;
}

/** What interpolation and env files need: the project's variables and folders. */
interface EnvContext {
  lookup: (name: string) => string | undefined;
  dotEnv: ReadonlyMap<string, EnvVar>;
  /** The project folder as displayed, and on disk. */
  dir: string;
  projectDir: string;
  cwd: string;
}

/** One service as the merged files describe it (only what faultline reads). */
interface Draft {
  name: string;
  at: SourcePos;
  image?: string;
  build: boolean;
  dependsOn: Map<string, Dep>;
  links: Map<string, Dep & { alias?: string }>;
  volumesFrom: Map<string, Dep>;
  networkMode?: { service: string; at: SourcePos };
  env: Map<string, PosValue>;
  labels: Map<string, PosValue>;
  hints: Map<HintName, RawHint>;
  hostname?: string;
  containerName?: string;
  networkAliases: Set<string>;
  profiles: string[];
  extends?: { service: string; at: SourcePos };
  /** Build contexts and bind-mounted paths (relative to the project folder): config files there belong to this service. */
  configDirs: string[];
}

function emptyDraft(name: string, at: SourcePos): Draft {
  return { name, at, build: false, dependsOn: new Map(), links: new Map(), volumesFrom: new Map(), env: new Map(), labels: new Map(), hints: new Map(), networkAliases: new Set(), profiles: [], configDirs: [] };
}

/** Compose's own normalisation of a project name: lower case, only [a-z0-9_-]. */
export function composeProjectName(raw: string): string {
  const n = raw.toLowerCase().replace(/[^a-z0-9_-]/g, "");
  return n.replace(/^[^a-z0-9]+/, "") || "project";
}

function fileRank(file: string): number {
  const b = basename(file);
  const base = BASE_FILES.indexOf(b);
  if (base >= 0) return base;
  if (/\.override\.ya?ml$/.test(b)) return 20;
  return 10;
}

/**
 * The files `docker compose` itself reads in a folder: the base file (the first of
 * compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml) and its override.
 * Other Compose files of the folder (variants: prod, tests, windows, ...) are read only when
 * named one by one (with -m or in the config's manifests); a folder without a base file is
 * read whole, as before. What was left out goes to the coverage summary.
 */
function selectFiles(docs: YDoc[], ctx: ImportContext): YDoc[] {
  const named = ctx.options.namedFiles;
  const isNamed = (f: string) => named?.has(f) === true;
  const files = [...new Set(docs.map((d) => d.file))];
  const base = BASE_FILES.map((b) => files.find((f) => basename(f) === b)).find((f) => f !== undefined);
  if (base === undefined) return docs;
  const override = basename(base).replace(/\.ya?ml$/, ".override.");
  const keep = (f: string) => f === base || (basename(f).startsWith(override) && /\.ya?ml$/.test(f) && basename(f).split(".").length === 3) || isNamed(f);
  // Named files alone (`-m compose.yaml compose.full.yaml`): exactly those, as `docker compose -f` reads them.
  const anyNamed = files.some(isNamed);
  const chosen = anyNamed ? files.filter(isNamed) : files.filter(keep);
  for (const f of files) {
    if (!chosen.includes(f)) ctx.report?.skipped.push({ file: f, why: "compose-variant" });
  }
  return docs.filter((d) => chosen.includes(d.file));
}

const PROFILE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * The active profiles, as `docker compose` picks them: `--profile` (or `compose.profiles` in
 * the config) when given, else `COMPOSE_PROFILES` of the project's `.env` (comma-separated;
 * the shell environment is never read). `*` activates every profile.
 */
function activeProfiles(ctx: ImportContext, dotEnv: ReadonlyMap<string, EnvVar>): string[] {
  const given = ctx.options.composeProfiles;
  const raw = given !== undefined && given.length > 0 ? given : (dotEnv.get("COMPOSE_PROFILES")?.value.split(",") ?? []);
  return [...new Set(raw.map((p) => p.trim()).filter((p) => p !== ""))].sort();
}

/**
 * Compose profiles: a service without `profiles:` is always enabled; one with profiles only
 * when one of them is active. Disabled services are removed from `drafts` (and returned, with
 * their profiles); a reference from an enabled service to a disabled one is what Compose makes
 * of it: `depends_on` with `required: false` is dropped, any other `depends_on`, `links`,
 * `volumes_from` or `network_mode: service:` is an error for `docker compose up` (the service
 * is not pulled in), so faultline warns at the reference and records no edge.
 */
function applyProfiles(drafts: Map<string, Draft>, active: readonly string[], bag: DiagnosticBag): Map<string, Draft> {
  const all = active.includes("*");
  const disabled = new Map<string, Draft>();
  for (const d of drafts.values()) {
    if (d.profiles.length > 0 && !all && !d.profiles.some((p) => active.includes(p))) disabled.set(d.name, d);
  }
  if (disabled.size === 0) return disabled;
  for (const name of disabled.keys()) drafts.delete(name);
  const hint = (t: Draft) => `\`docker compose up\` refuses this unless a profile of ${JSON.stringify(t.name)} is active; pass --profile ${t.profiles[0]} (or compose.profiles in the config, COMPOSE_PROFILES in .env)`;
  for (const d of drafts.values()) {
    for (const [target, dep] of d.dependsOn) {
      const t = disabled.get(target);
      if (!t) continue;
      d.dependsOn.delete(target);
      if (dep.soft) continue;
      bag.warning("compose-profile-inactive", `${JSON.stringify(d.name)} depends on ${JSON.stringify(target)}, which is only in profile ${t.profiles.join(", ")} (not active): no dependency recorded`, dep.at, { hint: hint(t) });
    }
    const refs: Array<[string, SourcePos, string, () => void]> = [];
    for (const [target, l] of d.links) refs.push([target, l.at, "links", () => d.links.delete(target)]);
    for (const [target, v] of d.volumesFrom) refs.push([target, v.at, "volumes_from", () => d.volumesFrom.delete(target)]);
    if (d.networkMode) refs.push([d.networkMode.service, d.networkMode.at, "network_mode", () => delete d.networkMode]);
    for (const [target, at, field, drop] of refs) {
      const t = disabled.get(target);
      if (!t) continue;
      drop();
      bag.warning("compose-profile-inactive", `${field} of ${JSON.stringify(d.name)} names ${JSON.stringify(target)}, which is only in profile ${t.profiles.join(", ")} (not active): no dependency recorded`, at, { hint: hint(t) });
    }
  }
  return disabled;
}

function importProject(dir: string, docs: YDoc[], cwd: string, ctx: ImportContext, project: ComposeProjectReport): Entity[] {
  const bag = ctx.bag;
  // The project's .env (never the shell environment): interpolation and pass-through values.
  const projectDir = resolvePath(cwd, dir);
  const envText = ctx.options.envFiles ? ctx.options.envFiles.get(posix.join(dir, ".env")) : readEnvFileInside(resolvePath(projectDir, ".env"), projectDir);
  const dotEnv: Map<string, EnvVar> = envText !== undefined ? parseEnvFile(envText, posix.join(dir, ".env")) : new Map();
  const lookup = (name: string) => dotEnv.get(name)?.value;
  const envCtx: EnvContext = { lookup, dotEnv, dir, projectDir, cwd };
  // Base first, then the other files in path order, then *.override.*: the order `docker compose` applies them in.
  const ordered = docs.map((d, i) => ({ d, i })).sort((a, b) => fileRank(a.d.file) - fileRank(b.d.file) || a.i - b.i).map((x) => x.d);
  let projectName = composeProjectName(basename(resolvePath(cwd, dir)));
  const drafts = new Map<string, Draft>();
  const projectHints = new Map<HintName, RawHint>();
  for (const doc of ordered) {
    const root = asMap(doc.root)!;
    const nameNode = get(root, "name");
    if (nameNode?.kind === "scalar" && typeof nameNode.value === "string" && nameNode.value !== "") projectName = composeProjectName(nameNode.value);
    const include = get(root, "include");
    if (include !== undefined) {
      bag.warning("not-followed", "`include` is not followed: faultline reads only the files it is given", include.pos, {
        hint: "pass the included files' folder to -m as well (its services form their own project)",
      });
    }
    const xf = get(root, "x-faultline");
    if (xf) hintsFromNode(xf, bag, projectHints);
    const services = asMap(get(root, "services"))!;
    for (const e of services.entries) {
      if (e.value.kind === "scalar" && e.value.value === null) {
        if (!drafts.has(e.key)) drafts.set(e.key, emptyDraft(e.key, e.keyPos));
        continue;
      }
      if (e.value.kind !== "map") {
        bag.warning("bad-compose-service", `Compose service ${JSON.stringify(e.key)} must be a mapping: skipped`, e.value.pos, { expected: "a mapping with image or build", found: describe(e.value) });
        continue;
      }
      const part = readService(e.key, e.keyPos, e.value, bag, envCtx);
      const prev = drafts.get(e.key);
      if (prev) mergeInto(prev, part);
      else drafts.set(e.key, part);
    }
  }
  resolveExtends(drafts, bag);
  const active = activeProfiles(ctx, dotEnv);
  const disabled = applyProfiles(drafts, active, bag);
  if (active.length > 0) project.activeProfiles = active;
  if (disabled.size > 0) project.leftOut = [...disabled.values()].map((d) => ({ service: d.name, profiles: [...d.profiles] })).sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
  // Host names of the disabled services: an address naming one reaches nothing (its container does not run).
  const disabledHosts = new Set<string>();
  for (const d of disabled.values()) for (const h of [d.name, d.hostname, d.containerName, ...d.networkAliases]) if (h) disabledHosts.add(h.toLowerCase());

  // Host names by which the other containers reach a service.
  const hostTargets = new Map<string, Set<string>>();
  const addHost = (h: string | undefined, svc: string) => {
    if (!h) return;
    const k = h.toLowerCase();
    let s = hostTargets.get(k);
    if (!s) hostTargets.set(k, (s = new Set()));
    s.add(svc);
  };
  for (const d of drafts.values()) {
    addHost(d.name, d.name);
    addHost(d.hostname, d.name);
    addHost(d.containerName, d.name);
    for (const a of d.networkAliases) addHost(a, d.name);
  }
  for (const d of drafts.values()) for (const [svc, l] of d.links) if (l.alias) addHost(l.alias, svc);
  const hostToService = (host: string): string | undefined => {
    const direct = drafts.has(host) ? host : undefined;
    if (direct) return direct;
    const s = hostTargets.get(host);
    return s && s.size === 1 ? [...s][0] : undefined;
  };

  // Hosts that some environment value of the project names: a `depends_on` with an explicit
  // `condition: service_started` on a service nobody addresses only orders start-up.
  const addressed = new Set<string>();
  for (const d of drafts.values()) {
    for (const [key, v] of d.env) {
      if (v.value === null) continue;
      for (const m of hostsInValue(v.value, keyNamesHost(key))) {
        const t = hostToService(m.host);
        if (t !== undefined && t !== d.name) addressed.add(t);
      }
    }
  }

  const entities = new Map<string, ServiceEntity>();
  for (const d of drafts.values()) {
    const svc = importedService({
      name: d.name,
      labels: new Map([...d.labels].filter(([, v]) => v.value !== null).map(([k, v]) => [k, v.value!])),
      attributes: new Map([
        ["compose.project", projectName],
        ["compose.service", d.name],
      ]),
      origin: "compose",
      at: d.at,
      candidates: [d.name, `${projectName}.${d.name}`],
    });
    if (d.image !== undefined) svc.attributes.set("image", d.image);
    if (d.profiles.length > 0) svc.attributes.set("compose.profiles", d.profiles.join(","));
    entities.set(d.name, svc);
    for (const c of d.configDirs) {
      const p = posix.normalize(posix.join(dir, c.split("\\").join("/"))).replace(/\/+$/, "");
      // The project folder itself (`build: .`) is everyone's: it says nothing about one service.
      if (p !== posix.normalize(dir) && p !== "." && ctx.report) (ctx.report.configOwners ??= []).push({ path: p, service: svc });
    }
  }
  for (const d of drafts.values()) {
    const svc = entities.get(d.name)!;
    const seen = new Set<string>();
    const add = (target: string, dep: Dep, inferred = false) => {
      if (target === d.name || seen.has(target)) return;
      seen.add(target);
      const t = entities.get(target);
      const evidence: Evidence = { kind: inferred ? "inferred" : "declared", via: dep.via ?? (dep.note !== undefined && !dep.note.startsWith("condition") ? dep.note : "depends_on") };
      if (dep.value !== undefined) evidence.value = dep.value;
      if (dep.startupOnly) evidence.startupOnly = true;
      if (t) {
        const entry = depOn(t, dep.at, { soft: dep.soft, inferred, ...(dep.note !== undefined ? { note: dep.note } : {}) });
        entry.evidence = evidence;
        svc.dependsOn.push(entry);
      } else {
        // Not a service of this project: left to the model builder, which resolves it
        // against the whole id space (a native stand-in) or warns that it dangles.
        const entry: ServiceEntity["dependsOn"][number] = { kind: "ref", ref: target, soft: dep.soft, at: dep.at, evidence };
        if (inferred) entry.inferred = true;
        if (dep.note !== undefined) entry.note = dep.note;
        svc.dependsOn.push(entry);
      }
    };
    // Addresses first, so a service both named in depends_on and addressed keeps the address as its evidence.
    const fromEnv: Array<[string, Dep]> = [];
    for (const [key, v] of d.env) {
      if (v.value === null) continue;
      for (const m of hostsInValue(v.value, keyNamesHost(key))) {
        if (m.host.includes(".")) {
          // A dotted name is outside the project's network: said in the coverage summary.
          if (ctx.report) (ctx.report.unresolved ??= []).push({ service: svc, host: m.host, via: v.via ?? key, at: v.at });
          continue;
        }
        const target = hostToService(m.host);
        if (target === undefined && disabledHosts.has(m.host)) {
          // A service left out by its profile: its container does not run, the address reaches nothing.
          if (ctx.report) (ctx.report.unresolved ??= []).push({ service: svc, host: m.host, via: v.via ?? key, at: v.at, why: "its profile is not active" });
          continue;
        }
        const dep: Dep = { at: v.at, soft: false, note: `from ${key}`, via: v.via ?? key, value: v.value };
        if (target !== undefined) fromEnv.push([target, dep]);
        else if (m.explicit && m.host !== d.name.toLowerCase() && !(d.hostname && m.host === d.hostname.toLowerCase())) fromEnv.push([m.host, dep]);
      }
    }
    // Start-up order only: written `condition: service_started`, on a service nothing in the
    // project addresses, from a caller whose own addresses are visible (so its calls are known).
    if (fromEnv.length > 0) {
      for (const [target, dep] of d.dependsOn) {
        if (dep.startupOnly && !addressed.has(target)) add(target, dep);
      }
    }
    // A health-check or telemetry variable yields to a plain address of the same target.
    const ranked = fromEnv.map((x, i) => ({ x, i, w: weakEvidence(x[1].via ?? "", x[1].value ?? "") ? 1 : 0 })).sort((a, b) => a.w - b.w || a.i - b.i);
    for (const { x: [target, dep] } of ranked) add(target, dep, true);
    for (const [target, dep] of d.dependsOn) add(target, { ...dep, startupOnly: false });
    for (const [target, dep] of d.links) add(target, dep);
    if (d.networkMode) add(d.networkMode.service, { at: d.networkMode.at, soft: false, note: "network_mode" });
    for (const [target, dep] of d.volumesFrom) add(target, dep);
    const labelItems = new Map<string, HintItem>();
    for (const [k, v] of d.labels) if (v.value !== null) labelItems.set(k, { value: v.value, at: v.at });
    const hints = hintsFromStrings(labelItems, LABEL_PREFIXES, ctx.bag);
    for (const [k, v] of d.hints) hints.set(k, v);
    if (!hints.has("runs-on") && projectHints.has("runs-on")) hints.set("runs-on", projectHints.get("runs-on")!);
    if (!hints.has("tier") && projectHints.has("tier")) hints.set("tier", projectHints.get("tier")!);
    const before = svc.dependsOn.length;
    applyHints(svc, hints, (name) => entities.get(hostToService(name.toLowerCase()) ?? name), ctx.bag);
    // A hint naming a service its profile left out: as for depends_on, warned here and no edge.
    if (disabled.size > 0) {
      const kept = svc.dependsOn.slice(0, before);
      for (const dep of svc.dependsOn.slice(before)) {
        const t = dep.kind === "ref" && !entities.has(dep.ref) ? disabled.get(dep.ref) : undefined;
        if (!t) {
          kept.push(dep);
          continue;
        }
        bag.warning("compose-profile-inactive", `a hint of ${JSON.stringify(d.name)} names ${JSON.stringify(t.name)}, which is only in profile ${t.profiles.join(", ")} (not active): no dependency recorded`, dep.at, { hint: `pass --profile ${t.profiles[0]} to load it` });
      }
      svc.dependsOn = kept;
    }
  }
  return [...entities.values()];
}

function readService(name: string, at: SourcePos, m: YMap, bag: DiagnosticBag, env: EnvContext): Draft {
  const d = emptyDraft(name, at);
  const ip = (s: string | undefined) => (s === undefined ? undefined : interpolate(s, env.lookup));
  const fileEnv = new Map<string, PosValue>();
  for (const e of m.entries) {
    const v = e.value;
    switch (e.key) {
      case "image":
        if (v.kind === "scalar" && v.value !== null) d.image = ip(String(v.value));
        break;
      case "env_file":
        readEnvFiles(v, fileEnv, env, bag);
        break;
      case "build": {
        d.build = !(v.kind === "scalar" && v.value === null);
        const c = scalar(v) ?? (asMap(v) ? scalar(get(asMap(v)!, "context")) : undefined);
        if (c !== undefined) d.configDirs.push(interpolate(c, env.lookup));
        break;
      }
      case "volumes":
        for (const it of v.kind === "seq" ? v.items : []) {
          const src = scalar(it)?.split(":")[0] ?? (asMap(it) ? scalar(get(asMap(it)!, "source")) : undefined);
          if (src !== undefined && /^\.{1,2}(\/|$)/.test(src)) d.configDirs.push(interpolate(src, env.lookup));
        }
        break;
      case "depends_on":
        readDependsOn(v, d, bag);
        break;
      case "links":
        for (const it of seqItems(v, "links", bag)) {
          const s = scalar(it);
          if (s === undefined) continue;
          const [target, alias] = s.split(":", 2) as [string, string | undefined];
          const l: Dep & { alias?: string } = { at: it.pos, soft: false, note: "links" };
          if (alias) l.alias = alias;
          if (target) d.links.set(target, l);
        }
        break;
      case "volumes_from":
        for (const it of seqItems(v, "volumes_from", bag)) {
          const s = scalar(it);
          if (s === undefined || s.startsWith("container:")) continue;
          d.volumesFrom.set(s.replace(/^service:/, "").replace(/:(ro|rw)$/, ""), { at: it.pos, soft: false, note: "volumes_from" });
        }
        break;
      case "network_mode": {
        const s = scalar(v);
        if (s?.startsWith("service:")) d.networkMode = { service: s.slice("service:".length), at: v.pos };
        break;
      }
      case "environment": {
        readKeyValues(v, d.env, "environment", bag);
        for (const [k, pv] of d.env) {
          if (pv.value !== null) pv.value = interpolate(pv.value, env.lookup);
          else {
            // Pass-through (`- CART_ADDR`): the value comes from the project's environment (.env).
            const ev = env.dotEnv.get(k);
            if (ev !== undefined) {
              pv.value = ev.value;
              pv.via = `${k} (.env)`;
            }
          }
        }
        break;
      }
      case "labels":
        readKeyValues(v, d.labels, "labels", bag);
        break;
      case "x-faultline":
        hintsFromNode(v, bag, d.hints);
        break;
      case "hostname":
        d.hostname = ip(scalar(v));
        break;
      case "container_name":
        d.containerName = ip(scalar(v));
        break;
      case "profiles":
        for (const it of seqItems(v, "profiles", bag)) {
          // Compose refuses a profile name outside [a-zA-Z0-9][a-zA-Z0-9_.-]*.
          const s = it.kind === "scalar" && typeof it.value === "string" ? it.value : undefined;
          if (s !== undefined && PROFILE_NAME.test(s)) d.profiles.push(s);
          else bag.warning("bad-compose-field", "a profiles entry must be a profile name", it.pos, { expected: "a name of letters, digits, _ . - (starting with a letter or digit)", found: describe(it), hint: "docker compose refuses this project; write the name plainly, e.g. `profiles: [debug]`" });
        }
        break;
      case "networks": {
        const nm = asMap(v);
        for (const n of nm?.entries ?? []) {
          const aliases = asMap(n.value) && get(asMap(n.value)!, "aliases");
          for (const a of aliases?.kind === "seq" ? aliases.items : []) {
            const s = scalar(a);
            if (s) d.networkAliases.add(s);
          }
        }
        break;
      }
      case "extends": {
        const s = scalar(v);
        const em = asMap(v);
        if (s) d.extends = { service: s, at: v.pos };
        else if (em) {
          const file = get(em, "file");
          const svc = scalar(get(em, "service"));
          if (file !== undefined) {
            bag.warning("not-followed", "`extends` from another file is not followed: the service is read as written here", file.pos, {
              hint: "repeat what faultline needs (depends_on, labels) in this file",
            });
          } else if (svc) d.extends = { service: svc, at: v.pos };
        }
        break;
      }
    }
  }
  // env_file values lose to `environment:` (Compose's precedence).
  for (const [k, pv] of fileEnv) if (!d.env.has(k)) d.env.set(k, pv);
  return d;
}

/** `env_file:` (a path, a list of paths, or `{path, required}` entries), relative to the project folder. */
function readEnvFiles(v: YNode, into: Map<string, PosValue>, env: EnvContext, bag: DiagnosticBag): void {
  const items = v.kind === "seq" ? v.items : [v];
  for (const it of items) {
    const m = asMap(it);
    const path = m ? scalar(get(m, "path")) : scalar(it);
    if (path === undefined) continue;
    const required = m ? get(m, "required") : undefined;
    const optional = required?.kind === "scalar" && (required.value === false || required.value === "false");
    const p = interpolate(path, env.lookup);
    const text = readEnvFileInside(resolvePath(env.projectDir, p), env.projectDir);
    if (text === undefined) {
      if (!optional) {
        bag.warning("env-file-unread", `env_file ${JSON.stringify(p)} is not read: not found, not a regular file, or outside the project folder`, it.pos, {
          hint: "addresses in it are not seen; keep env files inside the folder given with -m",
        });
      }
      continue;
    }
    const shown = posix.normalize(posix.join(env.dir, p.split("\\").join("/")));
    for (const [k, ev] of parseEnvFile(text, shown, env.dotEnv)) into.set(k, { value: ev.value, at: { file: ev.file, line: ev.line, column: 1 }, via: `${k} (${posix.basename(shown)})` });
  }
}

function readDependsOn(v: YNode, d: Draft, bag: DiagnosticBag): void {
  if (v.kind === "seq") {
    for (const it of v.items) {
      const s = scalar(it);
      if (s === undefined) {
        bag.warning("bad-compose-field", "a depends_on entry must be a service name", it.pos, { expected: "a service name", found: describe(it) });
        continue;
      }
      d.dependsOn.set(s, { at: it.pos, soft: false });
    }
    return;
  }
  if (v.kind === "map") {
    for (const e of v.entries) {
      const opts = asMap(e.value);
      const condition = opts ? scalar(get(opts, "condition")) : undefined;
      const required = opts ? get(opts, "required") : undefined;
      // `required: false` lets Compose start the service without it: a soft dependency.
      const soft = required?.kind === "scalar" && (required.value === false || required.value === "false");
      const dep: Dep = { at: e.keyPos, soft };
      if (condition && condition !== "service_started") dep.note = `condition: ${condition}`;
      if (condition === "service_started") dep.startupOnly = true;
      d.dependsOn.set(e.key, dep);
    }
    return;
  }
  if (v.kind === "scalar" && v.value === null) return;
  bag.warning("bad-compose-field", "depends_on must be a list or a mapping", v.pos, { expected: "a list of names or a mapping of name → {condition}", found: describe(v) });
}

/** `KEY=VALUE` list or mapping, as `environment` and `labels` are written; later entries win. */
function readKeyValues(v: YNode, into: Map<string, PosValue>, what: string, bag: DiagnosticBag): void {
  if (v.kind === "seq") {
    for (const it of v.items) {
      const s = scalar(it);
      if (s === undefined) continue;
      const eq = s.indexOf("=");
      if (eq < 0) into.set(s, { value: null, at: it.pos });
      else into.set(s.slice(0, eq), { value: s.slice(eq + 1), at: it.pos });
    }
  } else if (v.kind === "map") {
    for (const e of v.entries) {
      const val = e.value.kind === "scalar" && e.value.value !== null ? String(e.value.value) : null;
      into.set(e.key, { value: val, at: e.value.kind === "scalar" && e.value.value === null ? e.keyPos : e.value.pos });
    }
  } else if (!(v.kind === "scalar" && v.value === null)) {
    bag.warning("bad-compose-field", `${what} must be a list or a mapping`, v.pos, { expected: "a list of KEY=value or a mapping", found: describe(v) });
  }
}

function seqItems(v: YNode, what: string, bag: DiagnosticBag): YNode[] {
  if (v.kind === "seq") return v.items;
  if (v.kind === "scalar" && v.value === null) return [];
  bag.warning("bad-compose-field", `${what} must be a list`, v.pos, { expected: "a list", found: describe(v) });
  return [];
}

function scalar(v: YNode | undefined): string | undefined {
  return v?.kind === "scalar" && v.value !== null && v.value !== "" ? String(v.value) : undefined;
}

/** Merges `b` (a later file, or the extending service) onto `a`, as Compose merges files. */
function mergeInto(a: Draft, b: Draft): void {
  if (b.image !== undefined) a.image = b.image;
  a.build ||= b.build;
  for (const [k, v] of b.dependsOn) a.dependsOn.set(k, v);
  for (const [k, v] of b.links) a.links.set(k, v);
  for (const [k, v] of b.volumesFrom) a.volumesFrom.set(k, v);
  if (b.networkMode) a.networkMode = b.networkMode;
  for (const [k, v] of b.env) a.env.set(k, v);
  for (const [k, v] of b.labels) a.labels.set(k, v);
  for (const [k, v] of b.hints) a.hints.set(k, v);
  if (b.hostname !== undefined) a.hostname = b.hostname;
  if (b.containerName !== undefined) a.containerName = b.containerName;
  for (const x of b.networkAliases) a.networkAliases.add(x);
  for (const x of b.configDirs) a.configDirs.push(x);
  if (b.profiles.length > 0) a.profiles = b.profiles;
  if (b.extends) a.extends = b.extends;
}

function cloneDraft(d: Draft, name: string, at: SourcePos): Draft {
  const c = emptyDraft(name, at);
  mergeInto(c, d);
  delete c.extends;
  return c;
}

/**
 * Applies `extends: {service: x}` within the project (other files are never opened). A chain
 * is followed in a loop, not by recursion: a chain of 50,000 services overflowed the stack.
 */
function resolveExtends(drafts: Map<string, Draft>, bag: DiagnosticBag): void {
  const done = new Set<string>();
  const visit = (start: Draft): void => {
    // The services from `start` down the chain that still extend another, in order.
    const chain: Draft[] = [];
    const onChain = new Set<string>();
    for (let d: Draft | undefined = start; d && !done.has(d.name) && d.extends; ) {
      const ext: NonNullable<Draft["extends"]> = d.extends;
      const base = drafts.get(ext.service);
      if (!base || base.name === d.name || onChain.has(base.name)) {
        bag.warning("bad-extends", base ? `extends cycle through ${JSON.stringify(ext.service)}: ignored` : `extends names unknown service ${JSON.stringify(ext.service)}: ignored`, ext.at, {
          hint: "extends must name another service of the same project",
        });
        delete d.extends;
        done.add(d.name);
        break;
      }
      chain.push(d);
      onChain.add(d.name);
      d = base;
    }
    // Deepest first, so each service merges a base that is already complete.
    for (let i = chain.length - 1; i >= 0; i--) {
      const d = chain[i]!;
      const base = drafts.get(d.extends!.service)!;
      const merged = cloneDraft(base, d.name, d.at);
      const own = { ...d };
      delete own.extends;
      mergeInto(merged, own);
      Object.assign(d, merged);
      delete d.extends;
      done.add(d.name);
    }
  };
  for (const d of drafts.values()) visit(d);
}
