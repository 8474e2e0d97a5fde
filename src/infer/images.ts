/** Image references as the glue and Dockerfiles write them, normalised so equal images compare equal. */
import { Value, ValuePart, key } from '../interpret/value';

/**
 * A key that is equal for references to the same local image: `app` = `app:latest` =
 * `docker.io/library/app:latest`. Symbolic parts stay symbolic (`app:$TAG`).
 */
export function imageKey(v: Value): string {
  const parts: ValuePart[] = v.parts.map((p) => ({ ...p }));
  const first = parts[0];
  if (first && 'lit' in first) first.lit = stripDefaultRegistry(first.lit);
  const last = parts[parts.length - 1];
  const hasTag = last && 'lit' in last ? /:[^/]*$/.test(last.lit) || last.lit.includes('@') : true;
  if (!hasTag) parts.push({ lit: ':latest' });
  return key({ parts: mergeLiterals(parts), glob: false });
}

/** Same normalisation for plain text (FROM lines, `COPY --from=`). */
export function imageKeyText(ref: string): string {
  return imageKey({ parts: [{ lit: ref }], glob: false });
}

function stripDefaultRegistry(s: string): string {
  return s.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
}

function mergeLiterals(parts: ValuePart[]): ValuePart[] {
  const out: ValuePart[] = [];
  for (const p of parts) {
    const prev = out[out.length - 1];
    if ('lit' in p && prev && 'lit' in prev) out[out.length - 1] = { lit: prev.lit + p.lit };
    else out.push(p);
  }
  return out;
}

/** The repository part of a literal reference, without registry, path or tag (`reg/org/app:1` → `app`). */
export function repositoryName(ref: string): string {
  const noDigest = ref.split('@')[0];
  const lastSlash = noDigest.lastIndexOf('/');
  const tail = noDigest.slice(lastSlash + 1);
  const colon = tail.indexOf(':');
  return colon < 0 ? tail : tail.slice(0, colon);
}
