import type { Metadata } from "next";
import { ClusterSettingsPanel } from "@/components/jobs/cluster-settings-panel";
import { NewJobForm } from "@/components/jobs/new-job-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { TEMPLATE_IDS } from "@/lib/jobs/templates";
import { getClusterSettings } from "@/lib/server/get-cluster-settings";
import { getCurrentJobTemplates } from "@/lib/server/get-current-job-template";

export const metadata: Metadata = { title: "New job" };

export default async function NewJobPage() {
  await requireUser("admin");
  const [settings, templates] = await Promise.all([getClusterSettings(), getCurrentJobTemplates(TEMPLATE_IDS)]);
  return (
    <>
      <PageHeader title="New job" description="Pick a kind, set its parameters, check the exact script, submit. The job page follows it to the end." />
      <NewJobForm backends={settings.slurm ? ["local", "slurm"] : ["local"]} templates={templates} />
      <ClusterSettingsPanel settings={settings} canEdit />
    </>
  );
}
