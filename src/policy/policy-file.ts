/**
 * Policy loading: `faultline.policy.yaml`, or `policy:` in `faultline.config.yaml`.
 * Every problem is a diagnostic with file, line, column, expected, found and a hint.
 */
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostics.js";
import { DEFAULT_LIMITS } from "../yaml/limits.js";
import { nearest } from "../diagnostics/suggest.js";
import { parseYamlText } from "../yaml/read-yaml.js";
import { asMap, describe, get, toPlain, type YMap, type YNode } from "../yaml/yaml-tree.js";
import { TIERS } from "../model/entities.js";
import { RULES } from "./registry.js";
import type { AllowEntry, Policy, RuleSetting, RuleSeverity } from "./types.js";

export const POLICY_FILE = "faultline.policy.yaml";
const SEVERITIES: readonly RuleSeverity[] = ["error", "warning", "off"];

/** The policy when nothing is configured: every rule at its default severity and options. */
export function defaultPolicy(): Policy {
  const rules = new Map<string, RuleSetting>();
  for (const [id, r] of RULES) rules.set(id, { severity: r.defaultSeverity, options: new Map(r.defaults), allow: [] });
  return { source: "defaults", rules };
}

export interface PolicyLoad {
  policy: Policy;
  diagnostics: Diagnostic[];
  ok: boolean;
}

/**
 * Reads a policy from YAML text. With `key` (e.g. `policy` for the config file) the policy
 * is the value of that top-level key; a missing key gives the defaults.
 */
export function parsePolicy(file: string, text: string, key?: string): PolicyLoad {
  const bag = new DiagnosticBag();
  const policy = defaultPolicy();
  policy.source = key ? `${file}#${key}` : file;
  const docs = parseYamlText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file, DEFAULT_LIMITS, bag, { nodes: 0 });
  if (docs.length > 1) bag.error("policy-documents", "the policy file holds more than one YAML document", docs[1]!.pos, { hint: "keep one document (remove `---`)" });
  let root: YNode | undefined = docs[0]?.root;
  if (key && root) {
    const m = asMap(root);
    root = m ? get(m, key) : undefined;
  }
  if (root && !(root.kind === "scalar" && root.value === null)) readPolicy(root, policy, bag);
  const diagnostics = sortDiagnostics(bag.items);
  return { policy, diagnostics, ok: !diagnostics.some((d) => d.severity === "error") };
}

function readPolicy(root: YNode, policy: Policy, bag: DiagnosticBag): void {
  const map = asMap(root);
  if (!map) {
    bag.error("policy-shape", "the policy must be a mapping", root.pos, { expected: "rules: {<rule-id>: error | warning | off}", found: describe(root), hint: "start the policy with `rules:`" });
    return;
  }
  for (const e of map.entries) {
    if (e.key !== "rules") bag.error("policy-key", `unknown policy key ${JSON.stringify(e.key)}`, e.keyPos, { expected: "rules", found: JSON.stringify(e.key), hint: "the policy has one key, `rules:`" });
  }
  const rulesNode = get(map, "rules");
  if (!rulesNode) return;
  const rules = asMap(rulesNode);
  if (!rules) {
    if (!(rulesNode.kind === "scalar" && rulesNode.value === null)) bag.error("policy-rules", "`rules` must be a mapping of rule ids", rulesNode.pos, { expected: "a mapping", found: describe(rulesNode), hint: "write `rules: {tier-inversion: error}`" });
    return;
  }
  for (const e of rules.entries) {
    const rule = RULES.get(e.key);
    if (!rule) {
      const near = nearest(e.key, RULES.keys());
      bag.error("unknown-rule", `unknown rule ${JSON.stringify(e.key)}`, e.keyPos, {
        expected: `one of ${[...RULES.keys()].join(", ")}`,
        found: JSON.stringify(e.key),
        hint: near ? `did you mean \`${near}\`?` : "see `faultline check --help` for the rules",
      });
      continue;
    }
    const setting = policy.rules.get(rule.id)!;
    const v = e.value;
    if (v.kind === "scalar") {
      const sev = readSeverity(v, bag);
      if (sev) setting.severity = sev;
    } else if (v.kind === "map") {
      readRuleMap(rule.id, v, setting, bag);
    } else {
      bag.error("rule-setting", `rule ${rule.id}: expected a severity or a mapping`, v.pos, { expected: "error | warning | off, or {severity, options, allow}", found: describe(v), hint: `write \`${rule.id}: warning\`` });
    }
    const problem = rule.validate?.(setting.options, setting.severity);
    if (problem) bag.error("rule-options", problem, e.keyPos, { hint: `add \`options:\` to ${rule.id}, or set it to off` });
  }
}

function readSeverity(v: YNode, bag: DiagnosticBag): RuleSeverity | undefined {
  if (v.kind === "scalar" && typeof v.value === "string" && (SEVERITIES as readonly string[]).includes(v.value)) return v.value as RuleSeverity;
  bag.error("bad-severity", "unknown severity", v.pos, { expected: "error, warning or off", found: describe(v), hint: "use `error` to fail the check, `warning` to report, `off` to disable" });
  return undefined;
}

function readRuleMap(id: string, m: YMap, setting: RuleSetting, bag: DiagnosticBag): void {
  const rule = RULES.get(id)!;
  for (const e of m.entries) {
    if (e.key === "severity") {
      const sev = readSeverity(e.value, bag);
      if (sev) setting.severity = sev;
    } else if (e.key === "options") {
      const om = asMap(e.value);
      if (!om) {
        bag.error("rule-options", `rule ${id}: options must be a mapping`, e.value.pos, { expected: "a mapping", found: describe(e.value), hint: rule.options.length ? `options of ${id}: ${rule.options.map((o) => o.name).join(", ")}` : `${id} takes no options` });
        continue;
      }
      const opts = new Map(setting.options);
      for (const o of om.entries) {
        const spec = rule.options.find((s) => s.name === o.key);
        if (!spec) {
          const near = nearest(o.key, rule.options.map((s) => s.name));
          bag.error("unknown-option", `rule ${id} has no option ${JSON.stringify(o.key)}`, o.keyPos, {
            expected: rule.options.length ? rule.options.map((s) => s.name).join(", ") : "no options",
            found: JSON.stringify(o.key),
            hint: near ? `did you mean \`${near}\`?` : rule.options.length ? `options of ${id}: ${rule.options.map((s) => `${s.name} (${s.description})`).join("; ")}` : `${id} takes no options`,
          });
          continue;
        }
        if (spec.type === "number") {
          const val = o.value.kind === "scalar" ? o.value.value : undefined;
          if (typeof val !== "number" || !Number.isFinite(val) || (spec.min !== undefined && val < spec.min) || (spec.max !== undefined && val > spec.max)) {
            bag.error("bad-option", `option ${o.key} of ${id} must be a number${spec.min !== undefined ? ` ≥ ${spec.min}` : ""}${spec.max !== undefined ? ` and ≤ ${spec.max}` : ""}`, o.value.pos, { expected: "a number", found: describe(o.value), hint: spec.description });
            continue;
          }
          opts.set(o.key, val);
        } else {
          const items = o.value.kind === "seq" ? o.value.items : [o.value];
          const tiers: string[] = [];
          let bad = false;
          for (const it of items) {
            const t = it.kind === "scalar" ? it.value : undefined;
            if (typeof t !== "string" || !(TIERS as readonly string[]).includes(t)) {
              bag.error("bad-option", `option ${o.key} of ${id} takes tiers`, it.pos, { expected: TIERS.join(", "), found: describe(it), hint: "write `tiers: [critical, high]`" });
              bad = true;
            } else tiers.push(t);
          }
          if (!bad) opts.set(o.key, tiers);
        }
      }
      setting.options = opts;
    } else if (e.key === "allow") {
      readAllow(id, e.value, setting, bag);
    } else {
      bag.error("rule-key", `unknown key ${JSON.stringify(e.key)} in rule ${id}`, e.keyPos, { expected: "severity, options or allow", found: JSON.stringify(e.key), hint: nearest(e.key, ["severity", "options", "allow"]) ? `did you mean \`${nearest(e.key, ["severity", "options", "allow"])}\`?` : "a rule takes severity, options and allow" });
    }
  }
}

function readAllow(id: string, v: YNode, setting: RuleSetting, bag: DiagnosticBag): void {
  if (v.kind !== "seq") {
    bag.error("bad-allow", `allow of ${id} must be a list`, v.pos, { expected: "a list of {from, to} or ids", found: describe(v), hint: "write `allow: [{from: legacy-*, to: mainframe}]`" });
    return;
  }
  for (const it of v.items) {
    if (it.kind === "scalar" && typeof it.value === "string") {
      setting.allow.push({ from: it.value, at: it.pos });
      continue;
    }
    const m = asMap(it);
    const plain = m ? (toPlain(m) as Record<string, unknown>) : undefined;
    const keys = m ? m.entries.map((x) => x.key) : [];
    const okKeys = keys.length > 0 && keys.every((k) => k === "from" || k === "to" || k === "reason");
    const from = plain?.["from"];
    const to = plain?.["to"];
    if (!m || !okKeys || (from !== undefined && typeof from !== "string") || (to !== undefined && typeof to !== "string") || (from === undefined && to === undefined)) {
      bag.error("bad-allow", `bad allow entry in ${id}`, it.pos, { expected: "an id glob, or {from: <glob>, to: <glob>, reason: <text>}", found: describe(it), hint: "`*` matches any run of characters: `{from: legacy-*}`" });
      continue;
    }
    const entry: AllowEntry = { at: it.pos };
    if (typeof from === "string") entry.from = from;
    if (typeof to === "string") entry.to = to;
    setting.allow.push(entry);
  }
}

/** `*` globs over whole ids. */
export function globMatch(glob: string, id: string): boolean {
  const re = new RegExp("^" + glob.split("*").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$");
  return re.test(id);
}

/** True when an allow entry covers a violation's nodes (subject first). */
export function allowed(allow: readonly AllowEntry[], nodes: readonly string[]): boolean {
  return allow.some((a) => (a.from === undefined || globMatch(a.from, nodes[0]!)) && (a.to === undefined || nodes.slice(1).some((n) => globMatch(a.to!, n)) || (nodes.length === 1 && a.from === undefined && globMatch(a.to, nodes[0]!))));
}
