// Nearest-neighbour resize of raw RGBA pixels (images are stored unencoded).
export function resizeRgba(pixels, width, height, targetWidth) {
  const scale = targetWidth / width;
  const targetHeight = Math.max(1, Math.round(height * scale));
  const out = Buffer.alloc(targetWidth * targetHeight * 4);
  for (let y = 0; y < targetHeight; y++) {
    const sy = Math.min(height - 1, Math.floor(y / scale));
    for (let x = 0; x < targetWidth; x++) {
      const from = (sy * width + Math.min(width - 1, Math.floor(x / scale))) * 4;
      pixels.copy(out, (y * targetWidth + x) * 4, from, from + 4);
    }
  }
  return { pixels: out, width: targetWidth, height: targetHeight };
}
