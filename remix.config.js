// The Remix options. vite.config.ts imports this file and hands it to the Remix Vite plugin
// (docs/decisions/002-vite-build-with-remix-config.md).

/** @type {import('@remix-run/dev').VitePluginConfig} */
export default {
  ignoredRouteFiles: ["**/*.test.ts", "**/*.test.tsx", "**/*.server.test.ts", "**/.*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
    // Without it Vite's dev server re-optimises dependencies on the first page load and reloads it.
    unstable_optimizeDeps: true,
  },
};
