/**
 * Save a file the API answered (a FHIR bundle, an audit checkpoint) under `filename`. The file is
 * fetched through the typed client, so an expired session is signed in again (sessionGuard.ts)
 * instead of saving a 401's problem as the file; then an object URL is clicked with `download`.
 */
export function saveFile(content: Blob | string, filename: string, type = 'application/json') {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click's task is done.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
