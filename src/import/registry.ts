/** The importers, in detection order: the first whose `detect` accepts a document takes it. */
import { nativeImporter } from "../manifest/native.js";
import type { Importer } from "./importer.js";
import { composeImporter } from "./compose.js";
import { kubernetesImporter } from "./kubernetes.js";

export const IMPORTERS: readonly Importer[] = [nativeImporter, composeImporter, kubernetesImporter];
