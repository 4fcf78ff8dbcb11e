import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { SidebarNav } from "@/components/shell/sidebar-nav";
import { ThemeToggle } from "@/components/shell/theme-toggle";
import { requireUser } from "@/lib/auth/session";

/** The app shell: navigation on the left, search and the signed-in user on top. Every page inside needs a user. */
export default async function WorkbenchLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <div className="grid h-screen grid-cols-[13rem_1fr] grid-rows-[3rem_1fr]">
      <div className="flex items-center border-r border-b border-zinc-200 px-4 dark:border-zinc-800">
        <Link href="/runs" className="text-sm font-semibold tracking-tight">
          Reagent Workbench
        </Link>
      </div>
      <header className="flex items-center gap-3 border-b border-zinc-200 px-4 dark:border-zinc-800">
        <form action="/trajectories" role="search" className="flex-1">
          <label htmlFor="global-search" className="sr-only">
            Search trajectories
          </label>
          <input
            id="global-search"
            name="q"
            type="search"
            placeholder="Search trajectories…"
            className="w-full max-w-md rounded border border-zinc-300 bg-transparent px-2.5 py-1 text-sm dark:border-zinc-700"
          />
        </form>
        <ThemeToggle />
        <span className="text-sm text-zinc-600 dark:text-zinc-400" title={user.email}>
          {user.name || user.email} · <span className="font-medium">{user.role}</span>
        </span>
        <SignOutButton />
      </header>
      <aside className="overflow-y-auto border-r border-zinc-200 dark:border-zinc-800">
        <SidebarNav />
      </aside>
      <main className="min-w-0 overflow-y-auto p-5">{children}</main>
    </div>
  );
}
