// Photos taken on the tablet (a drawing made on paper, say), shared by every tool that takes them.
//
// Main decision: a photo is re-drawn through a canvas before it is stored. That drops EXIF and GPS
// data (where the family lives must not travel inside a picture) and scales it to what an
// assessment needs (longest side 2048 px, JPEG). The server checks it again (sofs_direct/paper/photos.py).

const MAX_SIDE = 2048;

export async function reencode(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = new OffscreenCanvas(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.85 });
  return new Uint8Array(await blob.arrayBuffer());
}
