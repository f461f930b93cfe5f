// Stripe's v1 request bodies: application/x-www-form-urlencoded with bracket notation
// (`metadata[key]=v`, `payment_method_types[0]=card`, `card[token]=tok_visa`), which the stripe SDK
// writes with indexed arrays and unencoded brackets (cjs/utils.js, stringifyRequestData).
// ("The API accepts form-encoded request bodies": https://docs.stripe.com/api).
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormBody = { [key: string]: FormValue };

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** `a[b][0]` → ['a', 'b', '0']; a key that isn't bracket notation is one segment. */
function segmentsOf(key: string): string[] {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!m) return [key];
  return [m[1], ...[...m[2].matchAll(/\[([^[\]]*)\]/g)].map((s) => s[1])];
}

type Container = FormValue[] | { [key: string]: FormValue };

function put(container: Container, segment: string, value: FormValue): void {
  if (Array.isArray(container)) {
    const index = segment === '' ? container.length : Number(segment);
    if (Number.isInteger(index) && index >= 0) container[index] = value;
  } else {
    container[segment] = value;
  }
}

function get(container: Container, segment: string): FormValue | undefined {
  if (Array.isArray(container)) return segment === '' ? undefined : container[Number(segment)];
  return Object.prototype.hasOwnProperty.call(container, segment) ? container[segment] : undefined;
}

/** Parses a form body into nested objects and arrays (all leaves are strings, as Stripe receives them). */
export function parseForm(raw: string): FormBody {
  const root: FormBody = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const segments = segmentsOf(key);
    if (segments.some((s) => FORBIDDEN.has(s))) continue;
    let container: Container = root;
    segments.forEach((segment, i) => {
      if (i === segments.length - 1) return put(container, segment, value);
      let child = get(container, segment);
      if (child === undefined || typeof child === 'string') {
        const next = segments[i + 1];
        child = next === '' || /^\d+$/.test(next) ? [] : {};
        put(container, segment, child);
      }
      container = child;
    });
  }
  return root;
}

/** A stable rendering of a parsed body, for "same parameters" checks (object key order doesn't matter). */
export function canonical(value: FormValue | undefined): string {
  if (value === undefined || typeof value === 'string') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}
