import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [remix(remixConfig), tsconfigPaths()],
  server: { port: Number(process.env.PORT ?? 3000) },
  build: {
    rollupOptions: {
      external: ["@prisma/adapter-better-sqlite3", "better-sqlite3", "pdfkit", "fontkit", "harfbuzzjs", "@embedpdf/fonts-tc"],
    },
  },
});
