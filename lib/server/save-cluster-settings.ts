import "server-only";
import type { SessionUser } from "@/lib/auth/session";
import { seal } from "@/lib/auth/secret-box";
import type { SlurmSettings } from "@/lib/cluster/cluster-settings-schema";
import { getPrisma } from "@/lib/db/prisma";

/** Saves Settings → Cluster's Slurm configuration (the token sealed; a blank one keeps what is saved). */
export async function saveSlurmSettings(s: SlurmSettings, user: SessionUser): Promise<void> {
  const fields = { url: s.url, userName: s.user, partition: s.partition, account: s.account, jobDir: s.jobDir, apiVersion: s.apiVersion, updatedById: user.id };
  const tokenCipher = s.token ? seal(s.token) : s.clearToken ? null : undefined;
  await getPrisma().clusterSetting.upsert({
    where: { backend: "slurm" },
    create: { backend: "slurm", ...fields, tokenCipher: tokenCipher ?? null },
    update: { ...fields, ...(tokenCipher !== undefined ? { tokenCipher } : {}) },
  });
}
