import type { Metadata } from "next";
import { Providers } from "@/components/providers";
import { ApiTokensPanel } from "@/components/settings/api-tokens-panel";
import { ClusterPanel } from "@/components/settings/cluster-panel";
import { UsersPanel } from "@/components/settings/users-panel";
import { PageHeader } from "@/components/ui/page-header";
import { ROLE_LABELS, scopesForRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { getClusterSettings } from "@/lib/server/get-cluster-settings";
import { listApiTokens } from "@/lib/server/list-api-tokens";
import { listUsers } from "@/lib/server/list-users";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const isAdmin = user.role === "admin";
  const [tokens, users, cluster] = await Promise.all([
    listApiTokens(user.id),
    isAdmin ? listUsers() : Promise.resolve(null),
    isAdmin ? getClusterSettings() : Promise.resolve(null),
  ]);
  const scopes = scopesForRole(user.role);
  return (
    <Providers>
      <PageHeader title="Settings" description="Your account, your API tokens, and (for admins) the users of this workbench and the cluster its jobs run on." />
      <section aria-labelledby="account-heading" className="mb-8">
        <h2 id="account-heading" className="mb-2 text-base font-semibold">
          Account
        </h2>
        <dl className="grid max-w-xl grid-cols-[8rem_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-zinc-600 dark:text-zinc-400">Name</dt>
          <dd>{user.name}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Email</dt>
          <dd>{user.email}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Role</dt>
          <dd>{ROLE_LABELS[user.role]}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Scopes</dt>
          <dd className="font-mono text-xs leading-5">{scopes.join(", ")}</dd>
        </dl>
      </section>
      <ApiTokensPanel initialTokens={tokens} allowedScopes={scopes} />
      {users ? <UsersPanel initialUsers={users} currentUserId={user.id} /> : null}
      {cluster ? <ClusterPanel initial={cluster} /> : null}
    </Providers>
  );
}
