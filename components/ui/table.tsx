import type { ComponentProps } from "react";

// Dense tables with sticky headers: the shared look of every list in the workbench.
export function Table({ className = "", ...props }: ComponentProps<"table">) {
  return (
    <div className="overflow-auto rounded-md border border-zinc-200 dark:border-zinc-800">
      <table className={`w-full border-collapse text-sm ${className}`} {...props} />
    </div>
  );
}

export function Th({ className = "", align = "left", ...props }: ComponentProps<"th"> & { align?: "left" | "right" }) {
  return (
    <th
      scope="col"
      className={`sticky top-0 z-10 border-b border-zinc-200 bg-zinc-50 px-3 py-2 font-medium text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300 ${align === "right" ? "text-right" : "text-left"} ${className}`}
      {...props}
    />
  );
}

export function Td({ className = "", align = "left", ...props }: ComponentProps<"td"> & { align?: "left" | "right" }) {
  return (
    <td
      className={`border-b border-zinc-100 px-3 py-1.5 align-top dark:border-zinc-900 ${align === "right" ? "text-right tabular-nums" : ""} ${className}`}
      {...props}
    />
  );
}
