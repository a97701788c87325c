/**
 * Hard-edge recall and precision, and soft edges treated as hard, on each corpus set with an
 * expected-edges.json (test/corpus/<set>/SOURCE.md): at least 95% of the hard edges the files
 * state are found, none of `wrong_if_found` is hard, at most 10% of `soft_edges` are hard.
 * Edges no file states (host names only in code) are listed per set with where they live;
 * their callers must instead be named by the coverage summary.
 */
import { describe, expect, it } from "vitest";
import { REPO, runCli } from "../helpers/cli.js";
import { measure, readExpected } from "./corpus-recall.js";

interface SetCase {
  set: string;
  /** What is loaded for the measure (`docker compose -f ...` of the project's README or Makefile). */
  manifests: string[];
  /** Expected edges that no file faultline reads states, with where they are written. */
  notStated: Array<[string, string]>;
}

const CASES: SetCase[] = [
  {
    set: "otel-demo-compose",
    // Every Compose file of the demo, named one by one (the Makefile's stack plus agent, profiling, tests).
    manifests: ["compose.yaml", "compose.full.yaml", "compose.observability.yaml", "compose.extras.yaml", "compose.agent.yaml", "compose.profiling.yaml", "compose.tests.yaml"],
    notStated: [],
  },
  {
    set: "robot-shop",
    manifests: ["docker-compose.yaml", "docker-compose-load.yaml"],
    // Host names written only in code (expected-edges.json notes): web/default.conf.template,
    // cart/server.js, payment/payment.py, shipping Controller.java, ratings Kernel.php.
    notStated: [
      ["web", "cart"],
      ["web", "ratings"],
      ["cart", "catalogue"],
      ["shipping", "cart"],
      ["ratings", "catalogue"],
      ["payment", "cart"],
      ["payment", "user"],
    ],
  },
  {
    set: "eshop",
    manifests: ["src/docker-compose.yml", "src/docker-compose.override.yml"],
    // Envoy routes (src/ApiGateways/Envoy/config/*/envoy.yaml, not in the corpus) and
    // http://${ESHOP_EXTERNAL_DNS_NAME_OR_IP}:5105 (an external name, not a service).
    notStated: [
      ["webhooks-client", "identity-api"],
      ["webspa", "identity-api"],
      ["webmvc", "identity-api"],
      ["webshoppingapigw", "webshoppingagg"],
      ["webshoppingapigw", "catalog-api"],
      ["webshoppingapigw", "basket-api"],
      ["webshoppingapigw", "ordering-api"],
      ["webshoppingapigw", "ordering-signalrhub"],
      ["mobileshoppingapigw", "mobileshoppingagg"],
      ["mobileshoppingapigw", "catalog-api"],
      ["mobileshoppingapigw", "basket-api"],
      ["mobileshoppingapigw", "ordering-api"],
      ["mobileshoppingapigw", "ordering-signalrhub"],
    ],
  },
  {
    set: "spring-petclinic",
    manifests: ["."],
    // VectorStoreController and AIDataProvider call these from code.
    notStated: [
      ["genai-service", "vets-service"],
      ["genai-service", "customers-service"],
    ],
  },
];

describe("import: corpus recall and precision against expected-edges.json", () => {
  for (const c of CASES) {
    it(`${c.set}: ≥95% of stated hard edges, no wrong edge hard, ≤10% of soft edges hard`, () => {
      const root = `${REPO}/test/corpus/${c.set}`;
      const expected = readExpected(root);
      const m = measure(root, expected, c.manifests, c.notStated, REPO);
      const softTotal = expected.soft_edges?.length ?? 0;
      // The figures, for the report and for anyone changing the importers.
      console.log(
        `${c.set}: recall ${m.foundStated.length}/${m.stated.length} (${(100 * m.recall).toFixed(1)}%), precision ${(100 * m.precision).toFixed(1)}% of ${m.hard.size} hard, soft-as-hard ${m.softAsHard.length}/${softTotal}, wrong ${m.wrongHard.length}` +
          (m.missed.length ? `\n  missed: ${m.missed.join(", ")}` : "") +
          (m.softAsHard.length ? `\n  soft as hard: ${m.softAsHard.join(", ")}` : "") +
          (m.extra.length ? `\n  hard, in no list: ${m.extra.join(", ")}` : ""),
      );
      expect(m.result.ok).toBe(true);
      expect(m.recall).toBeGreaterThanOrEqual(0.95);
      expect(m.wrongHard).toEqual([]);
      expect(m.softAsHard.length).toBeLessThanOrEqual(Math.floor(softTotal * 0.1));
      // The callers of edges no file states are named by the coverage summary.
      const cov = m.result.estate.coverage!;
      for (const [from] of c.notStated) expect([...cov.unknown, ...cov.declaredOnly, ...cov.unresolved.map((u) => u.service)]).toContain(from);
    });
  }

  // Every corpus set, not only those with an expected-edges.json.
  for (const set of ["awesome-compose", "backstage", "deathstarbench", "eshop", "online-boutique", "otel-demo-compose", "robot-shop", "sock-shop", "spring-petclinic"]) {
    it(`${set}: -m <whole folder> exits 0, no duplicate ids`, async () => {
      const r = await runCli(["validate", "-m", `test/corpus/${set}`]);
      expect(r.stderr).not.toMatch(/duplicate-id|id-collision/);
      expect(r.code).toBe(0);
    });
  }
});
