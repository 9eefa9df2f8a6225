// A real OpenID Connect provider for development, the demo and the test suite: npm's `oidc-provider`
// (panva, certified by the OpenID Foundation), installed by `npm ci` from package.json (devDependencies).
//
// It plays the e-ID provider in front of Mina sidor: one client (the portal), the authorization code
// flow with PKCE S256 required, RS256 ID tokens signed with a key generated at start (published at the
// JWKS endpoint), RP-initiated logout, and the provider's own development login and consent pages.
// Anyone may log in with a valid Swedish personnummer or samordningsnummer (like an e-ID test
// environment); the number is the account and is sent in the ID token claim `personal_number` (or
// --claim). Sessions and grants live in memory: a restart forgets them.
//
//   node scripts/oidc-dev-provider.mjs --port 0 --client-id samverkan-mina-sidor --client-secret s \
//     --redirect-uri http://127.0.0.1:8000/mina-sidor/logga-in/oidc/klar/ \
//     --post-logout-redirect-uri http://127.0.0.1:8000/mina-sidor/logga-in/
//
// When it listens it prints one line of JSON to stdout: {"issuer": "...", "port": N}.
//
// Test controls (--test-controls, never in the demo):
// - The provider's clock can be set (`--clock <ISO moment>` at start, `POST /__test__/clock` with
//   {"now": "<ISO moment>"} later) so that it runs on the test suite's pinned clock, like the portal does.
//   Its cookies are then sent without an expiry date (browser-session cookies): dates computed on the
//   shifted clock would lie in the browser's past and the browser would drop them.
// - `GET /mixup/.well-known/openid-configuration`: this provider's discovery document claiming the issuer
//   `<issuer>/mixup`. A client configured with that issuer gets its tokens from this provider, whose
//   tokens name another issuer: the test of a token from a foreign issuer.
//
// Only ever bound to 127.0.0.1: it is a development tool, not a production identity provider.

import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "0" },
    "client-id": { type: "string", default: "samverkan-mina-sidor" },
    "client-secret": { type: "string", default: "" },
    "redirect-uri": { type: "string", multiple: true, default: [] },
    "post-logout-redirect-uri": { type: "string", multiple: true, default: [] },
    claim: { type: "string", default: "personal_number" },
    "test-controls": { type: "boolean", default: false },
    clock: { type: "string" },
  },
});

if (args["redirect-uri"].length === 0) {
  console.error("oidc-dev-provider: --redirect-uri saknas (the portal's callback URL is required)");
  process.exit(2);
}
if (args.clock && !args["test-controls"]) {
  console.error("oidc-dev-provider: --clock needs --test-controls");
  process.exit(2);
}

// --- The clock (test controls only): Date.now() and new Date() shifted by an offset ---------------

const RealDate = Date;
let clockOffsetMs = 0;

function setClock(iso) {
  const target = RealDate.parse(iso);
  if (Number.isNaN(target)) {
    throw new Error(`not a moment: ${iso}`);
  }
  clockOffsetMs = target - RealDate.now();
}

if (args["test-controls"]) {
  class ShiftedDate extends RealDate {
    constructor(...rest) {
      if (rest.length === 0) {
        super(RealDate.now() + clockOffsetMs);
      } else {
        super(...rest);
      }
    }

    static now() {
      return RealDate.now() + clockOffsetMs;
    }
  }
  globalThis.Date = ShiftedDate;
  if (args.clock) {
    setClock(args.clock);
  }
}

// Imported after the clock is in place (the provider and its cookies read Date when they run).
const { default: Provider } = await import("oidc-provider");

// --- Accounts: any valid personnummer or samordningsnummer ---------------------------------------

function luhnOk(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

/** "ÅÅÅÅMMDD-NNNN" for a valid twelve-digit number (with or without the hyphen), else null. */
function normalisedNumber(login) {
  const match = /^(\d{8})[-+]?(\d{4})$/.exec(String(login || "").trim());
  if (!match) return null;
  const [, date, serial] = match;
  const month = Number(date.slice(4, 6));
  const day = Number(date.slice(6, 8)) % 60; // samordningsnummer: day + 60
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (!luhnOk(date.slice(2) + serial)) return null;
  return `${date}-${serial}`;
}

async function findAccount(ctx, id) {
  const number = normalisedNumber(id);
  if (!number) return undefined;
  return {
    accountId: id,
    async claims() {
      return { sub: id, [args.claim]: number };
    },
  };
}

// --- Pages in Swedish (logout; the login and consent pages are the provider's development pages) -

const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function page(title, body) {
  return `<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

async function logoutSource(ctx, form) {
  ctx.type = "html";
  ctx.body = page(
    "Vill du logga ut från e-legitimationstjänsten?",
    `${form}<p>Du loggas ut från utvecklingsleverantören för e-legitimation (${escapeHtml(ctx.host)}).</p>
<button type="submit" form="op.logoutForm" value="yes" name="logout">Ja, logga ut</button>
<button type="submit" form="op.logoutForm">Nej, förbli inloggad</button>`,
  );
}

async function postLogoutSuccessSource(ctx) {
  ctx.type = "html";
  ctx.body = page("Du är utloggad", "<p>Du är utloggad från e-legitimationstjänsten.</p>");
}

async function renderError(ctx, out) {
  ctx.type = "html";
  const rows = Object.entries(out)
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join("");
  ctx.body = page("Något gick fel hos e-legitimationstjänsten", `<dl>${rows}</dl>`);
}

// --- The server ----------------------------------------------------------------------------------

let handler = (req, res) => {
  res.statusCode = 503;
  res.end();
};
const server = createServer((req, res) => handler(req, res));
await new Promise((resolve, reject) => {
  server.once("error", reject);
  server.listen(Number(args.port), args.host, resolve);
});
const { port } = server.address();
const issuer = `http://${args.host}:${port}`;

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: "jwk" }), kid: `dev-${randomBytes(6).toString("hex")}`, alg: "RS256", use: "sig" };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: args["client-id"],
      ...(args["client-secret"]
        ? { client_secret: args["client-secret"], token_endpoint_auth_method: "client_secret_basic" }
        : { token_endpoint_auth_method: "none" }),
      redirect_uris: args["redirect-uri"],
      post_logout_redirect_uris: args["post-logout-redirect-uri"],
      response_types: ["code"],
      grant_types: ["authorization_code"],
      id_token_signed_response_alg: "RS256",
      client_name: "Mina sidor (Samverkan)",
    },
  ],
  pkce: { required: () => true },
  responseTypes: ["code"],
  scopes: ["openid"],
  claims: { openid: ["sub", args.claim] },
  // The personnummer goes in the ID token itself (as Sweden Connect's OIDC profile does), not only in userinfo.
  conformIdTokenClaims: false,
  findAccount,
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString("hex")] },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    userinfo: { enabled: true },
  },
  renderError,
  ttl: { AuthorizationCode: 60, IdToken: 3600, AccessToken: 3600, Interaction: 3600, Session: 8 * 3600, Grant: 8 * 3600 },
});

// --- Test controls -------------------------------------------------------------------------------

function stripExpiry(cookie) {
  return cookie.includes("expires=Thu, 01 Jan 1970") ? cookie : cookie.replace(/;\s*expires=[^;]*/gi, "");
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
}

async function testControl(req, res) {
  const url = new URL(req.url, issuer);
  if (req.method === "POST" && url.pathname === "/__test__/clock") {
    const body = await readJson(req);
    setClock(body.now);
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify({ now: new Date().toISOString() }));
    return true;
  }
  if (req.method === "GET" && url.pathname === "/mixup/.well-known/openid-configuration") {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`);
    const document = await response.json();
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify({ ...document, issuer: `${issuer}/mixup` }));
    return true;
  }
  return false;
}

const callback = provider.callback();
handler = async (req, res) => {
  try {
    if (args["test-controls"]) {
      if (await testControl(req, res)) return;
      // At the last moment: the provider appends the session cookie's expiry to the header array in place.
      const writeHead = res.writeHead.bind(res);
      res.writeHead = (...rest) => {
        const cookies = res.getHeader("set-cookie");
        if (cookies) res.setHeader("set-cookie", [].concat(cookies).map(stripExpiry));
        return writeHead(...rest);
      };
    }
    await callback(req, res);
  } catch (error) {
    console.error(error);
    res.statusCode = 500;
    res.end();
  }
};

// Everything lives in memory: nothing to save, no need to wait for open connections.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => process.exit(0));
}

console.log(JSON.stringify({ issuer, port }));
