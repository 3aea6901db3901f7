import type { ProtocolIssue } from "../errors/protocol-error.js";

/** The parts of a zod issue this formatter reads (zod/mini ships no message locale). */
interface RawIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message?: string;
  readonly expected?: string;
  readonly format?: string;
  readonly values?: readonly unknown[];
  readonly options?: readonly unknown[];
  readonly discriminator?: string;
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly keys?: readonly string[];
  readonly errors?: readonly (readonly RawIssue[])[];
}

const list = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(", ");

const bound = (issue: RawIssue, word: "least" | "most"): string => {
  const limit = String(word === "least" ? issue.minimum : issue.maximum);
  const strict = issue.inclusive === false;
  switch (issue.origin) {
    case "string":
      return `must have at ${word} ${strict ? `more than ${limit}` : limit} characters`;
    case "array":
      return `must have at ${word} ${limit} entries`;
    default:
      return `must be ${word === "least" ? (strict ? ">" : "≥") : strict ? "<" : "≤"} ${limit}`;
  }
};

function describe(issue: RawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.format ?? issue.expected ?? "another type"}`;
    case "invalid_value":
      return `expected one of ${list(issue.values ?? [])}`;
    case "too_small":
      return bound(issue, "least");
    case "too_big":
      return bound(issue, "most");
    case "invalid_format":
      return `has the wrong format${issue.format ? ` (expected ${issue.format})` : ""}`;
    case "unrecognized_keys":
      return `unknown keys ${list(issue.keys ?? [])}`;
    case "invalid_union":
      return issue.discriminator !== undefined && issue.options !== undefined
        ? `expected one of ${list(issue.options)}`
        : "matches none of the allowed shapes";
    default:
      return issue.message && issue.message !== "Invalid input" ? issue.message : "is not allowed here";
  }
}

function flatten(issues: readonly RawIssue[], prefix: readonly PropertyKey[], out: ProtocolIssue[]): void {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    // A union of shapes that all failed: report the branch that got furthest (most
    // specific paths), since the others failed only on their discriminator or type.
    if (issue.code === "invalid_union" && issue.errors && issue.errors.length > 0 && issue.discriminator === undefined) {
      const deepest = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
      flatten(deepest, path, out);
      continue;
    }
    out.push({
      path: path.map((part) => (typeof part === "number" ? part : String(part))),
      message: describe(issue),
    });
  }
}

const depth = (issues: readonly RawIssue[]): number => Math.max(0, ...issues.map((i) => i.path.length));

/** Turns zod issues into path + message pairs a user can act on, naming allowed values. */
export function toProtocolIssues(issues: readonly RawIssue[]): ProtocolIssue[] {
  const out: ProtocolIssue[] = [];
  flatten(issues, [], out);
  return out;
}

/** One line for up to five issues: `path: problem; path: problem`. */
export function describeProtocolIssues(issues: readonly ProtocolIssue[]): string {
  const shown = issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(event)"}: ${issue.message}`)
    .join("; ");
  return issues.length > 5 ? `${shown}; and ${issues.length - 5} more` : shown;
}
