import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Agent output is shown as text; nothing here needs remote images or fonts, and the machines are offline.
  poweredByHeader: false,
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  turbopack: {
    rules: {
      "*.css": { loaders: ["@tailwindcss/turbopack"], as: "*.css" },
    },
  },
};

export default nextConfig;
