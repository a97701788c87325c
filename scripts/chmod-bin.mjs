// Makes the built CLI executable (tsc does not keep file modes).
import { chmodSync, existsSync } from "node:fs";
if (existsSync("dist/cli/bin.js")) chmodSync("dist/cli/bin.js", 0o755);
