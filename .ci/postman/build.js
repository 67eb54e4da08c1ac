// The generated Postman collection: the OpenAPI schema through openapi-to-postmanv2, then made
// runnable and reproducible. Usage: node build.js SCHEMA.json OUT.json (make postman calls it
// through build.py, which exports the schema first).
//
// After the converter:
// - every request gets a test: the status is one the schema documents for that operation, and
//   never a 5xx (the schema documents 500 and 503 for the error shape, not as an answer);
// - auth comes from the collection: Bearer {{accessToken}}, obtained by the collection's
//   pre-request script from {{email}} and {{password}} when empty; public operations send none;
// - placeholders the converter leaves for primitive values ("<integer>", "<boolean>", …) become
//   example values of their type, in bodies, path variables and query parameters;
// - deleting one's own account runs last, so it cannot sign the rest of the run out;
// - the output is byte-for-byte reproducible: the converter's faker draws from a seeded
//   generator and a fixed clock, and Postman's random ids are left out (Postman assigns its own on import).
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

// Example values for the converter's placeholders; a string placeholder with no better value
// stays as it is (valid text for most fields, and a 400 naming the field for the others).
const PLACEHOLDERS = {
  "<integer>": 1,
  "<long>": 1,
  "<number>": 1.5,
  "<double>": 1.5,
  "<float>": 1.5,
  "<boolean>": true,
  "<date>": "2026-01-05",
  "<dateTime>": "2026-01-05T07:30:00Z",
  "<email>": "someone@example.com",
  "<uuid>": "00000000-0000-4000-8000-000000000000",
  "<uri>": "https://example.com/",
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
  "    if (error || response.code !== 200) {",
  '      throw new Error("sign-in failed: " + (error || response.code + " " + response.text()));',
  "    }",
  '    pm.collectionVariables.set("accessToken", response.json().access);',
  "  });",
  "}",
];

function replacePlaceholders(value) {
  if (Array.isArray(value)) {
    return value.map(replacePlaceholders);
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replacePlaceholders(v)]));
  }
  if (typeof value === "string" && Object.hasOwn(PLACEHOLDERS, value)) {
    return PLACEHOLDERS[value];
  }
  return value;
}

function exampleText(value) {
  const replaced = replacePlaceholders(value);
  return typeof replaced === "string" ? replaced : String(replaced);
}

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
  // Auth: inherited from the collection (Bearer {{accessToken}}), none for public operations.
  if (isPublic(operation)) {
    request.auth = { type: "noauth" };
  } else {
    delete request.auth;
  }
  for (const variable of request.url.variable || []) {
    variable.value = exampleText(variable.value);
  }
  for (const parameter of request.url.query || []) {
    parameter.value = exampleText(parameter.value);
  }
  for (const header of request.header || []) {
    header.value = exampleText(header.value);
  }
  if (request.body && request.body.mode === "raw" && request.body.raw) {
    request.body.raw = JSON.stringify(replacePlaceholders(JSON.parse(request.body.raw)), null, 2);
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
      `Generated from the OpenAPI schema of FitSpace ${schema.info.version} by make postman ` +
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
