import type { Narrative } from '@medplum/fhirtypes';

/**
 * A resource's human-readable text (R4 Narrative, status `generated`): what the resource says,
 * in plain words, for a reader whose system does not understand the coded data. Only <p>, <ul>
 * and <li> inside the XHTML div, no attributes: well inside FHIR's narrative rules (txt-1).
 */

const XHTML = 'http://www.w3.org/1999/xhtml';

/** Characters XML 1.0 does not allow (controls, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters XML forbids are what it finds.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Free text as an R4 string: R4 strings (and markdown) allow no control character but tab, CR
 * and LF, XML none of the others either; each becomes U+FFFD so the reader sees one was there.
 */
export function fhirText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD');
}

/** Text as XHTML character data: markup characters escaped, characters XML forbids replaced. */
export function escapeXhtml(text: string): string {
  return fhirText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A paragraph (a string) or a list (an array of strings; left out when empty). */
export type NarrativePart = string | readonly string[];

export function narrative(...parts: NarrativePart[]): Narrative {
  const body = parts
    .map((part) =>
      typeof part === 'string'
        ? `<p>${escapeXhtml(part)}</p>`
        : part.length > 0
          ? `<ul>${part.map((item) => `<li>${escapeXhtml(item)}</li>`).join('')}</ul>`
          : '',
    )
    .join('');
  return { status: 'generated', div: `<div xmlns="${XHTML}">${body}</div>` };
}
