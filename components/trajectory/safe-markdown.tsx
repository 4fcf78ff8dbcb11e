"use client";

import type { ComponentProps } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";

// Markdown from agents and RRMs is hostile input. It is rendered by react-markdown (no dangerouslySetInnerHTML) and
// then sanitized by rehype-sanitize as a second line of defence; raw HTML inside the markdown is shown as text, never
// parsed; links work only for http(s) and open without referrer or opener; images are never loaded (they could
// track the reader), only linked.

/** An absolute http(s) URL, or null for anything else (javascript:, data:, relative paths …). */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

const schema = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter((tag) => !["img", "input", "picture", "source", "video", "audio"].includes(tag)),
  protocols: { ...defaultSchema.protocols, href: ["http", "https"], src: [] },
  // No ids or names from the content: they could clobber the page's own anchors (#step-12) and DOM globals.
  clobberPrefix: "md-",
};

type MdNode = { type: string; value?: string; children?: MdNode[] };

/** remark plugin: HTML in the markdown becomes literal text, so the reader sees it instead of losing it. */
function htmlAsText() {
  const walk = (node: MdNode) => {
    if (node.type === "html") node.type = "text";
    node.children?.forEach(walk);
  };
  return (tree: MdNode) => walk(tree);
}

function SafeLink({ href, children }: ComponentProps<"a">) {
  const safe = safeHttpUrl(href);
  if (!safe) {
    return (
      <span className="underline decoration-dotted" title={href ? `Link not followed (not http/https): ${href.slice(0, 200)}` : undefined}>
        {children}
      </span>
    );
  }
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer nofollow" referrerPolicy="no-referrer" className="text-sky-800 underline dark:text-sky-300">
      {children}
    </a>
  );
}

function ImageAsLink({ src, alt }: ComponentProps<"img">) {
  const safe = safeHttpUrl(typeof src === "string" ? src : null);
  const label = `[image${alt ? `: ${alt}` : ""}]`;
  return safe ? (
    <a href={safe} target="_blank" rel="noopener noreferrer nofollow" referrerPolicy="no-referrer" className="text-sky-800 underline dark:text-sky-300">
      {label}
    </a>
  ) : (
    <span className="text-zinc-500">{label}</span>
  );
}

const components: Components = {
  a: SafeLink,
  img: ImageAsLink,
  pre: ({ children }) => <pre className="my-2 overflow-x-auto rounded bg-zinc-100 p-2 font-mono text-xs dark:bg-zinc-900">{children}</pre>,
  code: ({ children, className }) => <code className={`font-mono text-[0.85em] ${className ?? ""}`}>{children}</code>,
  h1: ({ children }) => <p className="mt-2 font-semibold">{children}</p>,
  h2: ({ children }) => <p className="mt-2 font-semibold">{children}</p>,
  h3: ({ children }) => <p className="mt-2 font-semibold">{children}</p>,
  h4: ({ children }) => <p className="mt-2 font-semibold">{children}</p>,
  ul: ({ children }) => <ul className="my-1 list-disc pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="my-1 list-decimal pl-5">{children}</ol>,
  p: ({ children }) => <p className="my-1">{children}</p>,
  table: ({ children }) => <table className="my-2 border-collapse text-xs">{children}</table>,
  th: ({ children }) => <th className="border border-zinc-300 px-1.5 py-0.5 dark:border-zinc-700">{children}</th>,
  td: ({ children }) => <td className="border border-zinc-300 px-1.5 py-0.5 dark:border-zinc-700">{children}</td>,
};

const urlTransform = (url: string) => safeHttpUrl(url) ?? "";

export function SafeMarkdown({ text }: { text: string }) {
  return (
    <div className="min-w-0 break-words">
      <ReactMarkdown remarkPlugins={[htmlAsText]} rehypePlugins={[[rehypeSanitize, schema]]} urlTransform={urlTransform} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
