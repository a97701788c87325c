/**
 * `availability:` in faultline.config.yaml (spec 7 defaults, reported as assumptions):
 *
 *     availability:
 *       defaults:
 *         locationTypes: {zone: 99.9%, region: 99.99%}
 *         serviceTypes: {database: 99.95%}
 *
 * Problems are diagnostics with line and column, like any manifest error.
 */
import type { DiagnosticBag } from "../diagnostics/diagnostics.js";
import { describe, type YNode } from "../yaml/yaml-tree.js";
import { nearest } from "../import/native.js";
import { parseAvailability } from "../model/availability-figure.js";

/** Defaults by location type and by service type. */
export interface AvailabilityDefaultsConfig {
  locationTypes?: Map<string, number>;
  serviceTypes?: Map<string, number>;
}

const HINT = "write `availability: {defaults: {locationTypes: {zone: 99.9%}, serviceTypes: {database: 99.95%}}}`";

/** Reads the `availability:` section of the config. */
export function readAvailabilityConfig(node: YNode, bag: DiagnosticBag): AvailabilityDefaultsConfig {
  const out: AvailabilityDefaultsConfig = {};
  if (node.kind === "scalar" && node.value === null) return out;
  if (node.kind !== "map") {
    bag.error("config-availability", "availability must be a mapping", node.pos, { expected: "a mapping with defaults", found: describe(node), hint: HINT });
    return out;
  }
  for (const e of node.entries) {
    if (e.key !== "defaults") {
      bag.error("config-availability", `unknown key ${JSON.stringify(e.key)} in availability`, e.keyPos, { expected: "defaults", found: JSON.stringify(e.key), hint: HINT });
      continue;
    }
    const d = e.value;
    if (d.kind === "scalar" && d.value === null) continue;
    if (d.kind !== "map") {
      bag.error("config-availability", "availability.defaults must be a mapping", d.pos, { expected: "locationTypes and/or serviceTypes", found: describe(d), hint: HINT });
      continue;
    }
    for (const k of d.entries) {
      if (k.key !== "locationTypes" && k.key !== "serviceTypes") {
        const near = nearest(k.key, ["locationTypes", "serviceTypes"]);
        bag.error("config-availability", `unknown key ${JSON.stringify(k.key)} in availability.defaults`, k.keyPos, {
          expected: "locationTypes or serviceTypes",
          found: JSON.stringify(k.key),
          hint: near ? `did you mean \`${near}\`?` : HINT,
        });
        continue;
      }
      if (k.value.kind !== "map") {
        bag.error("config-availability", `availability.defaults.${k.key} must map a type to a figure`, k.value.pos, { expected: "a mapping such as {zone: 99.9%}", found: describe(k.value), hint: HINT });
        continue;
      }
      const m = new Map<string, number>();
      for (const t of k.value.entries) {
        const r = t.value.kind === "scalar" ? parseAvailability(t.value.value) : { error: "not a number or a percentage", hint: "write a probability such as 0.9995 or a percentage such as 99.95%" };
        if ("value" in r) m.set(t.key, r.value);
        else bag.error("config-availability", `invalid availability for ${k.key === "locationTypes" ? "location" : "service"} type ${JSON.stringify(t.key)}: ${r.error}`, t.value.pos, { expected: "a number in (0, 1] or a percentage such as 99.95%", found: describe(t.value), hint: r.hint });
      }
      out[k.key] = m;
    }
  }
  return out;
}
