/**
 * THE single place where a recommendation's partner link is checked against the partner hosts.
 * Until the partner-host list and feed signatures land (their own issue), every https link the
 * schema accepts passes. Backup import calls this; feed sync must call it too, so that tightening
 * it here is enough.
 */
export function isAllowedPartnerLink(link: string): boolean {
  return URL.canParse(link) && new URL(link).protocol === 'https:';
}
