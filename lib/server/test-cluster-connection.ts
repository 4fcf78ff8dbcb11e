import "server-only";
import type { ConnectionTest, SlurmSettings } from "@/lib/cluster/cluster-settings-schema";
import { SlurmBackend } from "@/lib/cluster/slurm";
import { getPrisma } from "@/lib/db/prisma";
import { effectiveSlurmConfig, slurmConfigFromSettings } from "@/lib/server/cluster-backend";

/**
 * Asks slurmrestd for its API version and pings the controller, with the values being edited (before they are saved)
 * or, without them, the configuration in use. A blank token uses the saved one, else the environment's, and either
 * only for the server it belongs to: testing another URL never sends it there.
 */
export async function testSlurmConnection(s?: SlurmSettings): Promise<ConnectionTest> {
  let backend: SlurmBackend;
  if (s) {
    const row = s.clearToken ? null : await getPrisma().clusterSetting.findUnique({ where: { backend: "slurm" }, select: { url: true, tokenCipher: true } });
    backend = new SlurmBackend(slurmConfigFromSettings(s, { typedToken: s.token, saved: row }).config);
  } else {
    const slurm = await effectiveSlurmConfig();
    if (!slurm) return { ok: false, version: null, message: "Slurm is not configured" };
    backend = new SlurmBackend(slurm.config);
  }
  try {
    const { version } = await backend.ping();
    return { ok: true, version, message: `slurmrestd answers with API ${version} and the controller is up` };
  } catch (error) {
    return { ok: false, version: null, message: (error as Error).message };
  }
}
