/** The importers, in detection order: the first whose `detect` accepts a document takes it. */
import { nativeImporter } from "./native.js";
import type { Importer } from "./importer.js";
import { backstageImporter } from "./backstage.js";
import { composeImporter } from "./compose.js";
import { kubernetesImporter } from "./kubernetes.js";
import { k8sSnapshotImporter } from "./k8s-snapshot.js";
import { terraformImporter } from "./terraform.js";

export const IMPORTERS: readonly Importer[] = [nativeImporter, backstageImporter, composeImporter, terraformImporter, k8sSnapshotImporter, kubernetesImporter];
