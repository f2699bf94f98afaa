/** A selector file is a few KB; one this size is a mistake (a log pasted in, a binary), not a market. */
export const MAX_SELECTOR_FILE_BYTES = 1024 * 1024;

/**
 * A selector file's bytes as text, or why they are not UTF-8. A file saved as Latin-1 would turn
 * `rouge à lèvres` into `rouge � l�vres`, searched that way on the retailer: it is refused, with
 * the byte and line that gave it away. A UTF-8 byte-order mark is allowed and dropped.
 */
export function decodeSelectorText(bytes: Uint8Array): { text: string } | { error: string } {
  if (bytes.length > MAX_SELECTOR_FILE_BYTES)
    return {
      error: `is ${Math.round(bytes.length / 1024)} KB; a selector file is at most ${MAX_SELECTOR_FILE_BYTES / 1024} KB`,
    };
  const bom = byteOrderMark(bytes);
  if (bom) return { error: `is ${bom} (it starts with that byte-order mark); save it as UTF-8` };
  if (looksLikeUtf16(bytes))
    return { error: 'is UTF-16 without a byte-order mark (every other byte is 0); save it as UTF-8' };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const invalid = firstInvalidUtf8(bytes, start);
  if (invalid !== -1) {
    const { line, column } = position(bytes, invalid);
    const hex = `0x${bytes[invalid]!.toString(16).toUpperCase().padStart(2, '0')}`;
    return {
      error: `is not UTF-8: byte ${hex} at line ${line}, column ${column} is not valid UTF-8 (saved as Latin-1 or Windows-1252?); save it as UTF-8`,
    };
  }
  return { text: new TextDecoder('utf-8').decode(bytes.subarray(start)) };
}

function byteOrderMark(bytes: Uint8Array): string | null {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'UTF-32 (little-endian)';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'UTF-32 (big-endian)';
  if (a === 0xff && b === 0xfe) return 'UTF-16 (little-endian)';
  if (a === 0xfe && b === 0xff) return 'UTF-16 (big-endian)';
  return null;
}

/** ASCII text in UTF-16 has a zero in every other byte; UTF-8 text has none. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 1024);
  let zeros = 0;
  for (const byte of sample) if (byte === 0) zeros += 1;
  return sample.length >= 4 && zeros >= sample.length / 4;
}

/** The offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, no surrogates), or -1. */
function firstInvalidUtf8(bytes: Uint8Array, start: number): number {
  for (let index = start; index < bytes.length;) {
    const lead = bytes[index]!;
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead < 0x80) length = 1;
    else if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return index;
    for (let next = 1; next < length; next++) {
      const byte = bytes[index + next];
      const [min, max] = next === 1 ? [low, high] : [0x80, 0xbf];
      if (byte === undefined || byte < min || byte > max) return index;
    }
    index += length;
  }
  return -1;
}

function position(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset; index++) {
    if (bytes[index] === 0x0a) {
      line += 1;
      lineStart = index + 1;
    }
  }
  // Columns count characters, as an editor does; the bytes before the bad one on its line are valid UTF-8.
  return { line, column: new TextDecoder().decode(bytes.subarray(lineStart, offset)).length + 1 };
}
