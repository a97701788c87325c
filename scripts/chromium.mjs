// Headless Chromium for the explorer's tests, bench and screenshot: the browser that the npm
// package @sparticuz/chromium ships inside itself (no download at run time), driven by
// puppeteer-core, with a fresh profile and no background networking.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Launches the browser; `close()` also removes its profile. */
export async function launchChromium() {
  const { default: chromium } = await import("@sparticuz/chromium");
  const { default: puppeteer } = await import("puppeteer-core");
  const executablePath = await chromium.executablePath();
  const userDataDir = mkdtempSync(join(tmpdir(), "faultline-chromium-"));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir,
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-dev-shm-usage",
      "--use-angle=swiftshader",
      "--enable-unsafe-swiftshader",
    ],
  });
  const close = browser.close.bind(browser);
  browser.close = async () => {
    try {
      await close();
    } finally {
      rmSync(userDataDir, { recursive: true, force: true });
    }
  };
  return browser;
}
