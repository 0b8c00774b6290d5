/** Why a link failed, in words the owner can act on. Airtable's links expire hours after the export. */
export function httpReason(status: number): string {
  if (status === 401 || status === 403 || status === 410) {
    return `The link has expired or access is refused (the server answered ${status}). Airtable's links stop working a few hours after the export: export again from Airtable for fresh links.`;
  }
  if (status === 404) return 'The file is no longer at this link (the server answered 404, not found).';
  if (status === 429) return 'The server asked Ferry to slow down (429). Try again in a few minutes.';
  if (status >= 500) return `The server had a problem (it answered ${status}). Try again later.`;
  return `The server did not send the file (it answered ${status}).`;
}

/** Network failures: fetch hides the real cause one level down. */
export function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string } } | undefined)?.cause;
  const code = cause?.code ?? (err as { code?: string } | undefined)?.code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'The server named in the link could not be found. Check that this computer is online.';
    case 'ECONNREFUSED':
      return 'The server refused the connection.';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'The connection was cut off before the file arrived. Try again.';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'The server’s security certificate could not be trusted, so Ferry did not download from it.';
    default:
      return 'The file could not be downloaded: the server could not be reached.';
  }
}

/** Failures writing to this computer's disk (not the link's fault); undefined for anything else. */
export function diskReason(err: unknown): string | undefined {
  switch ((err as { code?: string } | undefined)?.code) {
    case 'ENOSPC':
      return 'The disk is full, so Ferry could not save the file. Free some space and try again.';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'Ferry is not allowed to write in that folder. Choose another folder.';
    case 'EISDIR':
    case 'ENOTDIR':
    case 'EEXIST':
      return 'Something else in the folder already has this name, so Ferry could not save the file there.';
    default:
      return undefined;
  }
}
