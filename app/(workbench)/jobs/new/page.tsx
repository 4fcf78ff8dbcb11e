import type { Metadata } from "next";
import { ClusterSettingsPanel } from "@/components/jobs/cluster-settings-panel";
import { NewJobForm } from "@/components/jobs/new-job-form";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/session";
import { getClusterSettings } from "@/lib/server/get-cluster-settings";

export const metadata: Metadata = { title: "New job" };

export default async function NewJobPage() {
  await requireUser("admin");
  const settings = await getClusterSettings();
  return (
    <>
      <PageHeader title="New job" description="Pick a kind, set its parameters, check the exact script, submit. The job page follows it to the end." />
      <NewJobForm backends={settings.slurm ? ["local", "slurm"] : ["local"]} />
      <ClusterSettingsPanel settings={settings} canEdit />
    </>
  );
}
