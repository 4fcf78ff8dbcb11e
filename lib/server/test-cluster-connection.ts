import "server-only";
import { open } from "@/lib/auth/secret-box";
import { defaultSlurmJobDir, sameOrigin, slurmConfigFromEnv, slurmTokenContext } from "@/lib/cluster/config";
import type { ConnectionTest, SlurmSettings } from "@/lib/cluster/cluster-settings-schema";
import { SlurmBackend } from "@/lib/cluster/slurm";
import { getPrisma } from "@/lib/db/prisma";
import { effectiveSlurmConfig } from "@/lib/server/cluster-backend";

/**
 * Asks slurmrestd for its API version and pings the controller, with the values being edited (before they are saved)
 * or, without them, the configuration in use. A blank token uses the saved one, else the environment's, and either
 * only for the server it belongs to: testing another URL never sends it there.
 */
export async function testSlurmConnection(s?: SlurmSettings): Promise<ConnectionTest> {
  let backend: SlurmBackend;
  if (s) {
    const env = slurmConfigFromEnv();
    const row = await getPrisma().clusterSetting.findUnique({ where: { backend: "slurm" }, select: { url: true, tokenCipher: true } });
    const saved = !s.clearToken && row?.tokenCipher && sameOrigin(row.url, s.url) ? open(row.tokenCipher, slurmTokenContext(row.url)) : null;
    const envCredentials = env && sameOrigin(env.url, s.url) ? env : null;
    backend = new SlurmBackend({
      url: s.url, user: s.user, jwt: s.token || saved || envCredentials?.jwt || null, jwtCommand: envCredentials?.jwtCommand ?? null,
      partition: s.partition, account: s.account, jobDir: s.jobDir ?? env?.jobDir ?? defaultSlurmJobDir(), apiVersion: s.apiVersion,
    });
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
