import { formatNumber } from '../format/locale';

/** What an exported file holds, in a few words: "a FHIR Bundle (collection) of 23 resources". */
export function bundleSummary(text: string, locale?: string): string {
  let bundle: unknown;
  try {
    bundle = JSON.parse(text);
  } catch {
    return 'a file that is not JSON';
  }
  if (typeof bundle !== 'object' || bundle === null) return 'a file that is not a FHIR resource';
  const { resourceType, type, entry } = bundle as Record<string, unknown>;
  if (resourceType !== 'Bundle') return `a FHIR ${String(resourceType ?? 'file')}, not a Bundle`;
  const count = Array.isArray(entry) ? entry.length : 0;
  return `a FHIR Bundle${typeof type === 'string' ? ` (${type})` : ''} of ${formatNumber(count, {}, locale)} resource${count === 1 ? '' : 's'}`;
}
