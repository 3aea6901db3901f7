/**
 * Generates docs/events.md from the protocol schemas, so the page cannot drift from the code:
 * every server and client event with its fields (from the zod schemas) and its description
 * (from the JSDoc above its `export const …Schema` in src/protocol), and the lifecycle keys
 * of `VoiceLiveSession` (from `LifecycleEvents` in src/events/event-map.ts).
 *
 *   npm run docs:events            # rewrites docs/events.md
 *
 * test/docs/events-doc.test.ts renders the page in memory and fails when the file differs.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import * as protocol from "../src/protocol/index.js";

/** Where the page is written. */
export const EVENTS_DOC_PATH = fileURLToPath(new URL("../docs/events.md", import.meta.url));

const PROTOCOL_DIR = new URL("../src/protocol/", import.meta.url);
const EVENT_MAP_FILE = new URL("../src/events/event-map.ts", import.meta.url);

/** The part of a zod/mini schema the walker reads. */
interface ZodNode {
  readonly _zod: { readonly def: ZodDef };
}
interface ZodDef {
  readonly type: string;
  readonly shape?: Readonly<Record<string, ZodNode>>;
  readonly innerType?: ZodNode;
  readonly element?: ZodNode;
  readonly options?: readonly ZodNode[];
  readonly values?: readonly unknown[];
  readonly entries?: Readonly<Record<string, string | number>>;
  readonly keyType?: ZodNode;
  readonly valueType?: ZodNode;
  readonly in?: ZodNode;
  readonly items?: readonly ZodNode[];
  readonly left?: ZodNode;
  readonly right?: ZodNode;
  readonly format?: string;
  readonly checks?: readonly { readonly _zod: { readonly def: { readonly check: string; readonly value?: unknown; readonly inclusive?: boolean; readonly minimum?: number } } }[];
}

/** One field of an event, as the page shows it. */
export interface FieldDoc {
  readonly name: string;
  readonly optional: boolean;
  readonly type: string;
  readonly description: string;
}

/** One event, as the page shows it. */
export interface EventDoc {
  readonly type: string;
  readonly schemaName: string;
  readonly description: string;
  readonly fields: readonly FieldDoc[];
}

/** One lifecycle key of `VoiceLiveSession`. */
export interface LifecycleDoc {
  readonly key: string;
  readonly listener: string;
  readonly description: string;
}

const isSchema = (value: unknown): value is ZodNode =>
  typeof value === "object" && value !== null && "_zod" in value && typeof (value as ZodNode)._zod?.def?.type === "string";

/** Every exported schema of src/protocol by identity, so nested schemas show their type name. */
function exportedSchemaNames(): Map<ZodNode, string> {
  const names = new Map<ZodNode, string>();
  for (const [name, value] of Object.entries(protocol).sort(([a], [b]) => a.localeCompare(b))) {
    if (isSchema(value) && name.endsWith("Schema") && !names.has(value)) names.set(value, name);
  }
  return names;
}

const typeName = (schemaName: string): string => schemaName.replace(/Schema$/, "");

/** A short TypeScript-like description of a schema, naming exported schemas instead of expanding them. */
export function describeSchema(schema: ZodNode, names: ReadonlyMap<ZodNode, string> = exportedSchemaNames()): string {
  const named = names.get(schema);
  if (named !== undefined) return typeName(named);
  const def = schema._zod.def;
  const inner = (node: ZodNode | undefined): string => (node === undefined ? "unknown" : describeSchema(node, names));
  const grouped = (node: ZodNode | undefined): string => {
    const text = inner(node);
    return text.includes(" | ") || text.includes(" & ") ? `(${text})` : text;
  };
  switch (def.type) {
    case "string":
    case "boolean":
    case "unknown":
    case "any":
    case "null":
    case "undefined":
    case "never":
    case "bigint":
      return def.type;
    case "number":
    case "int":
      return describeNumber(def);
    case "literal":
      return (def.values ?? []).map((v) => JSON.stringify(v)).join(" | ");
    case "enum":
      return Object.values(def.entries ?? {}).map((v) => JSON.stringify(v)).join(" | ");
    case "optional":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return inner(def.innerType);
    case "nullable":
      return `${inner(def.innerType)} | null`;
    case "array":
      return `${grouped(def.element)}[]`;
    case "tuple":
      return `[${(def.items ?? []).map((item) => inner(item)).join(", ")}]`;
    case "record":
      return `Record<${inner(def.keyType)}, ${inner(def.valueType)}>`;
    case "union":
      return [...new Set((def.options ?? []).map((option) => inner(option)))].join(" | ");
    case "intersection":
      return `${grouped(def.left)} & ${grouped(def.right)}`;
    case "pipe":
      return inner(def.in);
    case "object": {
      const keys = Object.entries(def.shape ?? {}).map(([key, value]) => (isOptional(value) ? `${key}?` : key));
      return keys.length === 0 ? "object" : `{ ${keys.join(", ")} }`;
    }
    default:
      return def.type;
  }
}

function describeNumber(def: ZodDef): string {
  const integer = def.format !== undefined && /int/.test(def.format);
  let text = integer ? "integer" : "number";
  let low: string | undefined;
  let high: string | undefined;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === "greater_than") low = `${c.inclusive ? "≥" : ">"} ${String(c.value)}`;
    if (c.check === "less_than") high = `${c.inclusive ? "≤" : "<"} ${String(c.value)}`;
  }
  if (low !== undefined) text += ` ${low}`;
  if (high !== undefined) text += low === undefined ? ` ${high}` : `, ${high}`;
  return text;
}

const isOptional = (schema: ZodNode): boolean => schema._zod.def.type === "optional";

/** The JSDoc text of a node, on one line, without tags. */
function jsDocText(node: ts.Node): string {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  const doc = docs?.[docs.length - 1];
  if (doc === undefined) return "";
  const comment = typeof doc.comment === "string" ? doc.comment : ts.getTextOfJSDocComment(doc.comment) ?? "";
  return comment.replace(/\s+/g, " ").trim();
}

/** What the source says about an exported schema: its JSDoc and the JSDoc of the fields written in it. */
interface SourceDoc {
  readonly description: string;
  readonly fields: ReadonlyMap<string, string>;
}

/** Reads every `export const` with its JSDoc from the .ts files of src/protocol. */
function readProtocolDocs(): Map<string, SourceDoc> {
  const docs = new Map<string, SourceDoc>();
  const files = readdirSync(PROTOCOL_DIR).filter((name) => name.endsWith(".ts")).sort();
  for (const name of files) {
    const file = new URL(name, PROTOCOL_DIR);
    const source = ts.createSourceFile(name, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        docs.set(declaration.name.text, { description: jsDocText(statement), fields: fieldDocs(declaration.initializer) });
      }
    }
  }
  return docs;
}

/** JSDoc of the properties written directly in the object literals a schema is built from. */
function fieldDocs(initializer: ts.Expression | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  if (initializer === undefined || !ts.isCallExpression(initializer)) return fields;
  for (const argument of initializer.arguments) {
    if (!ts.isObjectLiteralExpression(argument)) continue;
    for (const property of argument.properties) {
      if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) continue;
      const text = jsDocText(property);
      if (text !== "") fields.set(property.name.text, text);
    }
  }
  return fields;
}

function eventDocs(schemas: readonly ZodNode[], names: ReadonlyMap<ZodNode, string>, sources: ReadonlyMap<string, SourceDoc>): EventDoc[] {
  return schemas.map((schema) => {
    const shape = schema._zod.def.shape ?? {};
    const type = String(shape.type?._zod.def.values?.[0]);
    const schemaName = names.get(schema);
    if (schemaName === undefined) throw new Error(`The schema of "${type}" is not exported from src/protocol.`);
    const source = sources.get(schemaName);
    if (source === undefined || source.description === "") {
      throw new Error(`${schemaName} ("${type}") has no JSDoc in src/protocol; describe it in one sentence above its declaration.`);
    }
    const fields = Object.entries(shape).map(([name, field]) => ({
      name,
      optional: isOptional(field),
      type: describeSchema(field, names),
      description: source.fields.get(name) ?? "",
    }));
    return { type, schemaName, description: source.description, fields };
  });
}

/** The members of `LifecycleEvents` with their listener types and JSDoc. */
export function lifecycleDocs(): LifecycleDoc[] {
  const source = ts.createSourceFile("event-map.ts", readFileSync(EVENT_MAP_FILE, "utf8"), ts.ScriptTarget.Latest, true);
  const declaration = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "LifecycleEvents");
  if (declaration === undefined) throw new Error("LifecycleEvents not found in src/events/event-map.ts.");
  return declaration.members.flatMap((member) => {
    if (!ts.isPropertySignature(member) || member.type === undefined) return [];
    const key = member.name.getText(source);
    const description = jsDocText(member);
    if (description === "") throw new Error(`LifecycleEvents.${key} has no JSDoc in src/events/event-map.ts.`);
    return [{ key, listener: member.type.getText(source).replace(/\s+/g, " "), description }];
  });
}

/** Server events in declaration order, then client events, from the schemas. */
export function collectEvents(): { server: EventDoc[]; client: EventDoc[] } {
  const names = exportedSchemaNames();
  const sources = readProtocolDocs();
  const server = eventDocs(Object.values(protocol.SERVER_EVENT_SCHEMAS) as unknown as ZodNode[], names, sources);
  const client = eventDocs((protocol.ClientEventSchema as unknown as ZodNode)._zod.def.options ?? [], names, sources);
  return { server, client };
}

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (text: string): string => `\`${cell(text)}\``;
const anchor = (type: string): string => type.replace(/[^a-z0-9_\- ]/gi, "").replace(/ /g, "-").toLowerCase();

function renderEvent(event: EventDoc): string[] {
  const lines = [`### \`${event.type}\``, "", event.description, "", `Schema \`${event.schemaName}\`, type \`${typeName(event.schemaName)}\`.`, ""];
  lines.push("| field | required | type | description |", "| --- | --- | --- | --- |");
  for (const field of event.fields) {
    lines.push(`| ${code(field.name)} | ${field.optional ? "no" : "yes"} | ${code(field.type)} | ${cell(field.description)} |`);
  }
  lines.push("");
  return lines;
}

function renderIndex(events: readonly EventDoc[]): string[] {
  return ["| type | description |", "| --- | --- |", ...events.map((e) => `| [${code(e.type)}](#${anchor(e.type)}) | ${cell(e.description)} |`), ""];
}

/** Renders the whole page. Pure apart from reading the source files; the same code gives the same bytes. */
export function renderEventsDoc(): string {
  const { server, client } = collectEvents();
  const lifecycle = lifecycleDocs();
  const lines = [
    "# Events",
    "",
    "<!-- Generated by `npm run docs:events` (scripts/generate-events-doc.ts) from src/protocol and src/events/event-map.ts. Do not edit by hand. -->",
    "",
    `Every event of the Voice Live protocol this SDK knows: ${server.length} server events, ${client.length} client events,`,
    `and the ${lifecycle.length} lifecycle keys of \`VoiceLiveSession\`. Fields come from the zod schemas that validate`,
    "them, descriptions from the JSDoc above each schema. A type in the type column without quotes",
    "(`ResponseSession`, `RealtimeResponse`…) is exported under that name from `voicelive-client`.",
    "",
    "Listen to a server event by its type: `session.on(\"response.done\", (event) => …)`. The server's",
    "`error` event is the exception: it arrives on the lifecycle `error` key as a `VoiceLiveServiceError`",
    "(and raw on `event`). `response.audio.delta` listeners also get `event.audio`, the decoded bytes.",
    "Send a client event with its helper (`updateSession()`, `createItem()`, `createResponse()`…) or",
    "`session.send(event)`, which validates it against the schema below first.",
    "",
    "Every known server event is validated before a listener sees it, by one of three equivalent routes:",
    "",
    "- `response.audio.delta`, `response.audio_transcript.delta` and `response.text.delta` in the layout the",
    "  service writes (`type`, `event_id`, `response_id`, `item_id`, `output_index`, `content_index`, `delta`;",
    "  no escapes) are read without `JSON.parse` by `readDeltaFrame`, which accepts exactly what the schema accepts.",
    "- A `session.created` or `session.updated` whose text equals one already validated, apart from `event_id`",
    "  and `session.id`, reuses that verdict: the service repeats the same session for the same settings.",
    "- Everything else goes through `JSON.parse` and its schema.",
    "",
    "## Lifecycle events",
    "",
    "| key | listener | description |",
    "| --- | --- | --- |",
    ...lifecycle.map((l) => `| ${code(l.key)} | ${code(l.listener)} | ${cell(l.description)} |`),
    "",
    "## Server events",
    "",
    ...renderIndex(server),
    ...server.flatMap(renderEvent),
    "## Client events",
    "",
    ...renderIndex(client),
    ...client.flatMap(renderEvent),
  ];
  return `${lines.join("\n").trimEnd()}\n`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = renderEventsDoc();
  writeFileSync(EVENTS_DOC_PATH, text);
  console.log(`Wrote docs/events.md (${text.split("\n").length} lines).`);
}
