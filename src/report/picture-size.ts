/** When a picture is too big to read: the documented size past which `graph` says so (docs/scale.md). */
import type { GraphView } from "../picture/view.js";

/** Past this many services drawn one by one, a picture is large and hard to read. */
export const LARGE_PICTURE_SERVICES = 2_000;

/** The warning for a picture of `view`, or undefined when it is readable (or collapsed, or focused). */
export function largePictureWarning(view: GraphView, focused: boolean): string | undefined {
  if (view.collapsed || focused) return undefined;
  let services = 0;
  for (const n of view.nodes) if (n.kind === "service") services++;
  if (services <= LARGE_PICTURE_SERVICES) return undefined;
  return (
    `faultline: warning: the picture draws ${services} services one by one (more than ${LARGE_PICTURE_SERVICES}): it will be large and hard to read\n` +
    `  hint: --collapse draws one summary per location; --focus <id> [--depth n] draws one service's neighbourhood; --hosting <class> draws one hosting class\n`
  );
}
