/** Reads a File slice by slice so the page can show progress and stay responsive. */
export async function readFileWithProgress(
  file: Blob,
  onProgress: (done: number, total: number) => void,
  sliceBytes = 4 * 1024 * 1024,
): Promise<ArrayBuffer> {
  const out = new Uint8Array(file.size);
  for (let at = 0; at < file.size; at += sliceBytes) {
    const part = new Uint8Array(await file.slice(at, at + sliceBytes).arrayBuffer());
    out.set(part, at);
    onProgress(Math.min(file.size, at + part.length), file.size);
  }
  onProgress(file.size, file.size);
  return out.buffer;
}
