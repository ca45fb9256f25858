/*
 * The short form of an expert id, shown wherever an expert is identified (the panel's pick cards, the
 * Experts tab, an expert's page, the Picks tab, the follow preview, the window), with the whole id on
 * hover. Names can be copied by anyone; the key cannot, so this is what tells two "Mei"s apart.
 */

const EXPERT_ID = /^ed25519:([0-9a-f]{32})$/;

/** `ed25519:d052bfcf…2f15` → `ed25519:d052…2f15`; anything that is not a key fingerprint is returned as it is. */
export function shortFingerprint(id: string): string {
  const match = EXPERT_ID.exec(id);
  return match ? `ed25519:${match[1]!.slice(0, 4)}…${match[1]!.slice(-4)}` : id;
}
