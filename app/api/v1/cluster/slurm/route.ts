import { slurmSettingsInputSchema } from "@/lib/cluster/cluster-settings-schema";
import { apiRoute } from "@/lib/http/api-route";
import { readJson } from "@/lib/http/read-json";
import { deleteSlurmSettings } from "@/lib/server/delete-cluster-settings";
import { getClusterSettings } from "@/lib/server/get-cluster-settings";
import { saveSlurmSettings } from "@/lib/server/save-cluster-settings";

/** Saves the Slurm configuration: { url, user, token?, clearToken?, partition?, account?, jobDir?, apiVersion? }. */
export const PUT = apiRoute("admin", async (req, { principal }) => {
  await saveSlurmSettings(await readJson(req, slurmSettingsInputSchema, { maxBytes: 32 * 1024 }), principal.user);
  return Response.json(await getClusterSettings());
});

/** Forgets the saved configuration: the environment's SLURM_* apply again. */
export const DELETE = apiRoute("admin", async () => {
  await deleteSlurmSettings();
  return Response.json(await getClusterSettings());
});
