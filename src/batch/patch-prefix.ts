/**
 * A repository's patch re-rooted under its path from the roots' parent: the diff module does
 * it, since only it knows how paths are quoted in headers.
 */
export { prefixPatch } from '../diff/patch';
