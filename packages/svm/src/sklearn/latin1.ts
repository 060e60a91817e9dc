const CHUNK = 8192; // arguments per String.fromCharCode call, well under engines' limits

/**
 * ISO-8859-1 (Python's 'latin1'): byte b is code point b, for all 256 bytes. Not
 * `new TextDecoder('latin1')`: the Encoding Standard makes that label windows-1252, where
 * 0x80–0x9f are other characters (0x80 is €), and Node 24's decoder follows it.
 */
export function latin1Decode(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    text += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return text;
}
