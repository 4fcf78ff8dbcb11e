import type { Metadata } from "next";
import Link from "next/link";
import { ImportPanel } from "@/components/import/import-panel";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { scopesForRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Import" };

export default async function ImportPage({ searchParams }: PageProps<"/import">) {
  const user = await requireUser();
  const run = Number((await searchParams).run);
  return (
    <>
      <PageHeader
        title="Import trajectories"
        description="Files from evaluations and training runs (Reagent, verl, OpenAI messages, ShareGPT, Inspect AI, smolagents, or this workbench's own JSONL) go into a run; each record is stored once, and records that cannot be read are listed with their line."
      />
      {scopesForRole(user.role).includes("ingest") ? (
        <ImportPanel initialRunId={Number.isInteger(run) && run > 0 ? run : null} />
      ) : (
        <EmptyState title="Importing needs the admin role">
          Ask an admin to import your files, or to give you a role that may. From a script, an API token with the{" "}
          <code className="font-mono">ingest</code> scope works too (see{" "}
          <Link href="/settings" className="underline">
            Settings
          </Link>
          ).
        </EmptyState>
      )}
    </>
  );
}
