// Production server: Express in front of the Remix build, so that every response (documents, data,
// resource routes, static files) gets the security headers and the cross-site POST check.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";

const root = path.dirname(fileURLToPath(import.meta.url));
let build;
try {
  build = await import(path.join(root, "build/server/index.js"));
} catch (error) {
  // Settings are read when the build is loaded: a bad one is reported as itself, not as a crash.
  if (error?.name === "EnvError") {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

// Validates the settings (a bad value stops here with a message) and prepares the database.
const env = await build.entry.module.bootstrap();

const app = express();
app.disable("x-powered-by");
// Behind a reverse proxy, set TRUST_PROXY=1 so that https and client addresses are seen correctly.
app.set("trust proxy", process.env.TRUST_PROXY ? Number(process.env.TRUST_PROXY) || true : false);
// Brotli at compression's default quality 4, but with a 256 KB window instead of zlib's 4 MB. Pages
// fit in it (the 400-candidate session list is 176 KB), so they compress to the same size, and each
// response no longer sets up the large window: measured, about half the CPU for an 80 KB page and
// a fifth for a 6 KB one.
app.use(compression({ brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_LGWIN]: 18 } } }));

app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  // Pages carry personal data: not kept by shared caches or the back-forward cache by default.
  // Static assets and routes that say otherwise set their own Cache-Control; the default is filled in
  // just before the headers go out, so a route's own value replaces it instead of being appended to it.
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    if (!res.hasHeader("Cache-Control")) res.setHeader("Cache-Control", "private, no-store");
    return writeHead.apply(this, args);
  };
  if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000");
  next();
});

/** The host of an Origin header; null for "null" or anything unparsable (treated as another site). */
function originHost(origin) {
  try {
    return origin === "null" ? null : new URL(origin).host;
  } catch {
    return null;
  }
}

// CSRF: cookies are SameSite=Lax, and a state-changing request from another site is refused here.
app.use((req, res, next) => {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
  const fetchSite = req.get("Sec-Fetch-Site");
  const origin = req.get("Origin");
  if (fetchSite === "cross-site" || (origin !== undefined && originHost(origin) !== req.get("Host"))) {
    res.status(403).type("text/plain; charset=utf-8").send("拒絕跨站請求 Cross-site request refused.");
    return;
  }
  next();
});

app.use("/assets", express.static(path.join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }));
// The other public files are fixed by the build: ask the file system only for paths under one of
// them, not on every page request.
const clientDir = path.join(root, "build/client");
const publicEntries = new Set(fs.existsSync(clientDir) ? fs.readdirSync(clientDir).filter((name) => name !== "assets") : []);
const publicFiles = express.static(clientDir, { maxAge: "1h" });
app.use((req, res, next) => (publicEntries.has(req.path.split("/")[1]) ? publicFiles(req, res, next) : next()));

app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce,
      clientAddress: req.ip ?? "unknown",
      // Streams (the certificates ZIP) wait for a slow client instead of queueing in memory.
      whenDrained: () =>
        res.writableNeedDrain && !res.destroyed
          ? new Promise((resolve) => {
              res.once("drain", resolve);
              res.once("close", resolve);
            })
          : Promise.resolve(),
    }),
  }),
);

const server = app.listen(env.PORT, () => {
  console.log(`職能評量建構平台 已啟動 / listening: http://localhost:${env.PORT}`);
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
