// Tailwind classes shared by the Settings forms.

export const inputClass =
  "rounded border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";
export const buttonClass =
  "inline-flex items-center gap-1.5 rounded bg-zinc-900 px-2.5 py-1 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300";
export const secondaryButtonClass =
  "inline-flex items-center gap-1.5 rounded border border-zinc-300 px-2 py-1 text-sm text-zinc-800 hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800";
