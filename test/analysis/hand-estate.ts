/**
 * A small estate whose analyses are worked out by hand in the tests of exposure, spof,
 * risk and scenarios:
 *
 *   aws (public-cloud) ── r1 ── z1, z2        dc (in-house) ── h1, h2        vend (third-party)
 *
 *   db     runs on z1 + z2 (needs 1)            high
 *   cache  runs on z1                           medium
 *   hsm    runs on dc/h2                        high
 *   api    runs on dc/h1; hard db, hsm; soft cache          critical
 *   pay    runs on vend                         medium
 *   tax-a  runs on z1, tax-b runs on dc/h1      medium
 *   shop   runs on z2; hard api; anyOf [tax-a, tax-b]; soft pay   critical
 */
import { estateOf, loc, svc } from "../helpers/estate.js";

export const HAND_YAML =
  loc("aws", "public-cloud", "[{name: r1, type: region, children: [{name: z1, type: zone}, {name: z2, type: zone}]}]") +
  loc("dc", "in-house", "[{name: h1, type: hall}, {name: h2, type: hall}]") +
  loc("vend", "third-party") +
  svc("db", "{tier: high, runsOn: [aws/r1/z1, aws/r1/z2]}") +
  svc("cache", "{runsOn: [aws/r1/z1]}") +
  svc("hsm", "{tier: high, runsOn: [dc/h2]}") +
  svc("api", "{tier: critical, runsOn: [dc/h1], dependsOn: [db, hsm, {ref: cache, soft: true}]}") +
  svc("pay", "{runsOn: [vend]}") +
  svc("tax-a", "{runsOn: [aws/r1/z1]}") +
  svc("tax-b", "{runsOn: [dc/h1]}") +
  svc("shop", "{tier: critical, runsOn: [aws/r1/z2], dependsOn: [api, {anyOf: [tax-a, tax-b]}, {ref: pay, soft: true}]}");

export const hand = () => estateOf(HAND_YAML);
