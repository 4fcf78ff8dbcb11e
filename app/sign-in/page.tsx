import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { DEFAULT_AFTER_SIGN_IN, safeNextPath } from "@/lib/auth/next-path";
import { ROLE_LABELS, roleSchema } from "@/lib/auth/roles";
import { getSessionUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const next = safeNextPath(first(query.next));
  const denied = roleSchema.safeParse(first(query.denied));
  const user = await getSessionUser();
  if (user && !denied.success) redirect(next);

  return (
    <main className="flex min-h-full items-center justify-center bg-zinc-50 p-4 dark:bg-zinc-950">
      <div className="w-full max-w-sm rounded-lg border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-lg font-semibold tracking-tight">Reagent Workbench</h1>
        {user && denied.success ? (
          <section aria-labelledby="denied-title" className="mt-3 flex flex-col gap-3 text-sm">
            <h2 id="denied-title" className="font-medium text-red-700 dark:text-red-400">
              Not allowed
            </h2>
            <p>
              You are signed in as <span className="font-medium">{user.email}</span> ({ROLE_LABELS[user.role]}).{" "}
              <code className="font-mono">{next}</code> needs the {ROLE_LABELS[denied.data]} role or above: ask an admin, or sign
              in with another account.
            </p>
            <div className="flex items-center gap-3">
              <Link href={DEFAULT_AFTER_SIGN_IN} className="underline underline-offset-2">
                Back to runs
              </Link>
              <SignOutButton />
            </div>
          </section>
        ) : (
          <>
            <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">Sign in with the account an admin made for you.</p>
            <SignInForm next={next} />
          </>
        )}
      </div>
    </main>
  );
}
