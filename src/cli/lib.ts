/**
 * The library, loaded once just before a command runs (main's preSubcommand hook), so start-up
 * and `faultline --help` load none of it, and command code can then use it synchronously.
 */
type Lib = typeof import("../index.js");
let loaded: Lib | undefined;

export async function loadLib(): Promise<Lib> {
  return (loaded ??= await import("../index.js"));
}

/** The library; only valid once `loadLib` has run (main does that before any command). */
export function lib(): Lib {
  if (!loaded) throw new Error("the library is used before main loaded it");
  return loaded;
}
