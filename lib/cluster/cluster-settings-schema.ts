// What Settings → Cluster edits and shows, shared by the server and the browser. Pure.
import * as z from "zod";

const optionalText = (max: number) =>
  z.string().trim().max(max).optional().transform((v) => (v ? v : null));

/** PUT /api/v1/cluster/slurm (and the connection test). A blank token keeps the saved one (or the environment's). */
export const slurmSettingsInputSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: "the slurmrestd URL, e.g. http://slurm-head:6820" }).transform((u) => u.replace(/\/+$/, "")),
  user: z.string().trim().min(1, "the Slurm user the token belongs to").max(100),
  token: z.string().trim().max(8192).optional(),
  clearToken: z.boolean().optional(),
  partition: optionalText(200),
  account: optionalText(200),
  jobDir: optionalText(1000).refine((v) => v === null || v.startsWith("/"), "an absolute path on the shared file system"),
  /** Whether this server and the nodes share the job directory; if not, jobs post their output (default: shared). */
  jobDirShared: z.boolean().default(true),
  apiVersion: optionalText(20).refine((v) => v === null || /^v0\.0\.\d+$/.test(v), "like v0.0.38, or empty to discover it"),
});
export type SlurmSettingsInput = z.input<typeof slurmSettingsInputSchema>;
export type SlurmSettings = z.output<typeof slurmSettingsInputSchema>;

export const clusterSettingsViewSchema = z.object({
  local: z.object({ jobsDir: z.string() }),
  slurm: z
    .object({
      /** Where the configuration in use comes from. */
      source: z.enum(["settings", "environment"]),
      url: z.string(),
      user: z.string(),
      /** How jobs authenticate, never the token itself. */
      credentials: z.string(),
      partition: z.string().nullable(),
      account: z.string().nullable(),
      jobDir: z.string(),
      jobDirShared: z.boolean(),
      apiVersion: z.string().nullable(),
      updatedAt: z.string().nullable(),
      updatedBy: z.string().nullable(),
    })
    .nullable(),
  /** Whether SLURM_REST_URL is set: what removing the Settings configuration falls back to. */
  environmentSlurm: z.boolean(),
});
export type ClusterSettingsView = z.infer<typeof clusterSettingsViewSchema>;

export const connectionTestSchema = z.object({ ok: z.boolean(), version: z.string().nullable(), message: z.string() });
export type ConnectionTest = z.infer<typeof connectionTestSchema>;
