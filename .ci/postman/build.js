// The generated Postman collection: the OpenAPI schema through openapi-to-postmanv2, then made
// runnable and reproducible. Usage: node build.js SCHEMA.json OUT.json (make postman calls it
// through build.py, which exports the schema first).
//
// After the converter:
// - every request gets a test: the status is one the schema documents for that operation, and
//   never a 5xx (the schema documents 500 and 503 for the error shape, not as an answer);
// - auth comes from the collection: Bearer {{accessToken}}, obtained by the collection's
//   pre-request script from {{email}} and {{password}} when empty; public operations send none;
// - deleting one's own account runs last, so it cannot sign the rest of the run out;
// - examples (bodies, parameters) come from the schema's own examples, else the converter's
//   faker, which is seeded per schema and given a fixed clock: the output is reproducible to
//   the byte, and a change to one operation changes only its requests;
// - Postman's random ids are left out (Postman assigns its own on import).
"use strict";

const fs = require("fs");

// A seeded Math.random (mulberry32), seeded again from each schema the converter fakes, so an
// example depends only on its own schema: a change elsewhere in the API leaves it as it was.
let seed = 0;
Math.random = function seededRandom() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash | 0;
}

const FAKER = require.resolve("openapi-to-postmanv2/assets/json-schema-faker.js");
const faker = require(FAKER);
function reseededFaker(schema, ...rest) {
  seed = fnv1a(JSON.stringify(schema) || "");
  return faker(schema, ...rest);
}
Object.assign(reseededFaker, faker);
require.cache[FAKER].exports = reseededFaker;

// And a fixed clock: the faker draws dates around "now".
const RealDate = Date;
const FIXED_NOW = RealDate.UTC(2026, 0, 5, 7, 30);
global.Date = class FixedDate extends RealDate {
  constructor(...args) {
    super(...(args.length ? args : [FIXED_NOW]));
  }

  static now() {
    return FIXED_NOW;
  }
};

const Converter = require("openapi-to-postmanv2");

const OPTIONS = {
  folderStrategy: "Tags",
  parametersResolution: "Example",
  enableOptionalParameters: false,
  requestNameSource: "Fallback",
  indentCharacter: "Space",
};

const COLLECTION_PRE_REQUEST = [
  "// Sign in once per run with {{email}} and {{password}} unless {{accessToken}} is set.",
  'if (!pm.collectionVariables.get("accessToken") && !pm.environment.get("accessToken")) {',
  "  pm.sendRequest({",
  '    url: pm.variables.replaceIn("{{baseUrl}}/api/v1/auth/token"),',
  '    method: "POST",',
  '    header: {"Content-Type": "application/json"},',
  "    body: {",
  '      mode: "raw",',
  "      raw: JSON.stringify({",
  '        email: pm.variables.get("email"),',
  '        password: pm.variables.get("password"),',
  "      }),",
  "    },",
  "  }, function (error, response) {",
  '    pm.test("sign-in as " + pm.variables.get("email") + " answers an access token", function () {',
  "    pm.expect(error).to.equal(null);",
  "    pm.expect(response.code).to.equal(200);",
  "    });",
  "    if (!error && response.code === 200) {",
  '      pm.collectionVariables.set("accessToken", response.json().access);',
  "    }",
  "  });",
  "}",
];

function withoutIds(value) {
  if (Array.isArray(value)) {
    return value.map(withoutIds);
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "id" && k !== "_postman_id")
        .map(([k, v]) => [k, withoutIds(v)]),
    );
  }
  return value;
}

function* requestsIn(items) {
  for (const item of items) {
    if (item.item) {
      yield* requestsIn(item.item);
    } else {
      yield item;
    }
  }
}

function schemaPath(url) {
  const segments = url.path.map((s) => (s.startsWith(":") ? `{${s.slice(1)}}` : s));
  return "/" + segments.join("/");
}

function documentedStatuses(operation) {
  return Object.keys(operation.responses)
    .map(Number)
    .filter((code) => Number.isInteger(code))
    .sort((a, b) => a - b);
}

function isPublic(operation) {
  return (operation.security || []).every((requirement) => Object.keys(requirement).length === 0);
}

function finishRequest(item, schema) {
  const request = item.request;
  const method = request.method.toLowerCase();
  const path = schemaPath(request.url);
  const operation = (schema.paths[path] || {})[method];
  if (!operation) {
    throw new Error(`no operation in the schema for ${method.toUpperCase()} ${path}`);
  }
  const statuses = documentedStatuses(operation);
  const name = `${request.method} ${path}`;
  item.event = [
    {
      listen: "test",
      script: {
        type: "text/javascript",
        exec: [
          `// ${operation.operationId}: the statuses the schema documents for it.`,
          `const documented = ${JSON.stringify(statuses)};`,
          `pm.test("${name} answers a documented status", function () {`,
          "  pm.expect(pm.response.code).to.be.oneOf(documented);",
          "});",
          `pm.test("${name} answers no server error", function () {`,
          "  pm.expect(pm.response.code).to.be.below(500);",
          "});",
        ],
      },
    },
  ];
  // A redirect is the operation's answer (the OAuth callback's 302 to the app, a large
  // export's 303): tested as such, not followed to a URL that is not the API's.
  item.protocolProfileBehavior = { followRedirects: false };
  // Auth: inherited from the collection (Bearer {{accessToken}}), none for public operations.
  if (isPublic(operation)) {
    request.auth = { type: "noauth" };
  } else {
    delete request.auth;
  }
  // Response examples: the first success only (the error ones all show the one error shape).
  const success = (item.response || []).find((r) => r.code >= 200 && r.code < 300);
  item.response = success ? [success] : [];
  return operation;
}

function accountDeletionLast(collection, schema) {
  const last = [];
  const keep = (items) =>
    items.filter((item) => {
      if (item.item) {
        item.item = keep(item.item);
        return item.item.length > 0;
      }
      const path = schemaPath(item.request.url);
      if (item.request.method === "DELETE" && path === "/api/v1/users/{id}") {
        last.push(item);
        return false;
      }
      return true;
    });
  collection.item = keep(collection.item);
  if (last.length !== 1 || !schema.paths["/api/v1/users/{id}"].delete) {
    throw new Error("expected exactly one DELETE /api/v1/users/{id} to move last");
  }
  collection.item.push({
    name: "Last: delete my account",
    description: "Runs last: it signs the caller out of everything after it.",
    item: last,
  });
}

function build(schema) {
  return new Promise((resolve, reject) => {
    Converter.convertV2({ type: "json", data: schema }, OPTIONS, (error, result) => {
      if (error) {
        reject(error);
      } else if (!result.result) {
        reject(new Error(result.reason));
      } else {
        resolve(result.output[0].data);
      }
    });
  });
}

async function main() {
  const [schemaFile, outFile] = process.argv.slice(2);
  if (!schemaFile || !outFile) {
    throw new Error("usage: node build.js SCHEMA.json OUT.json");
  }
  const schema = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
  const collection = await build(schema);
  for (const item of requestsIn(collection.item)) {
    finishRequest(item, schema);
  }
  accountDeletionLast(collection, schema);
  collection.info = {
    name: "FitSpace API (generated)",
    description:
      "Generated from FitSpace's OpenAPI schema by make postman " +
      "(.ci/postman/build.py): do not edit, regenerate. Every request tests that its status " +
      "is one the schema documents. Sign in by setting email and password (or accessToken).",
    schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
  };
  collection.auth = { type: "bearer", bearer: [{ key: "token", value: "{{accessToken}}", type: "string" }] };
  collection.event = [
    { listen: "prerequest", script: { type: "text/javascript", exec: COLLECTION_PRE_REQUEST } },
  ];
  collection.variable = [
    { key: "baseUrl", value: "http://127.0.0.1:8000", type: "string" },
    { key: "email", value: "ana@example.com", type: "string" },
    { key: "password", value: "fitspace-demo", type: "string" },
    { key: "accessToken", value: "", type: "string" },
  ];
  const ordered = {
    info: collection.info,
    item: withoutIds(collection.item),
    event: collection.event,
    auth: collection.auth,
    variable: collection.variable,
  };
  fs.writeFileSync(outFile, JSON.stringify(ordered, null, 2) + "\n");
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
