// Documents compressed before sealing (docs/sync.md, "Compression"). A document is mostly words and
// numbers, and deflate takes a typical one to a fifth of its size: on a slow mobile link that is most
// of a visit's sending time. Parts are sent as they are (photos and recordings are compressed already;
// what a drawing's ink would save is in docs/sync.md, "Compression").
//
// Main decision: the document's identity stays the plaintext — its hash and length, bound into the
// seal, are of the canonical JSON before compression — so the same document is the same artefact
// however it was sent. The stream is inflated again here before it is sealed, and used only when it
// gives back the very document (and saves bytes): the server refuses a stream that does not open as
// one this tablet did not make, so this tablet never sends one.

const DEFLATE_RAW = "deflate-raw";
const IDENTITY = "identity";

async function through(transform, bytes) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(transform)).arrayBuffer());
}

function sameBytes(a, b) {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

// The bytes to seal in the document's place, and the mark that says what they are (payload_encoding).
// A browser without CompressionStream("deflate-raw") (before Chromium 103, Safari 16.4, Firefox 113)
// sends the document as it is, and says so.
export async function compressedDocument(plain) {
  try {
    const squeezed = await through(new CompressionStream(DEFLATE_RAW), plain);
    if (squeezed.byteLength < plain.byteLength
      && sameBytes(await through(new DecompressionStream(DEFLATE_RAW), squeezed), plain)) {
      return { bytes: squeezed, encoding: DEFLATE_RAW };
    }
  } catch {
    // No CompressionStream, or none for deflate-raw: the document goes as it is.
  }
  return { bytes: plain, encoding: IDENTITY };
}
