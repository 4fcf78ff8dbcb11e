"use client";

import { QueryClient, QueryClientContext, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useContext, useEffect, useState } from "react";
import { Toaster } from "sonner";

/** Follows the `dark` class the theme toggle puts on <html>. */
function useDocumentTheme(): "light" | "dark" {
  const [theme, setTheme] = useState<"light" | "dark">("light");
  useEffect(() => {
    const root = document.documentElement;
    const read = () => setTheme(root.classList.contains("dark") ? "dark" : "light");
    read();
    const observer = new MutationObserver(read);
    observer.observe(root, { attributes: true, attributeFilter: ["class"] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

function Toasts() {
  return <Toaster theme={useDocumentTheme()} position="bottom-right" closeButton richColors />;
}

/**
 * React Query and toasts for client components. Safe to nest: inside another <Providers> it adds nothing, so a page
 * may wrap itself while the root layout does not (yet) wrap everything.
 */
export function Providers({ children }: { children: ReactNode }) {
  const outer = useContext(QueryClientContext);
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false } } }),
  );
  if (outer) return <>{children}</>;
  return (
    <QueryClientProvider client={client}>
      {children}
      <Toasts />
    </QueryClientProvider>
  );
}
