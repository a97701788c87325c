/**
 * The one path function of faultline (spec 3.4): from an affected node back to a failed
 * one, following for each node the relation along which its state arrived (`cause`, as the
 * engines record it). `blast`, `spof --for` and every check rule explain with it, so a
 * path always names the relations that really carried the failure: never a placement of a
 * set that still had a spare, never a member of a group that still had another one up.
 */
import type { CompiledEstate } from "../engine/compile.js";

/**
 * The chain of integer ids from `x` to the failed node its state came from: `x` first, then
 * each `cause` in turn, up to a node with no cause (a failed one, `cause` −1) or one for
 * which `stop` is true. Iterative: its depth never grows the call stack.
 */
export function causeChain(cause: Int32Array, x: number, stop?: (i: number) => boolean): number[] {
  const out = [x];
  let cur = x;
  while (!(stop?.(cur) ?? false) && cause[cur]! >= 0) {
    cur = cause[cur]!;
    out.push(cur);
  }
  return out;
}

/** `causeChain` as ids. */
export function causePath(c: CompiledEstate, cause: Int32Array, x: number, stop?: (i: number) => boolean): string[] {
  return causeChain(cause, x, stop).map((i) => c.ids[i]!);
}
