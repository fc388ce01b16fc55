/**
 * A route with parameters, from one pattern string: the pattern goes to Express and the same
 * string makes the URLs, so the router and the links cannot drift apart.
 */

/** '/shelves/:shelf/books/:book' -> 'shelf' | 'book', worked out by the compiler. */
export type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type Params<P extends string> = { readonly [K in ParamNames<P>]: string };

/** Query values as the routes read them back (`?saved=1` is checked as '1'); undefined ones are left out. */
export type Query = Readonly<Record<string, string | number | undefined>>;

export type Route<P extends string> = ((params: Params<P>, query?: Query) => string) & {
  /** The Express pattern, for router.get/post/use. */
  readonly pattern: P;
  /** The parameter names in pattern order, for tests that build every route. */
  readonly params: readonly ParamNames<P>[];
};

// Only whole ":name" segments: Express's other pattern syntax (optional groups, wildcards)
// would match URLs this builder never makes, so it is refused where the route is declared.
const PARAM_SEGMENT = /^:([A-Za-z_$][\w$]*)$/;
const PATTERN_SYNTAX = /[:*?+(){}[\]!\\]/;

type Segment = { text: string } | { param: string };

/**
 * Declares a route with parameters. A path without any stays a plain string in `paths`: it is
 * its own pattern and URL, so the compiler turns it away here.
 */
export function route<P extends string>(pattern: [ParamNames<P>] extends [never] ? never : P): Route<P> {
  const segments: Segment[] = pattern.split('/').map((text) => {
    const name = PARAM_SEGMENT.exec(text)?.[1];
    if (name) return { param: name };
    if (PATTERN_SYNTAX.test(text)) throw new Error(`Route ${pattern}: only whole ":name" segments are supported`);
    return { text };
  });
  const names = segments.flatMap((s) => ('param' in s ? [s.param] : []));
  if (!pattern.startsWith('/') || names.length === 0) throw new Error(`Route ${pattern}: a route starts with "/" and has parameters`);

  const build = (params: Params<P>, query?: Query): string => {
    const values = params as Readonly<Record<string, unknown>>;
    const path = segments.map((s) => ('param' in s ? segment(values[s.param], s.param, pattern) : s.text)).join('/');
    return withQuery(path, query);
  };
  return Object.defineProperties(build, {
    pattern: { value: pattern, enumerable: true },
    params: { value: Object.freeze(names), enumerable: true },
    // Printed without its parameters (`<%= paths.exam %>` in a view) a builder would put its
    // own source into an href; failing makes the mistake visible on the first render.
    toString: {
      value: () => {
        throw new Error(`Route ${pattern} is a builder: call it with its parameters`);
      },
    },
  }) as Route<P>;
}

/**
 * Whether a value can be one path segment. An empty one would merge two slashes, and browsers
 * resolve "." and ".." (even written %2E) against the path around them, so neither stays put.
 */
export function isSegment(value: string): boolean {
  return value !== '' && value !== '.' && value !== '..';
}

function segment(value: unknown, name: string, pattern: string): string {
  if (typeof value !== 'string') throw new TypeError(`Route ${pattern}: parameter "${name}" must be a string`);
  if (!isSegment(value)) throw new Error(`Route ${pattern}: "${value}" cannot be the "${name}" segment`);
  return encodeURIComponent(value);
}

/** path?key=value&..., encoded as a form would send it; the path alone when nothing is left. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
