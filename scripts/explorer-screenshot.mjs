// The README's screenshot of the explorer: output/retail.html (written by `npm run demo`)
// opened in the tests' headless Chromium with a scenario applied through the URL hash and a
// casualty selected, saved as docs/explorer-us-east-1.png.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchChromium } from "./chromium.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const file = join(root, "output", "retail.html");
if (!existsSync(file)) {
  process.stderr.write("explorer-screenshot: output/retail.html is missing; run `npm run demo` first\n");
  process.exit(1);
}
const out = join(root, "docs", "explorer-us-east-1.png");
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1500, height: 900 });
  await page.goto(`${pathToFileURL(file).href}#fail=aws/us-east-1&select=checkout`);
  await page.waitForSelector("html[data-ready]");
  await page.screenshot({ path: out });
  process.stdout.write(`wrote ${out}\n`);
} finally {
  await browser.close();
}
