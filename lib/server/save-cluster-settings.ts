import "server-only";
import type { SessionUser } from "@/lib/auth/session";
import { seal } from "@/lib/auth/secret-box";
import { sameOrigin, slurmTokenContext } from "@/lib/cluster/config";
import type { SlurmSettings } from "@/lib/cluster/cluster-settings-schema";
import { getPrisma } from "@/lib/db/prisma";

/**
 * Saves Settings → Cluster's Slurm configuration. The token is sealed for the URL it is saved with; a blank one keeps
 * the saved token, unless the URL now names another server: a token is never sent where it was not given for.
 */
export async function saveSlurmSettings(s: SlurmSettings, user: SessionUser): Promise<void> {
  const fields = { url: s.url, userName: s.user, partition: s.partition, account: s.account, jobDir: s.jobDir, jobDirShared: s.jobDirShared, apiVersion: s.apiVersion, updatedById: user.id };
  const saved = await getPrisma().clusterSetting.findUnique({ where: { backend: "slurm" }, select: { url: true } });
  const movedAway = saved !== null && !sameOrigin(saved.url, s.url);
  const tokenCipher = s.token ? seal(s.token, slurmTokenContext(s.url)) : s.clearToken || movedAway ? null : undefined;
  await getPrisma().clusterSetting.upsert({
    where: { backend: "slurm" },
    create: { backend: "slurm", ...fields, tokenCipher: tokenCipher ?? null },
    update: { ...fields, ...(tokenCipher !== undefined ? { tokenCipher } : {}) },
  });
}
