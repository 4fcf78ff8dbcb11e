import type { ReactNode } from "react";

/** What to show when a page has nothing yet: what it will hold and what to do next. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-md border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700">
      <h2 className="text-base font-medium">{title}</h2>
      {children ? <div className="mx-auto mt-2 max-w-xl text-sm text-zinc-600 dark:text-zinc-400">{children}</div> : null}
    </div>
  );
}
