import { z } from 'zod';
import { util } from 'zod/v4/core';
import { firstDroppedField } from './dropped-field';

/*
 * A fast path for checking many records against a zod schema, without a second copy of the rules.
 *
 * The extension's pages forbid `new Function`, so zod runs jitless: every value of every record goes
 * through its generic machinery (a payload object per value, the checks loop, issue bookkeeping), which
 * cost a 10,000-pick backup import or feed several times the database writes (issue 19). This module
 * walks a schema's definition once and builds plain closures for the structural part (objects, arrays,
 * optional, nullable, pipes, and the type tests of strings, numbers, booleans, enums and literals).
 * The checks attached to a schema keep zod's rules: the one-line ones (lengths, counted in code points
 * as zod 4 counts them; regex and ISO date formats; integer and range checks) as the same comparisons
 * zod's check functions make (`directCheck`), a plain https address as zod's URL check would judge it
 * (`httpsUrlCheck`), and every other check (URL formats, refinements, super-refinements: the partner-
 * link rules) by zod's own check function; any kind of node the walk does not know (transforms,
 * unions, defaults…) is handed to zod whole.
 *
 * The checker only says yes or no: it returns a value deep-equal to what zod's parse would return (the
 * input itself when nothing in it changes, so its keys keep their order), or REFUSED at the first
 * problem. A refused value is then parsed by the schema itself, so the error a user sees, and its
 * wording, is zod's as before. tests/unit/validation/compiled-check.property.test.ts holds the two equal
 * over generated, mutated and hostile records.
 */

/** What a checker returns for a value the schema would not accept as it is. */
export const REFUSED: unique symbol = Symbol('refused');

export type CompiledCheck<T> = (value: unknown) => T | typeof REFUSED;

export interface CompileOptions {
  /**
   * 'strip': a key the schema does not know is left out of the result, as zod's parse does.
   * 'refuse': such a key refuses the value, so the caller's slower path can name it (a backup refuses
   * a field it would lose; see ./dropped-field.ts). A node handed to zod whole refuses too when zod
   * stripped a key inside it.
   */
  unknownKeys: 'strip' | 'refuse';
}

/** The internals of a zod 4 schema or check that the walk reads. */
interface Internals {
  def: Record<string, unknown> & { type?: string; checks?: ZodNode[]; when?: (payload: Payload) => boolean };
  traits: Set<string>;
  check?: (payload: Payload) => unknown;
  run: (payload: Payload, ctx: object) => Payload | Promise<Payload>;
  values?: Set<unknown>;
  optin?: 'optional' | 'defaulted';
  optout?: 'optional';
}
interface ZodNode {
  _zod: Internals;
}
/** zod's parse state for one value: checks read `value`, may replace it, and push to `issues`. */
interface Payload {
  value: unknown;
  issues: unknown[];
}

type Step = (value: unknown) => unknown;

const CTX = Object.freeze({ async: false });

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Builds the fast checker of `schema`. Build once per schema (module level): the walk is not free. */
export function compileCheck<S extends z.core.$ZodType>(schema: S, options: CompileOptions): CompiledCheck<z.output<S>> {
  const step = compileNode(schema as unknown as ZodNode, options);
  return (value) => {
    try {
      return step(value) as z.output<S>;
    } catch {
      // REFUSAL, or a check that threw: either way the schema's own parse decides, as it would alone.
      return REFUSED;
    }
  };
}

/** Thrown inside a walk to leave it at the first problem; never escapes compileCheck. */
const REFUSAL = new Error('refused by the compiled check');
const refuse = (): never => {
  throw REFUSAL;
};

/** The checks zod runs after a node's own parse, in its order (a format is itself the first check). */
function checksOf(node: ZodNode): ZodNode[] {
  const own = node._zod.def.checks ?? [];
  return node._zod.traits.has('$ZodCheck') ? [node, ...own] : [...own];
}

/** One check as a step: the value (possibly replaced, as a URL is trimmed), or a refusal. */
type CheckStep = (value: unknown) => unknown;

/** The `when` zod gives its length checks by default (run on anything with a length), read off a throwaway check. */
const DEFAULT_LENGTH_WHEN = (z.string().max(1)._zod.def.checks![0] as unknown as ZodNode)._zod.def.when;

/** A string's length as zod 4 measures it for a bound: code points, counted only when the UTF-16 length leaves it in doubt. */
const { codePointLength } = util;

/**
 * The checks whose rule is one line, as direct code: the same comparisons zod's check functions make
 * (see zod/v4/core/checks.js), without a payload, a `when` call and issue bookkeeping per value. Null
 * for any other check, which zod's own check function then runs.
 */
function directCheck(check: ZodNode): CheckStep | null {
  const internals = check._zod;
  const def = internals.def as Record<string, unknown> & { when?: unknown };
  const lengthWhen = def.when === DEFAULT_LENGTH_WHEN;
  const ok = (test: (value: never) => boolean): CheckStep => (value) => (test(value as never) ? value : refuse());
  switch (def.check) {
    case 'max_length': {
      if (!lengthWhen) return null;
      const max = def.maximum as number;
      return ok((value: string | unknown[]) => value.length <= max || (typeof value === 'string' && codePointLength(value) <= max));
    }
    case 'min_length': {
      if (!lengthWhen) return null;
      const min = def.minimum as number;
      return ok((value: string | unknown[]) => {
        const units = value.length;
        if (typeof value !== 'string' || units < min || units >= min * 2) return units >= min;
        return codePointLength(value) >= min;
      });
    }
    case 'length_equals': {
      if (!lengthWhen) return null;
      const length = def.length as number;
      return ok((value: string | unknown[]) => {
        const units = value.length;
        if (typeof value !== 'string' || units < length || units > length * 2) return units === length;
        return codePointLength(value) === length;
      });
    }
    case 'greater_than': {
      if (def.when !== undefined || typeof def.value !== 'number') return null;
      const bound = def.value;
      return def.inclusive ? ok((value: number) => value >= bound) : ok((value: number) => value > bound);
    }
    case 'less_than': {
      if (def.when !== undefined || typeof def.value !== 'number') return null;
      const bound = def.value;
      return def.inclusive ? ok((value: number) => value <= bound) : ok((value: number) => value < bound);
    }
    case 'number_format': {
      const range = util.NUMBER_FORMAT_RANGES[def.format as keyof typeof util.NUMBER_FORMAT_RANGES] as [number, number] | undefined;
      if (def.when !== undefined || !range) return null;
      const [min, max] = range;
      if (!String(def.format).includes('int')) return ok((value: number) => value >= min && value <= max);
      return ok((value: number) => Number.isSafeInteger(value) && value >= min && value <= max);
    }
    case 'string_format': {
      // Only the formats that are nothing but their pattern (a regex, an ISO date and time); a URL and
      // the rest have check functions of their own.
      const patternOnly = internals.traits.has('$ZodCheckRegex') || internals.traits.has('$ZodISODateTime');
      if (def.when !== undefined || !patternOnly || !(def.pattern instanceof RegExp)) return null;
      const pattern = def.pattern;
      return ok((value: string) => {
        pattern.lastIndex = 0;
        return pattern.test(value);
      });
    }
    default:
      return null;
  }
}

/** Any other check, run by zod's own check function as its runChecks would for a value with no issue yet. */
function zodCheck(check: ZodNode): CheckStep {
  const run = check._zod.check!;
  const when = check._zod.def.when;
  // One payload per check, reused: a check never runs this same check again from inside itself.
  const payload: Payload = { value: undefined, issues: [] };
  return (value) => {
    payload.value = value;
    payload.issues.length = 0;
    if (when && !when(payload)) return value;
    const result = run(payload);
    if (result instanceof Promise || payload.issues.length > 0) return refuse();
    const out = payload.value;
    payload.value = undefined;
    return out;
  };
}

/** A node's parse followed by its checks, in order; each check sees the value the one before left. */
function withChecks(parse: Step, checks: ZodNode[]): Step {
  const steps = checks.map((check) => directCheck(check) ?? httpsUrlCheck(check) ?? zodCheck(check));
  switch (steps.length) {
    case 0:
      return parse;
    case 1: {
      const [a] = steps as [CheckStep];
      return (value) => a(parse(value));
    }
    case 2: {
      const [a, b] = steps as [CheckStep, CheckStep];
      return (value) => b(a(parse(value)));
    }
    default:
      return (value) => {
        let out = parse(value);
        for (const step of steps) out = step(out);
        return out;
      };
  }
}

/*
 * An https URL (z.url({ protocol: /^https$/ })), where most are plain: `https://`, a lower-case host of
 * letters, digits, dots and hyphens, then a path, query or fragment of printable ASCII. Every such
 * text parses as a URL with the https scheme and is its own trimmed form, so zod's check (parse,
 * scheme test, trim) would pass it unchanged; any other text (spaces, a port, credentials, `xn--`
 * labels, a last label that could read as a number, anything non-ASCII) goes to zod's check itself.
 */
const PLAIN_HTTPS_URL = /^https:\/\/(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*(?:[/?#][\x21-\x7e]*)?$/;

function httpsUrlCheck(check: ZodNode): CheckStep | null {
  const def = check._zod.def as Record<string, unknown>;
  const plain =
    check._zod.traits.has('$ZodURL') &&
    def.when === undefined &&
    !def.normalize &&
    def.hostname === undefined &&
    def.protocol instanceof RegExp &&
    def.protocol.source === '^https$' &&
    def.protocol.flags === '';
  if (!plain) return null;
  const full = zodCheck(check);
  return (value) => (typeof value === 'string' && PLAIN_HTTPS_URL.test(value) && !value.includes('xn--') ? value : full(value));
}

/**
 * A node the walk does not take apart: zod parses it, on a payload of its own, as its parent would.
 * In 'refuse' mode a key it stripped refuses the value too (a discriminated union strips unknown keys
 * of the option it picked).
 */
function delegated(node: ZodNode, options: CompileOptions): Step {
  const refuseDropped = options.unknownKeys === 'refuse';
  return (value) => {
    const result = node._zod.run({ value, issues: [] }, CTX);
    if (result instanceof Promise || result.issues.length > 0) return refuse();
    if (refuseDropped && firstDroppedField(value, result.value) !== null) return refuse();
    return result.value;
  };
}

function compileNode(node: ZodNode, options: CompileOptions): Step {
  const internals = node._zod;
  const def = internals.def;
  const checks = checksOf(node);
  // Every check must be one zod runs synchronously through `check`; otherwise zod runs the node itself.
  if (checks.some((check) => typeof check._zod.check !== 'function')) return delegated(node, options);
  if (def.coerce) return delegated(node, options);
  switch (def.type) {
    case 'string':
      return withChecks((value) => (typeof value === 'string' ? value : refuse()), checks);
    case 'number':
      return withChecks((value) => (typeof value === 'number' && Number.isFinite(value) ? value : refuse()), checks);
    case 'boolean':
      return withChecks((value) => (typeof value === 'boolean' ? value : refuse()), checks);
    case 'enum':
    case 'literal': {
      const values = internals.values;
      if (!values) return delegated(node, options);
      return withChecks((value) => (values.has(value) ? value : refuse()), checks);
    }
    case 'unknown':
    case 'any':
      return withChecks((value) => value, checks);
    case 'nullable': {
      const inner = compileNode(def.innerType as ZodNode, options);
      return withChecks((value) => (value === null ? null : inner(value)), checks);
    }
    case 'optional': {
      const innerType = def.innerType as ZodNode;
      // Only a default substitutes for absence; leave that (and what it runs) to zod.
      if (innerType._zod.optin === 'defaulted') return delegated(node, options);
      const inner = compileNode(innerType, options);
      return withChecks((value) => (value === undefined ? undefined : inner(value)), checks);
    }
    case 'pipe': {
      const first = compileNode(def.in as ZodNode, options);
      const second = compileNode(def.out as ZodNode, options);
      return withChecks((value) => second(first(value)), checks);
    }
    case 'array':
      return withChecks(compileArray(def.element as ZodNode, options), checks);
    case 'object': {
      const object = compileObject(def, options);
      return object ? withChecks(object, checks) : delegated(node, options);
    }
    default:
      return delegated(node, options);
  }
}

function compileArray(element: ZodNode, options: CompileOptions): Step {
  const item = compileNode(element, options);
  return (value) => {
    if (!Array.isArray(value)) return refuse();
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = item(value[i]);
    return out;
  };
}

/**
 * An object without a catch-all (zod's default, which strips unknown keys): each known key in the
 * schema's order, as zod's handlePropertyResult treats it. Null for a shape the walk leaves to zod.
 * When every field comes out as it went in and no key is stripped, the value itself is the result
 * (zod would return an equal copy, its keys in the schema's order): a 10,000-record import then
 * allocates nothing per record here.
 */
function compileObject(def: Internals['def'], options: CompileOptions): Step | null {
  if (def.catchall !== undefined) return null;
  const shape = def.shape as Record<string, ZodNode>;
  if (Object.getOwnPropertySymbols(shape).length > 0) return null;
  const keys = Object.keys(shape).filter((key) => key !== '__proto__');
  const known = new Set(Object.keys(shape));
  const fields = keys.map((key) => {
    const field = shape[key]!;
    return { key, step: compileNode(field, options), optin: field._zod.optin, optout: field._zod.optout };
  });
  const refuseUnknown = options.unknownKeys === 'refuse';
  return (value) => {
    if (!isObject(value)) return refuse();
    let inputKeys = 0;
    for (const key in value) {
      if (!known.has(key)) {
        if (refuseUnknown) refuse();
      }
      inputKeys++;
    }
    let results: unknown[] | null = null;
    let outputKeys = 0;
    for (let i = 0; i < fields.length; i++) {
      const { key, step, optin, optout } = fields[i]!;
      const present = key in value;
      if (!present) {
        if (optin === 'optional' && optout === 'optional') continue;
        // A required key that is absent is refused; a default (which zod substitutes) runs below.
        if (optin === undefined) refuse();
      }
      const input = value[key];
      const result = step(input);
      if (present) outputKeys++;
      if (result !== input || !present) (results ??= new Array<unknown>(fields.length))[i] = result;
      else if (results) results[i] = result;
    }
    if (results === null && outputKeys === inputKeys) return value;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const { key, optin, optout } = fields[i]!;
      const present = key in value;
      if (!present && optin === 'optional' && optout === 'optional') continue;
      const result = results === null ? value[key] : i in results ? results[i] : value[key];
      if (result === undefined) {
        if (present || (optin === 'defaulted' && optout !== 'optional')) out[key] = undefined;
      } else out[key] = result;
    }
    return out;
  };
}
